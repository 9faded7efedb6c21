import { Observable, type SchedulerLike } from 'rxjs';
import { SkillFailure } from '../../src/skill/failure.ts';

/**
 * Mirrors `source$` and fails it with `timeout` after `timeoutMs` of scheduler time. The source is unsubscribed
 * first, so its teardown has halted the hardware by the time the failure is seen.
 */
export function withDeadline<T>(
  source$: Observable<T>,
  timeoutMs: number,
  scheduler: SchedulerLike,
  what: string,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    // An explicit observer, not `subscriber` itself: rxjs would share the subscription and closing the source
    // would close this Observable before it could report the timeout.
    const inner = source$.subscribe({
      next: (value) => subscriber.next(value),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    const deadline = scheduler.schedule(() => {
      inner.unsubscribe();
      subscriber.error(
        new SkillFailure('timeout', `${what} did not finish within ${timeoutMs} ms`, { detail: { timeoutMs } }),
      );
    }, timeoutMs);
    return () => {
      deadline.unsubscribe();
      inner.unsubscribe();
    };
  });
}
