import { Observable } from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
import type { SkillProgress } from '../skill/events.ts';
import { isRetryable, type SkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';
import { runInTurn } from './run-in-turn.ts';

export type RetryOptions = NodeOptions & {
  /** Total tries, the first included (≥ 1). */
  readonly attempts: number;
  /** Scheduler time to wait before the next try; a function gets the 1-based number of the try that failed. */
  readonly backoffMs?: number | ((attempt: number) => number);
  /**
   * Narrows which failures are worth another try; others pass through at once. It is asked only about failures
   * `isRetryable` accepts: `internal-error`, `invalid-input`, `preempted` and `precondition-failed` are never
   * retried. Default: every retryable failure.
   */
  readonly when?: (failure: SkillFailure) => boolean;
};

/**
 * Runs the child again after a failure, up to `attempts` tries in all, waiting `backoffMs` on the context's
 * scheduler in between and emitting a `retrying` progress event when a try fails. A failed try is halted (its
 * teardown ran) before the wait starts. After the last try the last failure passes through with
 * `detail.attempts` added. Cancelling cancels the running try or the wait. Nothing of a finished try is kept, so
 * a million tries that fail at once run in constant memory; even a 0 ms wait goes through the scheduler, so such
 * tries loop in the scheduler (where a run can be cancelled or time-limited) rather than in one call.
 *
 * @example
 * retry({ attempts: 3, backoffMs: (n) => 100 * 2 ** n, when: (f) => f.reason === 'slipped' }, grasp({ object: 'c1' }))
 */
export function retry(options: RetryOptions, child: Skill): Skill {
  const { attempts, backoffMs = 0, when } = options;
  requireValid(Number.isInteger(attempts) && attempts >= 1, 'retry', 'attempts must be an integer ≥ 1', { attempts });
  return {
    kind: 'retry',
    name: nodeName(options, 'retry'),
    children: [child],
    start: (ctx) =>
      runInTurn((tries, previous) => {
        if (previous === undefined) return runChild(child, ctx, 0);
        if (previous === 'succeeded') return 'done';
        if (!isRetryable(previous) || (when !== undefined && !when(previous))) return previous;
        if (tries >= attempts) return withAttempts(previous, tries);
        const waitMs = Math.max(0, typeof backoffMs === 'function' ? backoffMs(tries) : backoffMs);
        return retryAfter(ctx, waitMs, retrying(ctx, tries, attempts, waitMs, previous), child);
      }),
  };
}

/**
 * One retry: report `retrying`, wait `waitMs` on the scheduler, then run the child. Hand-written rather than a
 * `concat` of three Observables because a skill that fails at once is retried as fast as the scheduler turns.
 */
function retryAfter(ctx: SkillContext, waitMs: number, event: SkillProgress, child: Skill): Observable<SkillProgress> {
  return new Observable<SkillProgress>((subscriber) => {
    subscriber.next(event);
    // The child's run is added to `subscriber`, so cancelling it halts the child; cancelling before, the wait.
    return ctx.scheduler.schedule(() => void runChild(child, ctx, 0).subscribe(subscriber), waitMs);
  });
}

function retrying(
  ctx: SkillContext,
  failed: number,
  attempts: number,
  waitMs: number,
  failure: SkillFailure,
): SkillProgress {
  return {
    nodeId: ctx.node.id,
    path: ctx.node.path,
    message: 'retrying',
    data: { failedAttempt: failed, attempts, backoffMs: waitMs, reason: failure.reason },
  };
}

function withAttempts(failure: SkillFailure, attempts: number): SkillFailure {
  return failure.with({ detail: { ...failure.detail, attempts } });
}
