import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { solveWaypoints } from '../arm/reachability.ts';
import { armBaseInWorld } from '../arm/robot-frames.ts';
import { slotBackOffM, toolForObject } from '../placing/plan-place.ts';
import { resolvePlaceTarget, yawOf, yawQuaternion, type PlaceTarget } from '../placing/place-target.ts';
import { halfExtentAlong, halfHeightInWorld } from '../placing/rest-check.ts';
import { standOffTries, type StandOffSearch } from './stand-offs.ts';

/**
 * A place is judged for its height only when the hand must rise this far over the shoulder at the lift's top, m:
 * lower, the arm reaches (what fails there is the way in, and the place search says so).
 */
const HIGH_OVER_SHOULDER_M = 0.2;
/** Stand-offs whose reach is measured, at most. */
const STAND_OFFS = 10;
/** The highest reach is found to this, m. */
const RESOLUTION_M = 0.01;
/** How far above the shoulder the search for the highest reach starts from, m (a height every stand-off reaches). */
const SURE_OVER_SHOULDER_M = 0.1;
/** How far above the shoulder the search looks at most, m: more than any arm reaches held level or pointing down. */
const MOST_OVER_SHOULDER_M = 1;

/**
 * Why a shelf slot is too high for the held load, in numbers, or undefined when it is not: the tool's height the
 * place needs at its highest (the rest pose, plus the back-off over the load's top when the hand points down),
 * against the highest the arm reaches over that spot in the same orientation from the stand-offs of the place
 * search, the lift at its top. Judged only when the need is well above the shoulder (`HIGH_OVER_SHOULDER_M`).
 */
export function tooHighFor(
  scene: PlanningScene,
  arm: Arm,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceTarget,
  search: Omit<StandOffSearch, 'maxStandOffs' | 'liftsPerStandOff'>,
): string | undefined {
  const lift = scene.robot.parts.lift;
  const goalGuess = resolvePlaceTarget(scene.world, target, 0);
  if (!lift || goalGuess.approach !== 'front') return undefined;
  const topM = lift.heightRangeM[1];
  const atTop = { ...search.joints, [lift.jointName]: topM };
  const half = shapeHalfExtents(object.shape);
  const rest = hold.restQuaternion;
  const upright = yawQuaternion(-yawOf({ position: new Vector3(), quaternion: rest })).multiply(rest);
  const goal = resolvePlaceTarget(scene.world, target, halfExtentAlong(half, upright, goalGuess.outward));
  const orientation = yawQuaternion(goal.yawRad ?? 0).multiply(upright);
  const centre = goal.surfacePoint.clone().setZ(goal.surfacePoint.z + halfHeightInWorld(half, orientation));
  const tool = toolForObject({ position: centre, quaternion: orientation }, hold);
  // The back-off after the release is along the tool's approach: upward as far as the hand points down.
  const downward = Math.max(0, -new Vector3(0, 0, 1).applyQuaternion(tool.quaternion).z);
  const neededM = tool.position.z + slotBackOffM(hold, half) * downward;
  const shoulderM = armBaseInWorld(scene, arm, { joints: atTop }).elements[14];
  if (neededM < shoulderM + HIGH_OVER_SHOULDER_M) return undefined;
  let bestM = -Infinity;
  let standOffs = 0;
  const tries = standOffTries(scene, arm, goal.surfacePoint, {
    ...search,
    joints: atTop,
    maxStandOffs: STAND_OFFS,
    liftsPerStandOff: 1,
  });
  for (const at of tries) {
    standOffs += 1;
    const overrides = { ...at.overrides, joints: { ...at.overrides.joints, [lift.jointName]: topM } };
    const reaches = (zM: number): boolean =>
      solveWaypoints(
        scene,
        arm,
        [{ position: tool.position.clone().setZ(zM), quaternion: tool.quaternion }],
        overrides,
      ) !== undefined;
    bestM = Math.max(bestM, highestReachM(reaches, shoulderM + SURE_OVER_SHOULDER_M, shoulderM + MOST_OVER_SHOULDER_M));
  }
  if (standOffs === 0 || bestM >= neededM) return undefined;
  const reach = Number.isFinite(bestM) ? `${bestM.toFixed(2)} m at most` : 'no height over the shoulder';
  return (
    `out of reach: the hand must reach ${neededM.toFixed(2)} m over '${goal.name}' ` +
    `(${downward > 0.5 ? 'pointing down, backing off over the load' : 'at the rest pose'}); ` +
    `the arm reaches ${reach} there from ${standOffs} stand-offs, standing at its tallest (lift ${topM} m, ` +
    `shoulder ${shoulderM.toFixed(2)} m)`
  );
}

/** The highest height in [loM, hiM] `reaches` holds at (to `RESOLUTION_M`), -Infinity when not even at `loM`. */
function highestReachM(reaches: (zM: number) => boolean, loM: number, hiM: number): number {
  if (!reaches(loM)) return -Infinity;
  if (reaches(hiM)) return hiM;
  let [yes, no] = [loM, hiM];
  while (no - yes > RESOLUTION_M) {
    const mid = (yes + no) / 2;
    if (reaches(mid)) yes = mid;
    else no = mid;
  }
  return yes;
}
