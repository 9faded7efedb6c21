import { defer, of } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { coolDownFacing } from './memory.ts';
import { countSkip, SET_ASIDE_AFTER_SKIPS, SET_ASIDE_MS, setFacingAside } from './set-aside.ts';

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
      const now = ctx.scheduler.now();
      coolDownFacing(ctx.world, facing, now + cooldownMs);
      const row = countSkip(ctx.world, facing);
      if (row.failure === undefined || row.skips < SET_ASIDE_AFTER_SKIPS)
        return of({ message: 'skipped', data: { skipped: facing, cooldownMs } });
      const { reason, message: why } = row.failure;
      const first = setFacingAside(ctx.world, facing, reason, now + SET_ASIDE_MS);
      const hours = SET_ASIDE_MS / 3_600_000;
      const message =
        `cannot restock ${facing} for now: ${row.skips} skips in a row, each try failing ${reason} ` +
        `(${why}); set aside for ${hours} h`;
      const flag = first ? 'setAside' : 'stillSetAside';
      return of({ message, data: { skipped: facing, [flag]: facing, reason, cooldownMs: SET_ASIDE_MS } });
    }),
});
