import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';
import { armPosesHit } from './arm-sweep.ts';
import { halfOf } from './carry-plan.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { armJoints, linkInWorld, type FrameOverrides } from './robot-frames.ts';
import { hitObjectId } from '../../src/world/scene-query.ts';

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
 * base at the start's heading, the goal's and one turning in step (navigation's path there is straight after
 * line-of-sight smoothing, and a holonomic base turns toward the goal heading on the way); a route that leaves the
 * shelf first only takes the load farther from it.
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
  const hitAt = (basePose: Pose2D): { readonly text: string; readonly what: string } | undefined => {
    const at = { ...overrides, basePose };
    const hit = armPosesHit(scene, arm, [q], at, ignore);
    if (hit) return { text: `${hit.link} hits ${hit.hit.what}`, what: hit.hit.what };
    const tool = matrixToPose(linkInWorld(scene, arm.tipLink, at));
    const what = heldHitsScene(scene, hold, half, [tool]);
    return what ? { text: `the load hits ${what}`, what } : undefined;
  };
  // A fixture the arm or the load already stands within the sweep's margin of (a load held at a shelf's lip after a
  // failed place) does not move: the drive is not refused for staying beside it. A product there still counts.
  const atStart = hitAt(from);
  const standing = atStart !== undefined && hitObjectId(atStart.what) === undefined ? atStart.text : undefined;
  for (let s = 1; s <= steps; s++) {
    const t = s / steps;
    const x = from.x + t * (to.x - from.x);
    const y = from.y + t * (to.y - from.y);
    // The base turns toward the goal heading on the way, as soon as it starts or as late as it arrives: the load is
    // swept at the start's heading, the goal's and the one in step with the travel.
    for (const yawRad of [from.yawRad + t * turnRad, from.yawRad, from.yawRad + turnRad]) {
      const hit = hitAt({ x, y, yawRad });
      if (hit && hit.text !== standing) return `${hit.text} ${(t * lengthM).toFixed(2)} m into the drive`;
    }
  }
  return undefined;
}
