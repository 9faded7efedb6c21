import { Vector3 } from 'three';
import { composePoses } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { planningSeed } from '../arm/postures.ts';
import { rankGraspChoices, type GraspChoice } from '../grasping/plan-grasp.ts';
import { holdClasses } from './hold-classes.ts';
import type { PickPlacePlan } from './pick-place-plan.ts';
import { PICK_DISTANCES, planPickMotion, type PickMotion } from './pick-motion.ts';

/** A planned grasp choice placed on the object where it is now (it may have settled since the plan). */
export function choiceNow(object: KnownObject, choice: GraspChoice): GraspChoice {
  const graspInWorld = composePoses(object.poseInWorld, choice.candidate.toolInObject);
  return { ...choice, graspInWorld, approach: new Vector3(0, 0, 1).applyQuaternion(graspInWorld.quaternion) };
}

/**
 * The plan's pick motion solved again from where the robot has actually arrived (base, lift and arm as they are),
 * seeded from the plan's own joints so it stays on the planned IK branch, with every check the plan made: these
 * are the samples the grasp sends. When the planned grasp no longer works from here, the other grasps of its hold
 * class are tried; `unreachable` when none does (a retry then plans again from here).
 */
export function refinePickMotion(scene: PlanningScene, object: KnownObject, plan: PickPlacePlan): PickMotion {
  const planned = plan.pick!;
  const first = choiceNow(object, planned.motion.choice);
  const seed = planned.motion.ready ?? planned.motion.preGrasp;
  const motion = planPickMotion(scene, object, first, {}, seed);
  if (typeof motion !== 'string') return motion;
  const { ranked } = rankGraspChoices(scene, object, {
    effector: first.entry.kind,
    approachDistanceM: PICK_DISTANCES.approachDistanceM,
  });
  const sameClass = holdClasses(object, ranked).find((c) => c.key === planned.holdClass)?.choices ?? [];
  const fallbackSeed = planningSeed(scene.robot, first.entry.arm);
  for (const choice of sameClass) {
    if (choice.candidate.label === first.candidate.label) continue;
    const other = planPickMotion(scene, object, choice, {}, fallbackSeed);
    if (typeof other !== 'string') return other;
  }
  throw new SkillFailure(
    'unreachable',
    `the planned grasp of '${object.id}' (${first.candidate.label}) is out of reach from where the base arrived: ${motion}`,
    { detail: { objectId: object.id, grasp: first.candidate.label, reason: motion } },
  );
}
