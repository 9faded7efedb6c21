import { EMPTY, type Observable, concat, defer, of } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { executeThrough } from '../arm/motion.ts';
import { HELD } from '../arm/held-objects.ts';
import { planCarry } from '../arm/carry-plan.ts';
import { toolInWorld } from '../arm/robot-frames.ts';
import { PLAN } from '../planning/plan-key.ts';
import { LONGEST_CARRY_AS_IS_M } from '../planning/carry-stage.ts';

/** Input of `stowForCarry`: the held object. */
export const StowForCarryInput = z.strictObject({ object: z.string().min(1) });

/**
 * Draws the arm holding `object` in to a carry pose close to the body, keeping the object's orientation, before
 * the base drives: first straight up until the load clears what is around it (a tote's walls, a shelf's lip), then
 * in level and down to the carry pose, inside the base's footprint (`planCarry`). Skipped (success) for fixed
 * robots; fails `precondition-failed` when the object is not held.
 *
 * @example
 * runSkill(stowForCarry({ object: 'stock-tote/can-330ml-3' }), ctx)
 */
export const stowForCarry = defineSkill({
  name: 'stowForCarry',
  description: 'raise the held object clear and draw the arm in to a carry pose inside the footprint',
  input: StowForCarryInput,
  ports: ({ object }) => ({ inputs: [HELD.of(object).name], optionalInputs: [PLAN.of(object).name] }),
  run: ({ object }, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const hold = ctx.blackboard.get(HELD.of(object));
      if (!hold) throw new SkillFailure('precondition-failed', `'${object}' is not held; grasp it first`);
      const arm = findArm(ctx.robot, hold.armName);
      if (!ctx.robot.parts.base || !arm) return EMPTY;
      const plan = planCarry(ctx, arm, hold);
      const chain = ctx.blackboard.get(PLAN.of(object));
      if (!plan.carry && chain?.place.standOff.basePose) {
        // Carrying "as is" with the arm held out is not a plan: a long drive without a carry posture is refused.
        const tool = toolInWorld(ctx, arm).position;
        const spot = chain.place.plan.objectAtRest.position;
        const awayM = Math.hypot(spot.x - tool.x, spot.y - tool.y);
        if (awayM > LONGEST_CARRY_AS_IS_M)
          throw new SkillFailure(
            'unreachable',
            `no carry posture for '${object}' from here, and the place is ${awayM.toFixed(1)} m away`,
            {
              detail: { objectId: object, awayM },
            },
          );
      }
      const rise$ =
        plan.riseM <= 0
          ? EMPTY
          : plan.rise.length > 0
            ? executeThrough(arm, plan.rise, 'raise', 0.3, { riseM: plan.raisedM })
            : of({ message: 'no rise in reach; carrying from here', data: { riseM: plan.riseM } });
      // The carry was planned from the end of the rise: the joints the arm holds after it.
      const carry$ = defer((): Observable<ProgressUpdate> =>
        plan.carry
          ? executeThrough(arm, plan.carry.joints, 'stow', 0.5, { forwardM: plan.carry.forwardM })
          : of({ message: 'no carry pose in reach; carrying as is' }),
      );
      return concat(rise$, carry$);
    }),
});
