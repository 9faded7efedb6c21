import { concat, defer } from 'rxjs';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, splitNodeOptions, type NodeOptions } from './node-options.ts';

/**
 * Runs children one after another; fails with the first child's failure (later children never start).
 * Cancelling cancels the running child.
 *
 * @example
 * sequence(pick({ object: 'can-1' }), place({ object: 'can-1', target: 'slot-a3' }))
 */
export function sequence(...children: Skill[]): Skill;
export function sequence(options: NodeOptions, ...children: Skill[]): Skill;
export function sequence(...args: (Skill | NodeOptions)[]): Skill {
  const [options, children] = splitNodeOptions(args);
  return {
    kind: 'sequence',
    name: nodeName(options, 'sequence'),
    children,
    start: (ctx) => concat(...children.map((child, i) => defer(() => runChild(child, ctx, i)))),
  };
}
