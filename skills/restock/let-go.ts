import { defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { pickOrigin } from './memory.ts';

/** An item this far from where it was picked has been carried off, m. */
const CARRIED_OFF_M = 0.1;

/** Input of `letGo`. */
export const LetGoInput = z.strictObject({ object: z.string().min(1) });

/**
 * Succeeds when the object was carried off from where it was picked and no arm holds it any more (it was let go,
 * wherever it came to rest); fails `precondition-failed` while it is still held, or when it never left its spot.
 * After a place that failed, it tells "let go, now check where it stands" from "still in the hand" and "never
 * picked".
 */
export const letGo = defineSkill({
  name: 'letGo',
  description: 'succeed when the object was carried off and let go',
  input: LetGoInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() => {
      if (heldObject(ctx.blackboard, object) !== undefined) {
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' is still held`));
      }
      const origin = pickOrigin(ctx.world, object);
      const now = ctx.world.object(object)?.poseInWorld.position;
      if (origin !== undefined && now !== undefined && now.distanceTo(origin.position) < CARRIED_OFF_M) {
        return throwError(() => new SkillFailure('precondition-failed', `'${object}' never left where it was picked`));
      }
      return of({ message: 'let go', data: { object } });
    }),
});
