import { concat, defer, of, throwError } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { rememberStuckHold, reportedStuckHold } from './memory.ts';

/** Input of `handStuck`. */
export const HandStuckInput = z.strictObject({ object: z.string().min(1) });

/**
 * The last branch of freeing a hand: nothing would take the held object (its place, the stock place and every
 * set-down spot refused it or failed), so the hand stays busy and every task that needs it will wait. Says so out
 * loud and calls for a person to take the item (`rememberStuckHold`: the store's staff take it out of the hand once
 * the arm stands still), then fails `blocked`. The first report of a hold (this item, this hand, this grasp) is a
 * progress event with `handStuck` in its data, which the KPIs count; every later try that finds the same hold still
 * stuck says so with `stillStuck` instead (a log line, not another stuck hand). Succeeds at once when the object is
 * no longer held (a failed place may still have let go).
 */
export const handStuck = defineSkill({
  name: 'handStuck',
  description: 'report a hand that could not be freed of its item (a person must take it), then fail',
  input: HandStuckInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() => {
      const hold = heldObject(ctx.blackboard, object);
      if (hold === undefined) return of({ message: 'hand free', data: { object } });
      const again = reportedStuckHold(ctx.world, hold) !== undefined;
      const message = again
        ? `arm ${hold.armName} still holds '${object}' (reported stuck): no place would take it; a person must`
        : `arm ${hold.armName} still holds '${object}': no place would take it; a person must`;
      if (!again) rememberStuckHold(ctx.world, hold);
      return concat(
        of({ message, data: { [again ? 'stillStuck' : 'handStuck']: object, arm: hold.armName } }),
        throwError(() => new SkillFailure('blocked', message, { detail: { object, arm: hold.armName } })),
      );
    }),
});
