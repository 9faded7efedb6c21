import { throwError } from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

export type UntilOptions = NodeOptions & {
  /** Checked before the first run and after each successful run; true ends the node with success. */
  readonly condition: (ctx: SkillContext) => boolean;
  /** Most runs allowed (default: no limit). */
  readonly maxAttempts?: number;
};

/**
 * Runs the child again and again until `condition(ctx)` holds after a successful run (already true at the
 * start: succeeds without running it). A child failure fails the node. When the condition is still false after
 * `maxAttempts` runs the node fails with reason `timeout` and `detail.attempts`: it ran out of tries, as a
 * deadline runs out of time, and nothing failed that a fallback could match on more precisely.
 *
 * @example
 * until({ condition: (ctx) => ctx.world.object('c1') === undefined, maxAttempts: 5 }, pushAside({ object: 'c1' }))
 */
export function until(options: UntilOptions, child: Skill): Skill {
  const { condition, maxAttempts = Number.POSITIVE_INFINITY } = options;
  const ok = maxAttempts === Number.POSITIVE_INFINITY || (Number.isInteger(maxAttempts) && maxAttempts >= 0);
  requireValid(ok, 'until', 'maxAttempts must be an integer ≥ 0 or Infinity', { maxAttempts });
  return {
    kind: 'until',
    name: nodeName(options, 'until'),
    children: [child],
    start: (ctx) =>
      runInTurn((runs) => {
        if (condition(ctx)) return 'done';
        if (runs >= maxAttempts) return throwError(() => exhausted(runs));
        return runChild(child, ctx, 0);
      }),
  };
}

function exhausted(attempts: number): SkillFailure {
  return new SkillFailure('timeout', `condition still false after ${attempts} runs`, { detail: { attempts } });
}
