import {
  EMPTY,
  concat,
  defer,
  distinctUntilChanged,
  of,
  switchMap,
  takeWhile,
  throwError,
  type Observable,
} from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, type NodeOptions } from './node-options.ts';

export type GuardOptions = NodeOptions & {
  /** What to do while the condition is false: fail the node, or wait (and restart the child) until it is true. */
  readonly onFalse: 'fail' | 'wait';
};

/** Marks the child's success inside the condition stream, so the node can end while the condition goes on. */
const CHILD_SUCCEEDED = Symbol('child-succeeded');

/**
 * Runs the child only while `condition` holds. False at the start: `fail` fails with `precondition-failed`,
 * `wait` waits for true. Turning false while the child runs cancels the child, then `fail` fails and `wait`
 * waits for true and starts the child afresh. A condition that completes while the child is not running
 * (never true, or false again) fails the node; one that completes while the child runs leaves it running.
 *
 * @example
 * guard({ onFalse: 'wait' }, (ctx) => doorOpen$(ctx.world), driveThrough({ door: 'd1' }))
 */
export function guard(
  options: GuardOptions,
  condition: (ctx: SkillContext) => Observable<boolean>,
  child: Skill,
): Skill {
  return {
    kind: 'guard',
    name: nodeName(options, 'guard'),
    children: [child],
    start: (ctx) =>
      defer(() => {
        let childSucceeded = false;
        const whileHolds = (holds: boolean, index: number): Observable<SkillProgress | typeof CHILD_SUCCEEDED> => {
          if (holds) return concat(runChild(child, ctx, 0), of(CHILD_SUCCEEDED));
          if (options.onFalse === 'wait') return EMPTY;
          const when = index === 0 ? 'at start' : `while ${child.name} ran`;
          return throwError(() => new SkillFailure('precondition-failed', `guard condition was false ${when}`));
        };
        const guarded$ = condition(ctx).pipe(
          distinctUntilChanged(),
          // switchMap unsubscribes the running child before it subscribes to the failure or the wait.
          switchMap(whileHolds),
          takeWhile((event): event is SkillProgress => {
            if (event === CHILD_SUCCEEDED) childSucceeded = true;
            return !childSucceeded;
          }),
        );
        const ended = defer(() =>
          childSucceeded
            ? EMPTY
            : throwError(() => new SkillFailure('precondition-failed', 'guard condition ended while not holding')),
        );
        return concat(guarded$, ended);
      }),
  };
}
