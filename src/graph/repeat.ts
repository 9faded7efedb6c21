import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

export type RepeatOptions = NodeOptions & {
  /** How many runs in all (0 succeeds at once; `Infinity` runs until failure or cancel). */
  readonly count: number;
};

/**
 * Runs the child `count` times, one run after another; fails with the first failure. Each run is halted (its
 * teardown ran) before the next one starts, as in a `sequence`. Cancelling cancels the running child.
 *
 * @example
 * repeat({ count: 3 }, restockOne({ shelf: 'a' }))
 */
export function repeat(options: RepeatOptions, child: Skill): Skill {
  const { count } = options;
  const ok = count === Number.POSITIVE_INFINITY || (Number.isInteger(count) && count >= 0);
  requireValid(ok, 'repeat', 'count must be an integer ≥ 0 or Infinity', { count });
  return {
    kind: 'repeat',
    name: nodeName(options, 'repeat'),
    children: [child],
    start: (ctx) =>
      runInTurn((run, previous) => {
        if (previous instanceof SkillFailure) return previous;
        return run < count ? runChild(child, ctx, 0) : 'done';
      }),
  };
}
