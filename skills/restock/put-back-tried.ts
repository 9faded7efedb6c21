import { concat, defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { requirePlanogram } from './gaps.ts';
import { heldObjectIds, rememberUntouchedTry } from './untouched-tries.ts';

/** Input of `stillHeld` and `putBackTried`. */
export const HeldTryInput = z.strictObject({
  object: z.string().min(1),
  /** The facing the try was for. */
  facing: z.string().min(1),
});

/**
 * Succeeds while an arm holds `object`; fails `precondition-failed` otherwise. After every way to place a picked
 * item failed, it tells "the item is still in the hand" (put it back) from "it was let go or never picked".
 */
export const stillHeld = defineSkill({
  name: 'stillHeld',
  description: 'succeed while the object is held',
  input: HeldTryInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() =>
      heldObject(ctx.blackboard, object) === undefined
        ? throwError(() => new SkillFailure('precondition-failed', `'${object}' is not held`))
        : of({ message: 'held', data: { object } }),
    ),
});

/**
 * Ends a try whose item was put back after its place failed: remembers the try for the facing with what stands
 * around the item and the facing now (`rememberUntouchedTry`), so the next choice of stock passes over that item
 * for that facing until something there has changed, and fails `unreachable` so the facing's retry takes another.
 */
export const putBackTried = defineSkill({
  name: 'putBackTried',
  description: 'remember a try whose item was put back for its facing, then fail the try',
  input: HeldTryInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name, HELD.all] }),
  run: ({ object, facing }, ctx) =>
    defer(() => {
      if (heldObject(ctx.blackboard, object) !== undefined)
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' is still held`));
      const place = requirePlanogram(ctx.world).facings.find((f) => f.name === facing);
      if (place === undefined)
        return throwError(() => new SkillFailure('invalid-input', `no facing '${facing}' in the planogram`));
      rememberUntouchedTry(ctx.world, place, object, heldObjectIds(ctx.blackboard));
      const message = `'${object}' was put back after its place into ${facing} failed`;
      return concat(
        of({ message: 'put back', data: { putBack: object, facing } }),
        throwError(() => new SkillFailure('unreachable', message, { detail: { object, facing } })),
      );
    }),
});
