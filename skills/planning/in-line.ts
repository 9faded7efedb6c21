import type { KnownObject } from '../../src/world/world-model.ts';
import type { PickPlacePlan } from './pick-place-plan.ts';

/** A placed heading this close to the target's (or half a turn off it), rad, keeps a box in line. */
const IN_LINE_RAD = 0.1;

/**
 * Whether the chain places its load in line with the target's heading: a box turned half a turn still shows a wide
 * face (as `verifyFacing` judges it), a quarter turn does not. Round loads, and targets without a heading, always are.
 */
export function placesInLine(object: KnownObject, chain: PickPlacePlan): boolean {
  const goalYawRad = chain.place.plan.goal.yawRad;
  if (object.shape.kind !== 'box' || goalYawRad === undefined) return true;
  const offRad = chain.place.plan.choice.yawRad - goalYawRad;
  const off = Math.abs(Math.atan2(Math.sin(offRad), Math.cos(offRad)));
  return Math.min(off, Math.PI - off) < IN_LINE_RAD;
}
