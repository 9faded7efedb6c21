import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, splitNodeOptions, type ChildArgs, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

/**
 * Runs children one after another; fails with the first child's failure (later children never start). A child
 * is halted (its teardown ran) before the next one starts. Cancelling cancels the running child. Children are
 * started from a loop, so a sequence of any length uses the same stack depth.
 *
 * @example
 * sequence(pick({ object: 'can-1' }), place({ object: 'can-1', target: 'slot-a3' }))
 */
export function sequence(...children: Skill[]): Skill;
export function sequence(options: NodeOptions, ...children: Skill[]): Skill;
export function sequence(options: NodeOptions, children: readonly Skill[]): Skill;
export function sequence(...args: ChildArgs): Skill {
  const [options, children] = splitNodeOptions(args);
  return {
    kind: 'sequence',
    name: nodeName(options, 'sequence'),
    children,
    start: (ctx) =>
      runInTurn((i, previous) => {
        if (previous instanceof SkillFailure) return previous;
        const child = children[i];
        return child === undefined ? 'done' : runChild(child, ctx, i);
      }),
  };
}
