import { defer, of } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { describePlan, planRestock } from './gaps.ts';

/** Input of `scanShelves`. */
export const ScanShelvesInput = z.strictObject({
  /** The place stock is picked from (a tote), to tell facings in stock from those awaiting stock. */
  stock: z.string().min(1).default('stock-tote'),
});

/**
 * Compares the shelves (the world model) with the planogram and reports what it found: compliance, the facings to
 * restock now, those awaiting stock, and every slot's state (full, short, empty, wrong-item) in the progress
 * event's data, where the console's planogram panel and a replayed trace read it. Fails `precondition-failed`
 * when no planogram is registered.
 *
 * @example
 * runSkill(scanShelves({ stock: 'stock-tote' }), ctx)
 */
export const scanShelves = defineSkill({
  name: 'scanShelves',
  description: 'compare the shelves with the planogram: compliance, empty facings, slot states',
  input: ScanShelvesInput,
  run: ({ stock }, ctx) => defer(() => of(describePlan(planRestock(ctx.world, stock, ctx.scheduler.now())))),
});
