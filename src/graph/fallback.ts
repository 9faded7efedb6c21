import { defer } from 'rxjs';
import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, splitNodeOptions, type ChildArgs, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

/**
 * Tries children in order until one succeeds (later children never start); a failed child is halted (its
 * teardown ran) before the next one starts. When every child failed, fails with `all-failed`, listing each
 * child's `name: reason` and keeping every child failure as a cause. A fatal failure (`internal-error`,
 * `invalid-input`) is not caught: it ends the node at once and no later child starts. Cancelling cancels the
 * child being tried. With no children it fails at once.
 *
 * @example
 * fallback({ name: 'grasp-any' }, graspTop({ object: 'can-1' }), graspSide({ object: 'can-1' }))
 */
export function fallback(...children: Skill[]): Skill;
export function fallback(options: NodeOptions, ...children: Skill[]): Skill;
export function fallback(options: NodeOptions, children: readonly Skill[]): Skill;
export function fallback(...args: ChildArgs): Skill {
  const [options, children] = splitNodeOptions(args);
  return {
    kind: 'fallback',
    name: nodeName(options, 'fallback'),
    children,
    start: (ctx) =>
      defer(() => {
        const failures: SkillFailure[] = [];
        return runInTurn((i, previous) => {
          if (previous === 'succeeded') return 'done';
          if (previous !== undefined) failures.push(previous);
          const child = children[i];
          return child === undefined ? allFailed(children, failures) : runChild(child, ctx, i);
        });
      }),
  };
}

function allFailed(children: readonly Skill[], failures: readonly SkillFailure[]): SkillFailure {
  if (children.length === 0) return new SkillFailure('all-failed', 'no children to try');
  const each = failures.map((failure, i) => `${children[i]?.name ?? i}: ${failure.reason}`).join('; ');
  return new SkillFailure('all-failed', `all ${children.length} children failed (${each})`, { causes: failures });
}
