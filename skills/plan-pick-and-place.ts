import { defer, of } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../src/skill/define-skill.ts';
import { findArm } from '../src/skill/find-arm.ts';
import { EffectorInput } from './arm/effectors.ts';
import { HELD, type HeldObject } from './arm/held-objects.ts';
import { latest } from './arm/robot-frames.ts';
import { PlaceTargetInput } from './placing/place-target.ts';
import { holdAsSeen } from './placing/plan-place.ts';
import { loadFelt } from './placing/load-check.ts';
import { PLAN, REFUSED_PLACES, summarizePlan } from './planning/plan-key.ts';
import { solvePickAndPlace } from './planning/pick-place-planner.ts';
import type { SkillContext } from '../src/skill/context.ts';

/** Input of `planPickAndPlace`. */
export const PlanPickAndPlaceInput = z.strictObject({
  object: z.string().min(1),
  target: PlaceTargetInput,
  effector: EffectorInput,
});

/**
 * Plans a pick-and-place as one problem before the robot moves (`solvePickAndPlace`): grasp, pick stand-off and
 * lift, carry posture, place stand-off and way in, chosen by cost with the alternatives that failed a stage
 * rejected. Writes the plan to `plan/<object>` for the nodes that execute it, and reports the chosen chain (grasp,
 * stand-offs, costs, rejected alternatives with reasons) as its `plan` progress. Run again (under `retry`), it
 * plans from the state the robot is in now: an object still in the hand is carried and placed, one that was
 * dropped is picked again. Fails `no-grasp` or `unreachable` when no chain works, naming what was rejected.
 *
 * @example
 * runSkill(planPickAndPlace({ object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6' }), ctx)
 */
export const planPickAndPlace = defineSkill({
  name: 'planPickAndPlace',
  description: 'plan grasp, stand-offs, carry posture and place approach together, before the robot moves',
  input: PlanPickAndPlaceInput,
  ports: ({ object }) => ({
    optionalInputs: [HELD.of(object).name, REFUSED_PLACES.of(object).name],
    outputs: [PLAN.of(object).name, HELD.of(object).name],
  }),
  run: (input, ctx) =>
    defer(() => {
      const hold = holdStillThere(ctx, input.object);
      // Where a place of this object already failed on the robot (`executePlan`), the re-plan looks elsewhere.
      const refusedPlaces = ctx.blackboard.get(REFUSED_PLACES.of(input.object));
      const plan = solvePickAndPlace(ctx, {
        object: input.object,
        target: input.target,
        effector: input.effector,
        ...(hold ? { hold } : {}),
        ...(refusedPlaces ? { refusedPlaces } : {}),
      });
      ctx.blackboard.set(PLAN.of(input.object), plan);
      return of({ message: 'plan', data: summarizePlan(plan) });
    }),
});

/**
 * The hold on `objectId` when the effector still has it: a hold left over from a slip (fingers closed on nothing,
 * seal lost) is cleared, so the plan picks the object again from where it fell.
 */
function holdStillThere(ctx: SkillContext, objectId: string): HeldObject | undefined {
  const hold = ctx.blackboard.get(HELD.of(objectId));
  if (!hold) return undefined;
  const effector = findArm(ctx.robot, hold.armName)?.endEffector;
  if (loadFelt(effector) !== true) {
    ctx.blackboard.delete(HELD.of(objectId));
    return undefined;
  }
  // The hold as it is now: a load that slid in the fingers (the pads closed past the grasp, the can lower) is
  // carried and placed from where it sits, and watched against its present width; the stale hold would fail the
  // slip watch again the moment the carry starts.
  const arm = findArm(ctx.robot, hold.armName)!;
  const widthM = effector?.kind === 'parallel-gripper' ? latest(effector.width$)?.widthM : undefined;
  const now = { ...holdAsSeen(ctx, arm, hold), ...(widthM === undefined ? {} : { gripWidthM: widthM }) };
  ctx.blackboard.set(HELD.of(objectId), now);
  return now;
}
