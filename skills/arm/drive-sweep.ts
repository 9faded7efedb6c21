import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';
import { armPosesHit } from './arm-sweep.ts';
import { halfOf } from './carry-plan.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { armJoints, linkInWorld, type FrameOverrides } from './robot-frames.ts';

/** The base's drive is checked at least this often, m of travel and rad of turn. */
const DRIVE_CHECK_STEP_M = 0.02;
const DRIVE_CHECK_STEP_RAD = 0.03;

/**
 * What the loaded arm (its links, and the load it holds) would hit while the base drives from `from` to `to` with
 * the arm where `overrides` holds it (every joint, the lift's too), or undefined when the drive is clear or no scene
 * query is registered: `'<link or the load> hits <what> 0.23 m into the drive'`.
 *
 * A load carried as it was picked (no carry posture) stands out past the footprint that navigation keeps clear, so
 * nothing but this sweep keeps it off the products along a shelf. The drive is taken as the straight line, the
 * heading turning in step, as a short drive between two stand-offs along a shelf goes (navigation's path there is
 * straight after line-of-sight smoothing, and a holonomic base turns toward the goal heading on the way); a route that
 * leaves the shelf first only takes the load farther from it.
 */
export function driveSweepHit(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  from: Pose2D,
  to: Pose2D,
  overrides: FrameOverrides,
): string | undefined {
  if (!scene.services.sceneQuery) return undefined;
  const lengthM = Math.hypot(to.x - from.x, to.y - from.y);
  const turnRad = Math.atan2(Math.sin(to.yawRad - from.yawRad), Math.cos(to.yawRad - from.yawRad));
  const steps = Math.max(
    1,
    Math.ceil(Math.max(lengthM / DRIVE_CHECK_STEP_M, Math.abs(turnRad) / DRIVE_CHECK_STEP_RAD)),
  );
  const q = armJoints(arm, overrides);
  const half = halfOf(scene, hold);
  const ignore = [hold.objectId];
  // The start pose is where the arm stands now (its own checks cover it): from the first step on.
  for (let s = 1; s <= steps; s++) {
    const t = s / steps;
    const basePose = {
      x: from.x + t * (to.x - from.x),
      y: from.y + t * (to.y - from.y),
      yawRad: from.yawRad + t * turnRad,
    };
    const at = { ...overrides, basePose };
    const where = `${(t * lengthM).toFixed(2)} m into the drive`;
    const hit = armPosesHit(scene, arm, [q], at, ignore);
    if (hit) return `${hit.link} hits ${hit.hit.what} ${where}`;
    const tool = matrixToPose(linkInWorld(scene, arm.tipLink, at));
    const what = heldHitsScene(scene, hold, half, [tool]);
    if (what) return `the load hits ${what} ${where}`;
  }
  return undefined;
}
