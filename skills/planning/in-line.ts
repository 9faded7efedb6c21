import { Vector3, type Quaternion } from 'three';
import { wrapAngle } from '../../src/math/pose.ts';
import { planogramOf } from '../../src/world/planogram.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { isRound } from './hold-classes.ts';
import type { PickPlacePlan } from './pick-place-plan.ts';

/** A box whose face is turned less than this from its facing's heading stands in line, degrees (`verifyFacing`'s). */
export const IN_LINE_DEG = 20;

/**
 * How far an item's face is turned from `productYawRad` (where its own +x, its depth axis, should point), rad, in
 * [0, π/2]: a box turned half a turn still shows a wide face, a quarter turn shows its side. 0 for round items, which
 * show a face at any heading. The one measure of a turned item: the planner ranks chains by it, `verifyFacing`
 * judges a placed item by it.
 */
export function faceTurnRad(object: KnownObject, orientation: Quaternion, productYawRad: number): number {
  if (isRound(object)) return 0;
  const x = new Vector3(1, 0, 0).applyQuaternion(orientation);
  const error = Math.abs(wrapAngle(Math.atan2(x.y, x.x) - productYawRad));
  return Math.min(error, Math.PI - error);
}

/**
 * Whether the chain leaves its load in line with its target: the heading the planogram gives the facing's product,
 * or a shelf slot's own heading; always, for a target with no heading (an open surface) and for round loads.
 */
export function placesInLine(world: WorldModel, object: KnownObject, chain: PickPlacePlan): boolean {
  const { goal, objectAtRest } = chain.place.plan;
  const facing = planogramOf(world)?.facings.find((f) => f.name === goal.name);
  const headingRad = facing?.productYawRad ?? goal.yawRad;
  if (headingRad === undefined) return true;
  return faceTurnRad(object, objectAtRest.quaternion, headingRad) <= (IN_LINE_DEG * Math.PI) / 180;
}
