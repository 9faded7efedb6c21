// The pick-and-place planner's request and answer: the plan that executes, its cost and what was rejected.
import type { CarryPlan } from '../arm/carry-plan.ts';
import type { EffectorChoice } from '../arm/effectors.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { EffectorKind } from '../grasping/candidates.ts';
import type { PlaceTarget } from '../placing/place-target.ts';
import type { PickMotion } from './pick-motion.ts';
import type { PlaceStage } from './place-stage.ts';
import type { RefusedStandOff, StandOff } from './stand-offs.ts';

/** What to plan: an object, where it goes, and with which effector. */
export interface PickPlaceRequest {
  readonly object: string;
  readonly target: PlaceTarget;
  readonly effector: EffectorChoice;
  /** The hold when the object is already in the hand (a re-plan after a failed place): the plan skips the pick. */
  readonly hold?: HeldObject;
  /** Place stand-offs (and lifts) a place of this object failed at on the robot, `unreachable`: not planned again. */
  readonly refusedPlaces?: readonly RefusedPlace[];
}

/** A place stand-off and lift at which a planned place failed `unreachable` on the robot, and its target's name. */
export interface RefusedPlace extends RefusedStandOff {
  readonly target: string;
}

/** A stage of an alternative that failed during planning, and why: what the back-tracking skipped. */
export interface Rejection {
  readonly grasp: string;
  readonly stage: 'grasp' | 'pick' | 'carry' | 'place' | 'cost';
  readonly reason: string;
}

/** What a chain costs: metres of driving, radians of arm motion, and grasp quality, weighed into one total. */
export interface ChainCost {
  readonly baseTravelM: number;
  readonly armTravelRad: number;
  /**
   * 0..1: the grasp's rank score over the best a score can be (geometric quality, a top-down approach, the
   * effector the object suits); 1 for a load already held.
   */
  readonly graspQuality: number;
  /** `baseTravelM + ARM_WEIGHT_M_PER_RAD · armTravelRad + QUALITY_WEIGHT_M · (1 − graspQuality)`. */
  readonly total: number;
}

/** One pick-and-place, planned as a whole before the robot moves: the chain of stages that executes. */
export interface PickPlacePlan {
  readonly objectId: string;
  readonly target: PlaceTarget;
  readonly targetName: string;
  readonly armName: string;
  readonly effector: EffectorKind;
  /** The pick (undefined when the object was already held). */
  readonly pick?: { readonly standOff: StandOff; readonly motion: PickMotion; readonly holdClass: string };
  /** The hold the carry and the place were planned with (where the grasp puts the object, or the hold now). */
  readonly hold: HeldObject;
  /** How the load comes in close before the drive (robots with a base). */
  readonly carry?: CarryPlan;
  /**
   * The carry was planned from where a levelled stand-up ends (`levelledStandUp`): a load held in a squat that bends
   * the torso, with no carry posture from there. `stowForCarry` stands up so before the carry.
   */
  readonly standsUpFirst?: true;
  readonly place: PlaceStage;
  readonly cost: ChainCost;
  /** Complete chains compared (the chosen one among them). */
  readonly alternatives: number;
  readonly rejected: readonly Rejection[];
}
