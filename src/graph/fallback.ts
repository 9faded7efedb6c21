import { catchError, defer, throwError, type Observable } from 'rxjs';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure, toSkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, splitNodeOptions, type NodeOptions } from './node-options.ts';

/**
 * Tries children in order until one succeeds (later children never start). When every child failed, fails
 * with `all-failed`, listing each child's `name: reason` and keeping every child failure as a cause.
 * Cancelling cancels the child being tried. With no children it fails at once.
 *
 * @example
 * fallback({ name: 'grasp-any' }, graspTop({ object: 'can-1' }), graspSide({ object: 'can-1' }))
 */
export function fallback(...children: Skill[]): Skill;
export function fallback(options: NodeOptions, ...children: Skill[]): Skill;
export function fallback(...args: (Skill | NodeOptions)[]): Skill {
  const [options, children] = splitNodeOptions(args);
  return {
    kind: 'fallback',
    name: nodeName(options, 'fallback'),
    children,
    start: (ctx) =>
      defer(() => {
        const failures: SkillFailure[] = [];
        const tryFrom = (index: number): Observable<SkillProgress> => {
          const child = children[index];
          if (child === undefined) return throwError(() => allFailed(children, failures));
          return runChild(child, ctx, index).pipe(
            catchError((error: unknown) => {
              failures.push(toSkillFailure(error));
              return tryFrom(index + 1);
            }),
          );
        };
        return tryFrom(0);
      }),
  };
}

function allFailed(children: readonly Skill[], failures: readonly SkillFailure[]): SkillFailure {
  if (children.length === 0) return new SkillFailure('all-failed', 'no children to try');
  const each = failures.map((failure, i) => `${children[i]?.name ?? i}: ${failure.reason}`).join('; ');
  return new SkillFailure('all-failed', `all ${children.length} children failed (${each})`, { causes: failures });
}
