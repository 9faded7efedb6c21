import type { ChainCost } from './pick-place-plan.ts';

/** A base travel of this much costs as much as a radian of arm motion, m/rad. */
export const ARM_WEIGHT_M_PER_RAD = 0.05;
/** A useless grasp costs this much more than a perfect one, in metres of driving. */
export const QUALITY_WEIGHT_M = 1;

/** The cost of a chain from its parts (`ChainCost.total`). */
export function costOf(baseTravelM: number, armTravelRad: number, graspQuality: number): ChainCost {
  return {
    baseTravelM,
    armTravelRad,
    graspQuality,
    total: baseTravelM + ARM_WEIGHT_M_PER_RAD * armTravelRad + QUALITY_WEIGHT_M * (1 - graspQuality),
  };
}
