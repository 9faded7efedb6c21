import { Observable, Subscription } from 'rxjs';
import type { SkillContext } from '../skill/context.ts';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure, toSkillFailure } from '../skill/failure.ts';
import { runChild } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import { nodeName, requireValid, type NodeOptions } from './node-options.ts';

export type RetryOptions = NodeOptions & {
  /** Total tries, the first included (≥ 1). */
  readonly attempts: number;
  /** Scheduler time to wait before the next try; a function gets the 1-based number of the try that failed. */
  readonly backoffMs?: number | ((attempt: number) => number);
  /** Which failures are worth another try; others pass through at once. Default: all. */
  readonly when?: (failure: SkillFailure) => boolean;
};

/**
 * Runs the child again after a failure, up to `attempts` tries in all, waiting `backoffMs` on the context's
 * scheduler in between and emitting a `retrying` progress event when a try fails. After the last try the last
 * failure passes through with `detail.attempts` added. Cancelling cancels the running try or the wait.
 *
 * @example
 * retry({ attempts: 3, backoffMs: (n) => 100 * 2 ** n, when: (f) => f.reason === 'slipped' }, grasp({ object: 'c1' }))
 */
export function retry(options: RetryOptions, child: Skill): Skill {
  const { attempts, backoffMs = 0, when = () => true } = options;
  requireValid(Number.isInteger(attempts) && attempts >= 1, 'retry', 'attempts must be an integer ≥ 1', { attempts });
  return {
    kind: 'retry',
    name: nodeName(options, 'retry'),
    children: [child],
    start: (ctx) =>
      new Observable<SkillProgress>((subscriber) => {
        const steps = new Subscription(); // the running try, or the wait before the next one
        let attempt = 0;
        const tryOnce = (): void => {
          attempt += 1;
          steps.add(
            runChild(child, ctx, 0).subscribe({
              next: (progress) => subscriber.next(progress),
              error: (error: unknown) => {
                try {
                  afterFailure(toSkillFailure(error));
                } catch (thrown) {
                  subscriber.error(toSkillFailure(thrown)); // a throwing `when` or backoff fails the node
                }
              },
              complete: () => subscriber.complete(),
            }),
          );
        };
        const afterFailure = (failure: SkillFailure): void => {
          if (!when(failure)) return subscriber.error(failure);
          if (attempt >= attempts) return subscriber.error(withAttempts(failure, attempt));
          const waitMs = typeof backoffMs === 'function' ? backoffMs(attempt) : backoffMs;
          subscriber.next(retrying(ctx, attempt, attempts, waitMs, failure));
          // Even a 0 ms wait goes through the scheduler: tries that fail at once then loop in the scheduler
          // instead of nesting a call stack per try.
          steps.add(ctx.scheduler.schedule(tryOnce, Math.max(0, waitMs)));
        };
        tryOnce();
        return steps;
      }),
  };
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
  const { reason, message, path, causes, detail } = failure;
  const where = path === undefined ? {} : { path };
  return new SkillFailure(reason, message, { ...where, causes, detail: { ...detail, attempts } });
}
