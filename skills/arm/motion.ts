import { catchError, defer, distinctUntilChanged, EMPTY, map, throwError, type Observable } from 'rxjs';
import type { Arm } from '../../hardware/arm.ts';
import type { Motion } from '../../hardware/common.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { faultToFailure } from '../../src/skill/fault-to-failure.ts';

/**
 * A part's Motion as skill progress: tenths of the way as `message` updates, completion on arrival, a
 * `HardwareFault` mapped to the failure a fallback can decide on. Unsubscribing halts the part (the Motion's own
 * teardown).
 */
export function execute<A>(
  motion: Motion<A>,
  message: string,
  data: Readonly<Record<string, unknown>> = {},
): Observable<ProgressUpdate> {
  return motion.execution$.pipe(
    map((feedback) => Math.floor((feedback.fraction ?? 0) * 10) / 10),
    distinctUntilChanged(),
    map((fraction): ProgressUpdate => ({ message, fraction, data })),
    catchError((error: unknown) => throwError(() => faultToFailure(error))),
  );
}

/**
 * One trajectory through `samples` (joint vectors, `arm.jointNames` order), timed by the arm and run without
 * stopping at any of them: exactly the path a plan's IK samples were checked along, with no IK of the arm's own.
 */
export function executeThrough(
  arm: Arm,
  samples: readonly (readonly number[])[],
  message: string,
  velocityScale: number,
  data: Readonly<Record<string, unknown>> = {},
): Observable<ProgressUpdate> {
  if (samples.length === 0) return EMPTY;
  return defer(() =>
    execute(
      arm.followTrajectory({ points: samples.map((positions) => ({ positions })), velocityScale }),
      message,
      data,
    ),
  );
}
