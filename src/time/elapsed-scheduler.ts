import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * A scheduler on another scheduler's clock whose `now()` counts from its creation. A hardware run uses it on the wall
 * clock, so its tree, trace and summary show the run's own time (as a sim run's do) rather than milliseconds since
 * 1970; delays are relative and go to `base` unchanged.
 */
export function elapsedScheduler(base: SchedulerLike = asyncScheduler): SchedulerLike {
  const originMs = base.now();
  return {
    now: () => base.now() - originMs,
    schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription =>
      base.schedule(work, delay, state),
  };
}
