import type { Vector3 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { Lift } from '../../hardware/lift.ts';
import type { WalkPlan } from '../../src/locomotion/walk-plan.ts';
import type { BipedLegs } from './biped-legs.ts';
import { rootFor } from './walk-motion.ts';

/** Pelvis heights tried, upward from the present one, when a squat is too deep to walk from, m. */
const STAND_UP_STEP_M = 0.05;
/** The legs are checked on every this many ticks of a planned walk. */
const CHECK_EVERY_TICKS = 8;

/**
 * Why the legs cannot follow a planned walk at the present pelvis height (the first sample where a sole is out of
 * reach), or undefined when they can. `comOffset` places the root under each sample's CoM.
 */
export function legsCannotWalk(legs: BipedLegs, plan: WalkPlan, comOffset: Vector3): string | undefined {
  for (let k = 0; k < plan.samples.length; k += CHECK_EVERY_TICKS) {
    const sample = plan.samples[k]!;
    const leg = legs.unreachable({ left: sample.left, right: sample.right }, rootFor(sample, comOffset));
    if (leg !== undefined) return `the ${leg} leg cannot reach its sole at t = ${sample.tS.toFixed(2)} s of the walk`;
  }
  return undefined;
}

/**
 * The pelvis height a biped stands up to before walking `plan`: undefined when the legs can walk it from the
 * present squat, else the lowest height, in steps up the lift's range, from which they can (a deep squat bends the
 * ankles and knees too far for a step). The joints are tried in `joints` and put back. Throws a `rejected` fault
 * when no height works.
 */
export function standUpHeight(
  joints: Record<string, number>,
  lift: Lift,
  plan: WalkPlan,
  cannotWalk: (plan: WalkPlan) => string | undefined,
): number | undefined {
  const why = cannotWalk(plan);
  if (why === undefined) return undefined;
  const nowM = joints[lift.jointName] ?? lift.heightRangeM[0];
  try {
    for (let h = nowM + STAND_UP_STEP_M; h < lift.heightRangeM[1] + STAND_UP_STEP_M; h += STAND_UP_STEP_M) {
      joints[lift.jointName] = Math.min(h, lift.heightRangeM[1]);
      if (cannotWalk(plan) === undefined) return joints[lift.jointName];
    }
  } finally {
    joints[lift.jointName] = nowM;
  }
  throw new HardwareFault('rejected', 'base', `${why}, at every pelvis height up to ${lift.heightRangeM[1]} m`);
}
