import { defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { requirePlanogram } from './gaps.ts';
import { pickOrigin } from './memory.ts';
import { UNMOVED_M } from './untouched.ts';
import { baseStayedSince, heldObjectIds, rememberUntouchedTry } from './untouched-tries.ts';
import { basePose2D } from '../arm/robot-frames.ts';

/** An item this far from where it was picked has been carried off, m. */
const CARRIED_OFF_M = 0.1;

/** Input of `letGo`. */
export const LetGoInput = z.strictObject({
  object: z.string().min(1),
  /** The facing the try was for: a try that left the item untouched is remembered for it (`triedAlike`). */
  facing: z.string().min(1).optional(),
});

/**
 * Succeeds when the object was carried off from where it was picked and no arm holds it any more (it was let go,
 * wherever it came to rest); fails `precondition-failed` while it is still held, or when it never left its spot.
 * After a place that failed, it tells "let go, now check where it stands" from "still in the hand" and "never
 * picked". Given the facing, a try refused at planning (the item untouched, the base where it stood as the try
 * began) is remembered with what stood around, so the same item is not tried for that facing again until something
 * there has changed.
 */
export const letGo = defineSkill({
  name: 'letGo',
  description: 'succeed when the object was carried off and let go',
  input: LetGoInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name, HELD.all] }),
  run: ({ object, facing }, ctx) =>
    defer(() => {
      if (heldObject(ctx.blackboard, object) !== undefined) {
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' is still held`));
      }
      const origin = pickOrigin(ctx.world, object);
      const now = ctx.world.object(object)?.poseInWorld.position;
      if (origin !== undefined && now !== undefined && now.distanceTo(origin.position) < CARRIED_OFF_M) {
        if (facing !== undefined && now.distanceTo(origin.position) <= UNMOVED_M) rememberTry(ctx, facing, object);
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' never left where it was picked`));
      }
      return of({ message: 'let go', data: { object } });
    }),
});

function rememberTry(ctx: SkillContext, facingName: string, object: string): void {
  const facing = requirePlanogram(ctx.world).facings.find((f) => f.name === facingName);
  // Only a try refused before the robot drove: one that drove and failed planned from elsewhere than the next will.
  if (facing === undefined || !baseStayedSince(ctx.world, object, basePose2D(ctx.robot))) return;
  rememberUntouchedTry(ctx.world, facing, object, heldObjectIds(ctx.blackboard));
}
