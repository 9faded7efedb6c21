import { defer, map, throwError, timer } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { pickOrigin } from './memory.ts';

/** An item within this of where it stood before its pick has not been moved, m (contact jitter is far less). */
export const UNMOVED_M = 0.005;

/** How long the answer waits, ms of scheduler time: a step of the sim's clock or more. */
const ANSWER_AFTER_MS = 1;

/** Input of `untouched`. */
export const UntouchedInput = z.strictObject({ object: z.string().min(1) });

/**
 * Succeeds while a stock item is still as it stood before its pick: no arm holds it and it is where its pick
 * started (`rememberPickOrigin`). Fails `precondition-failed` otherwise. It tells a try refused at planning (the
 * robot never touched the item, so another way to take it may be planned from the same state) from one that
 * moved it (what follows a slip or a missed place is the retry's business, not another hand's).
 */
export const untouched = defineSkill({
  name: 'untouched',
  description: 'succeed while the stock item is unheld and where it stood before its pick',
  input: UntouchedInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() => {
      if (heldObject(ctx.blackboard, object) !== undefined) {
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' is held`));
      }
      const origin = pickOrigin(ctx.world, object);
      const now = ctx.world.object(object)?.poseInWorld.position;
      if (origin === undefined || now === undefined || now.distanceTo(origin.position) > UNMOVED_M) {
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' moved since its pick began`));
      }
      // Answers a millisecond later (a later physics step), not at once: the other hand's plan that follows is a
      // long synchronous solve, and a run stepping the world hears Ctrl-C only between steps, so it must not follow
      // the first plan in the same step.
      return timer(ANSWER_AFTER_MS, ctx.scheduler).pipe(map(() => ({ message: 'untouched', data: { object } })));
    }),
});
