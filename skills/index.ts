// The primitive and composite skills, and the registry task files compile against.
import type { RegisteredSkill } from '../src/skill/define-skill.ts';
import { forceControl } from './force/force-control.ts';
import { guardedMove } from './force/guarded-move.ts';
import { grasp } from './grasp.ts';
import { navigate } from './navigate.ts';
import { pickAndPlace } from './pick-and-place.ts';
import { pick } from './pick.ts';
import { place } from './place.ts';
import { RESTOCK_SKILLS } from './restock.ts';
import { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
import { readyAbove } from './reach/ready-above.ts';
import { stowForCarry } from './reach/stow-for-carry.ts';
import { planPickAndPlace } from './plan-pick-and-place.ts';

// Primitives
export { grasp, GraspInput, executeGrasp, requireObject, type GraspParams } from './grasp.ts';
export { place, PlaceInput, requireHold, type PlaceParams } from './place.ts';
export { navigate, NavigateInput, type NavigateParams } from './navigate.ts';

// Force feedback
export {
  guardedMove,
  guardedMove$,
  GuardedMoveInput,
  type GuardedMoveOptions,
  type ContactReport,
} from './force/guarded-move.ts';
export { forceControl, forceControl$, ForceControlInput, type ForceControlOptions } from './force/force-control.ts';
export { slipWatch$, whileHolding, SLIP_DEFAULTS, type SlipWatchOptions } from './force/slip-watch.ts';
export { gripForceFor } from './force/grip-force.ts';

// Composites
export { pick, PickInput } from './pick.ts';
export { pickAndPlace, PickAndPlaceInput } from './pick-and-place.ts';
export { goWithinReach, setLiftFor } from './reach/reach-skills.ts';
export { readyAbove } from './reach/ready-above.ts';
export { stowForCarry } from './reach/stow-for-carry.ts';
export { ReachGoalInput, type ReachGoal } from './reach/reach.ts';
export { restock, restockFacing, restockItem, restockableFacings, RESTOCK_SKILLS } from './restock.ts';

// Pick-and-place planning (one problem, before the robot moves)
export { planPickAndPlace, PlanPickAndPlaceInput } from './plan-pick-and-place.ts';
export { solvePickAndPlace } from './planning/pick-place-planner.ts';
export type { PickPlaceRequest, PickPlacePlan, Rejection, ChainCost } from './planning/pick-place-plan.ts';
export { PLAN, summarizePlan } from './planning/plan-key.ts';

// Grasp and place planning
export { graspCandidates, type GraspCandidate, type EffectorKind, type EffectorLimits } from './grasping/candidates.ts';
export { planGrasp, type GraspPlan, type GraspPlanOptions } from './grasping/plan-grasp.ts';
export { planPlace } from './placing/plan-place.ts';
export type { PlacePlan } from './placing/place-plan.ts';
export { resolvePlaceTarget, PlaceTargetInput, type PlaceTarget, type PlaceGoal } from './placing/place-target.ts';
export { restError } from './placing/rest-check.ts';
export { heldObject, heldBy, type HeldObject } from './arm/held-objects.ts';

/** Every skill of this folder, as task files name them. */
export const SKILLS: readonly RegisteredSkill[] = [
  grasp,
  place,
  navigate,
  pick,
  pickAndPlace,
  guardedMove,
  forceControl,
  goWithinReach,
  setLiftFor,
  readyAbove,
  stowForCarry,
  planPickAndPlace,
  ...RESTOCK_SKILLS,
];
