import type { ParallelGripper } from '../../hardware/end-effector.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { GRAVITY_MPS2 } from './wrench.ts';

/** Margin over the force that just holds: carrying accelerates the payload, and friction estimates are rough. */
const SAFETY_FACTOR = 2.5;
/** Below this the pads do not settle on a surface reliably, N. */
const MIN_GRIP_FORCE_N = 10;

/**
 * The squeeze that holds `object` by friction with two pads: each pad carries half the weight, so
 * F ≥ k·m·g / (2μ), with a safety factor, clipped to what the gripper can give.
 *
 * @example
 * gripForceFor({ massKg: 0.35, friction: 0.4, ... }, gripper) // ≈ 10.7 N
 */
export function gripForceFor(
  object: Pick<KnownObject, 'massKg' | 'friction'>,
  gripper: Pick<ParallelGripper, 'maxForceN'>,
): number {
  const mu = Math.max(0.1, Math.min(object.friction, 1));
  const needed = (SAFETY_FACTOR * object.massKg * GRAVITY_MPS2) / (2 * mu);
  return Math.min(gripper.maxForceN, Math.max(MIN_GRIP_FORCE_N, needed));
}
