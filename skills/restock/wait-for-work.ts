import { distinctUntilChanged, map, takeWhile, timer } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { describePlan, planRestock } from './gaps.ts';

/** Input of `waitForWork`. */
export const WaitForWorkInput = z.strictObject({
  stock: z.string().min(1).default('stock-tote'),
  /** How often the shelves are scanned while waiting, ms of sim time. */
  pollMs: z.number().positive().default(2000),
});

/**
 * Waits, scanning every `pollMs`, until some empty facing can be restocked (its product in stock, not cooling
 * down): the idle state of continuous restocking. Moves nothing, so cancelling it has nothing to halt.
 */
export const waitForWork = defineSkill({
  name: 'waitForWork',
  description: 'wait until an empty facing can be restocked (product in stock)',
  input: WaitForWorkInput,
  run: ({ stock, pollMs }, ctx) =>
    timer(0, pollMs, ctx.scheduler).pipe(
      map(() => planRestock(ctx.world, stock, ctx.scheduler.now())),
      takeWhile((plan) => plan.toRestock.length === 0),
      map((plan) => describePlan(plan)),
      distinctUntilChanged((a, b) => a.message === b.message),
    ),
});
