import { catchError, defer, distinctUntilChanged, map, of, throwError, type Observable } from 'rxjs';
import { HardwareFault } from '../../hardware/common.ts';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { faultToFailure } from '../../src/skill/fault-to-failure.ts';
import { latest } from '../arm/robot-frames.ts';

/**
 * Fingers open this much wider than the grip they held (2 mm off each face) no longer press the object, m: an
 * opening that stalled there has let go of it.
 */
export const RELEASED_CLEARANCE_M = 0.004;

/**
 * True when an opening that ended with `error` has still let go of an object held `gripWidthM` wide: the fingers
 * stalled (a finger on a tote wall, a shelf neighbour, a slot's side) once clear of the faces they held. Unknown
 * widths are never clear.
 */
export function stalledClearOfGrip(error: unknown, widthM: number | undefined, gripWidthM: number | undefined) {
  const stalled = error instanceof HardwareFault && error.code === 'stalled';
  return stalled && widthM !== undefined && gripWidthM !== undefined && widthM >= gripWidthM + RELEASED_CLEARANCE_M;
}

/**
 * Opens `gripper` to `widthM` (fully when undefined) to let go of what it held `gripWidthM` wide, as skill progress under `message`
 * (tenths of the way). A real GripperCommand answers `reached_goal` or `stalled`: an opening that stalled clear of
 * the object (`stalledClearOfGrip`) has let go, so it completes, its last update carrying `stalledAtWidthM`; one
 * that stalled still on the object fails `blocked`, other faults as `faultToFailure` maps them. The one rule for
 * every release (a place's, and `releaseHeld`'s last resort).
 *
 * @example
 * releaseGrip(gripper, hold.gripWidthM + 0.03, hold.gripWidthM, 'release')
 */
export function releaseGrip(
  gripper: ParallelGripper,
  widthM: number | undefined,
  gripWidthM: number | undefined,
  message: string,
): Observable<ProgressUpdate> {
  return defer(() =>
    gripper.open(widthM).execution$.pipe(
      map((feedback) => Math.floor((feedback.fraction ?? 0) * 10) / 10),
      distinctUntilChanged(),
      map((fraction): ProgressUpdate => ({ message, fraction, data: {} })),
      catchError((error: unknown) => {
        const stalledAtWidthM = latest(gripper.width$)?.widthM;
        if (stalledClearOfGrip(error, stalledAtWidthM, gripWidthM))
          return of<ProgressUpdate>({ message, fraction: 1, data: { stalledAtWidthM } });
        return throwError(() => faultToFailure(error));
      }),
    ),
  );
}
