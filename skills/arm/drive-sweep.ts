import { Vector2 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';
import { armPosesHit } from './arm-sweep.ts';
import { halfOf, loadReachM } from './carry-plan.ts';
import { drivePoses } from './drive-poses.ts';
import { armLinks } from './link-geometry.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { armJoints, linkInWorld, type FrameOverrides } from './robot-frames.ts';
import { hitObjectId } from '../../src/world/scene-query.ts';
import { GRAVITY_MPS2 } from '../force/wrench.ts';

/**
 * Besides how far the arm and the load reach from the base's centre, what a point's clearance to the map's outlines
 * must exceed for the point to be passed unchecked, m: the links' thickness, the sweep's margins and a product
 * standing a little past its fixture's outline.
 */
const REACH_SLACK_M = 0.15;
/** How far a link's box stands past the line through its joints, its sweep margin with it, m. */
const LINK_HALF_WIDTH_M = 0.06;

/**
 * What the loaded arm (its links, and the load it holds) would hit while the base drives from `from` to `to` with
 * the arm where `overrides` holds it (every joint, the lift's too: a carry posture, or the load held out as it was
 * picked), or undefined when the drive is clear or no scene query is registered:
 * `'<link or the load> hits <what> 0.23 m into the drive'`.
 *
 * Navigation keeps its footprint clear of the fixtures, not what stands out past it: a load held out as picked, or a
 * carry posture whose elbow stands out to the side (the biped's), passes the products along a shelf with nothing
 * else keeping it off them. The drive is swept at the poses the base passes (`drivePoses`: a biped along the path
 * `navigate` would plan, facing the way it walks; a wheeled base along the straight line, at the start's heading,
 * the goal's and the one in step). A biped's drive is passed unchecked where it is farther from every fixture than
 * the arm and the load reach, and wholly when they stay inside its footprint.
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
  const q = armJoints(arm, overrides);
  const half = halfOf(scene, hold);
  const ignore = [hold.objectId];
  const base = scene.robot.parts.base;
  const biped = base?.kind === 'bipedal';
  // Only a biped's drive is thinned by how far arm and load reach (a wheeled one is swept at every pose).
  const reachM = biped ? reachFromBaseM(scene, arm, hold, half, { ...overrides, basePose: from }) : Infinity;
  // Inside the footprint, arm and load stay where navigation keeps the base clear of every fixture.
  if (biped && reachM + LINK_HALF_WIDTH_M <= base.limits.footprintRadiusM) return undefined;
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
  const map = biped ? scene.services.navigationMap : undefined;
  const point = new Vector2();
  const body = { overrides, load: { link: arm.tipLink, massKg: hold.payloadN / GRAVITY_MPS2 } };
  for (const { pose, intoM } of drivePoses(scene, from, to, body)) {
    if (map && map.clearanceAt(point.set(pose.x, pose.y)) > reachM + REACH_SLACK_M) continue;
    const hit = hitAt(pose);
    if (hit && hit.text !== standing) return `${hit.text} ${intoM.toFixed(2)} m into the drive`;
  }
  return undefined;
}

/** How far the arm's links and the load reach from the base's centre in the floor plane, the robot at `at`, m. */
function reachFromBaseM(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  half: readonly [number, number, number],
  at: FrameOverrides,
): number {
  const root = matrixToPose(linkInWorld(scene, scene.robot.model.rootLink, at)).position;
  let farthestM = 0;
  for (const link of armLinks(scene.robot, arm)) {
    const p = matrixToPose(linkInWorld(scene, link, at)).position;
    farthestM = Math.max(farthestM, Math.hypot(p.x - root.x, p.y - root.y));
  }
  const tool = matrixToPose(linkInWorld(scene, arm.tipLink, at));
  return Math.max(farthestM, loadReachM(scene, hold, half, tool, at));
}
