import { defer, of } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { coolDownFacing } from './memory.ts';

/** Input of `skipFacing`. */
export const SkipFacingInput = z.strictObject({
  facing: z.string().min(1),
  /** How long the facing is left alone before a later cycle tries it again, ms of sim time. */
  cooldownMs: z.number().nonnegative().default(600_000),
});

/**
 * Gives a facing up for now: the last branch of a restock's fallback, reached after every attempt failed (the
 * failed attempts carry the reasons in the tree and the trace). Leaves the facing alone for `cooldownMs`, so a
 * facing that cannot be restocked is tried again later, never in a tight loop, and succeeds so the run goes on.
 */
export const skipFacing = defineSkill({
  name: 'skipFacing',
  description: 'give a facing up for a while after its restock failed',
  input: SkipFacingInput,
  run: ({ facing, cooldownMs }, ctx) =>
    defer(() => {
      coolDownFacing(ctx.world, facing, ctx.scheduler.now() + cooldownMs);
      return of({ message: 'skipped', data: { skipped: facing, cooldownMs } });
    }),
});
