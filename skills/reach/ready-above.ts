import { type Observable, defer, of } from 'rxjs';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { execute } from '../arm/motion.ts';
import { armSweepHit } from '../arm/arm-sweep.ts';
import { planGrasp, type GraspPlan } from '../grasping/plan-grasp.ts';
import { GraspInput } from '../grasp.ts';
import { requireObject } from '../grasp.ts';
import { graspPath } from './reach.ts';
import { PLAN } from '../planning/plan-key.ts';

/** Input of `readyAbove`: what `grasp` plans with, so the ready pose is above the grasp `grasp` will choose. */
export const ReadyAboveInput = GraspInput.pick({ object: true, effector: true, approachDistanceM: true, liftM: true });

/**
 * Brings the arm to a ready pose straight above the pre-grasp of the grasp `grasp` will choose (same orientation,
 * on its IK branch), so the grasp's joint move down to the pre-grasp is short and does not swing the forearm
 * through a tote's walls on the way from the carry pose. Skipped (success) when there is no such pose or the way
 * via it would hit the scene (the grasp then plans as it would have).
 *
 * @example
 * runSkill(readyAbove({ object: 'stock-tote/can-330ml-3', effector: 'gripper' }), ctx)
 */
export const readyAbove = defineSkill({
  name: 'readyAbove',
  description: 'bring the arm to a ready pose above the pre-grasp of the grasp that grasp will choose',
  input: ReadyAboveInput,
  ports: ({ object }) => ({ optionalInputs: [PLAN.of(object).name] }),
  run: (goal, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const object = requireObject(ctx, goal.object);
      // A planned pick goes through its own checked ready pose, in the grasp.
      if (ctx.blackboard.get(PLAN.of(goal.object)))
        return of({ message: 'planned: the grasp moves through its ready pose' });
      let plan: GraspPlan;
      try {
        plan = planGrasp(ctx, object, {
          effector: goal.effector,
          approachDistanceM: goal.approachDistanceM,
          liftM: goal.liftM,
        });
      } catch {
        // The grasp reports why it cannot plan; nothing to prepare here.
        return of({ message: 'no grasp to get ready for' });
      }
      const { arm } = plan.entry;
      const path = graspPath(ctx, plan, {});
      if (path.length === plan.joints.length) return of({ message: 'no ready pose in reach; going straight' });
      const hit = armSweepHit(ctx, arm, path, {}, [object.id]);
      if (hit)
        return of({
          message: 'ready pose sweep blocked; going straight',
          data: { link: hit.link, what: hit.hit.what },
        });
      return execute(arm.moveJoints({ positions: path[0]!, velocityScale: 0.6 }), 'ready', { arm: arm.name });
    }),
});
