// The primitive and composite skills, and the registry task files compile against.
import { createDefaultRegistries } from '../src/task/default-registries.ts';
import type { RegisteredSkill, TaskRegistries } from '../src/task/registries.ts';
import { forceControl } from './force/force-control.ts';
import { guardedMove } from './force/guarded-move.ts';
import { grasp } from './grasp.ts';
import { navigate } from './navigate.ts';
import { pickAndPlace } from './pick-and-place.ts';
import { pick } from './pick.ts';
import { place } from './place.ts';

// Primitives
export { grasp, GraspInput, executeGrasp, requireObject, type GraspParams } from './grasp.ts';
export { place, PlaceInput, requireHold, type PlaceParams } from './place.ts';
export { navigate, NavigateInput, type NavigateParams } from './navigate.ts';

// Force feedback
export { guardedMove, guardedMove$, GuardedMoveInput, type GuardedMoveOptions, type ContactReport } from './force/guarded-move.ts';
export { forceControl, forceControl$, ForceControlInput, type ForceControlOptions } from './force/force-control.ts';
export { slipWatch$, whileHolding, SLIP_DEFAULTS, type SlipWatchOptions } from './force/slip-watch.ts';
export { gripForceFor } from './force/grip-force.ts';

// Composites
export { pick, PickInput } from './pick.ts';
export { pickAndPlace, PickAndPlaceInput } from './pick-and-place.ts';
export { goWithinReach, setLiftFor, stowForCarry } from './grasping/reach-skills.ts';
export { defineComposite, type CompositeFactory } from './grasping/composite.ts';

// Grasp and place planning
export { graspCandidates, halfExtents, type GraspCandidate, type EffectorKind, type EffectorLimits } from './grasping/candidates.ts';
export { planGrasp, type GraspPlan, type GraspPlanOptions } from './grasping/plan-grasp.ts';
export { planPlace, type PlacePlan } from './placing/plan-place.ts';
export { resolvePlaceTarget, PlaceTargetInput, type PlaceTarget, type PlaceGoal } from './placing/place-target.ts';
export { restError } from './placing/rest-check.ts';
export { heldObject, heldBy, type HeldObject } from './grasping/held-objects.ts';

// Registries beside the world model (what a backend or a demo sets up)
export { setSceneQuery, sceneQueryOf, boxSceneQuery, type SceneQuery, type SceneHit, type SceneBox } from './grasping/scene-query.ts';
export { setRobotMount, robotMountOf } from './grasping/robot-frames.ts';
export { setNavigationMap, navigationMapOf, NavigationMap } from './navigation/index.ts';
export { prepareSceneForSkills } from './grasping/scene-setup.ts';

/** Every skill of this folder, as task files name them. */
export const SKILLS: readonly RegisteredSkill[] = [grasp, place, navigate, pick, pickAndPlace, guardedMove, forceControl];

/** Task-file registries with the built-ins plus `grasp`, `place`, `navigate`, `pick`, `pickAndPlace`, `guardedMove`, `forceControl`. */
export function skillRegistry(): TaskRegistries {
  return createDefaultRegistries(SKILLS);
}
