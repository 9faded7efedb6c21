import { catchError, distinctUntilChanged, map, throwError, type Observable } from 'rxjs';
import type { Motion } from '../../hardware/common.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { faultToFailure } from '../../src/task/builtin-skills.ts';

/**
 * A part's Motion as skill progress: tenths of the way as `message` updates, completion on arrival, a
 * `HardwareFault` mapped to the failure a fallback can decide on. Unsubscribing halts the part (the Motion's own
 * teardown).
 */
export function execute<A>(motion: Motion<A>, message: string, data: Readonly<Record<string, unknown>> = {}): Observable<ProgressUpdate> {
  return motion.execution$.pipe(
    map((feedback) => Math.floor((feedback.fraction ?? 0) * 10) / 10),
    distinctUntilChanged(),
    map((fraction): ProgressUpdate => ({ message, fraction, data })),
    catchError((error: unknown) => throwError(() => faultToFailure(error))),
  );
}
