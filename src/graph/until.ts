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
 * start: succeeds without running it). Each run is halted (its teardown ran) before the condition is checked
 * and the next run starts. A child failure fails the node. When the condition is still false after
 * `maxAttempts` runs the node fails with reason `exhausted` and `detail.attempts`, so running out of tries is
 * told apart from a deadline (`timeout`).
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
      runInTurn((runs, previous) => {
        if (previous instanceof SkillFailure) return previous;
        if (condition(ctx)) return 'done';
        if (runs >= maxAttempts) return exhausted(runs);
        return runChild(child, ctx, 0);
      }),
  };
}

function exhausted(attempts: number): SkillFailure {
  return new SkillFailure('exhausted', `condition still false after ${attempts} runs`, { detail: { attempts } });
}
