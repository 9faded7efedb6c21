import type { Vector3 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { Lift } from '../../hardware/lift.ts';
import type { WalkPlan } from '../../src/locomotion/walk-plan.ts';
import type { BipedLegs } from './biped-legs.ts';
import { rootFor } from './walk-motion.ts';

/** Steps of the pelvis heights tried, up then down from the present one, when the legs cannot walk from it, m. */
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
 * The pelvis height a biped goes to before walking `plan`: undefined when the legs can walk it from the present
 * height, else the nearest, in steps over the lift's range, from which they can: up first (a deep squat bends the
 * ankles and knees too far for a step), then down (knees all but straight, as the top of the range stands for a high
 * shelf, leave a step no room). The joints are tried in `joints` and put back. Throws a `rejected` fault when no
 * height works.
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
  const [loM, hiM] = lift.heightRangeM;
  const heights: number[] = [];
  for (let h = nowM + STAND_UP_STEP_M; h < hiM + STAND_UP_STEP_M - 1e-9; h += STAND_UP_STEP_M)
    heights.push(Math.min(h, hiM));
  for (let h = nowM - STAND_UP_STEP_M; h > loM - 1e-9; h -= STAND_UP_STEP_M) heights.push(h);
  try {
    for (const h of heights) {
      joints[lift.jointName] = h;
      if (cannotWalk(plan) === undefined) return h;
    }
  } finally {
    joints[lift.jointName] = nowM;
  }
  throw new HardwareFault('rejected', 'base', `${why}, at every pelvis height from ${loM} to ${hiM} m`);
}
