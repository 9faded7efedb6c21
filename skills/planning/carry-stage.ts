import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose, type Pose2D } from '../../src/math/pose.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { planCarry, type CarryOptions, type CarryPlan } from '../arm/carry-plan.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { stowJoints } from '../arm/postures.ts';
import { linkInWorld } from '../arm/robot-frames.ts';
import { resolvePlaceTarget, type PlaceTarget } from '../placing/place-target.ts';
import { travelRad } from './pick-motion.ts';

/** A load is carried farther than this only in a carry posture (never held out as it was picked), m. */
const LONGEST_CARRY_AS_IS_M = 0.3;

/** The carry stage: the carry posture (robots with a base) and the joints the place starts from. */
export interface CarryStage {
  readonly carry?: CarryPlan;
  /** Every joint at the end of the carry: the loaded arm in its carry posture, the others stowed. */
  readonly joints: Readonly<Record<string, number>>;
  readonly armTravelRad: number;
}

/**
 * From the load held at `joints` (the arm's and the lift's), with the base at `basePose`: the carry posture that
 * brings it in before the drive (robots with a base). A long drive without one is refused here, not found out on
 * the way (`carry: ...`). `options.asHeld`: the load is already in the hand, so turned carry poses are tried too.
 */
export function carryStage(
  scene: PlanningScene,
  object: KnownObject,
  target: PlaceTarget,
  arm: Arm,
  hold: HeldObject,
  basePose: Pose2D | undefined,
  joints: Readonly<Record<string, number>>,
  options: CarryOptions = {},
): CarryStage | string {
  if (scene.robot.parts.base === undefined) return { joints, armTravelRad: 0 };
  const overrides = { ...(basePose ? { basePose } : {}), joints };
  const carry = planCarry(scene, arm, hold, overrides, options);
  const path = [...carry.rise, ...(carry.carry?.joints ?? [])];
  if (!carry.carry) {
    const work = resolvePlaceTarget(scene.world, target, Math.min(...shapeHalfExtents(object.shape)));
    const here = matrixToPose(linkInWorld(scene, arm.tipLink, overrides)).position;
    const awayM = Math.hypot(work.surfacePoint.x - here.x, work.surfacePoint.y - here.y);
    if (awayM > LONGEST_CARRY_AS_IS_M)
      return `carry: no carry posture for a ${awayM.toFixed(1)} m carry (the load would be held out as picked)`;
  }
  let placeJoints: Record<string, number> = { ...joints };
  if (path.length > 0) placeJoints = { ...placeJoints, ...armMap(arm, last(path)) };
  // Every other arm stays folded in for the drive.
  for (const other of scene.robot.parts.arms)
    if (other !== arm) placeJoints = { ...placeJoints, ...armMap(other, stowJoints(scene.robot, other)) };
  const start = arm.jointNames.map((name) => joints[name] ?? 0);
  return { carry, joints: placeJoints, armTravelRad: travelRad([start, ...path]) };
}

/** The arm's joints by URDF name, from `q` (`arm.jointNames` order). */
export function armMap(arm: Arm, q: readonly number[]): Record<string, number> {
  return Object.fromEntries(arm.jointNames.map((name, i) => [name, q[i] ?? 0]));
}

export function last<T>(list: readonly T[]): T {
  return list[list.length - 1]!;
}
