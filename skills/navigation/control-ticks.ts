import { Observable, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Emits 0, 1, 2 ... every `periodMs` of scheduler time, like `interval`, but schedules each tick as a fresh
 * action. rxjs' VirtualTimeScheduler (which `SimScheduler` extends) nests every *rescheduled* action inside the
 * one before it, so an `interval` running for a minute of sim time builds a chain thousands deep whose
 * unsubscribe overflows the stack; fresh actions keep the depth at one.
 */
export function controlTicks(periodMs: number, scheduler: SchedulerLike): Observable<number> {
  return new Observable<number>((subscriber) => {
    let count = 0;
    let pending: Subscription;
    const tick = (): void => {
      pending = scheduler.schedule(tick, periodMs);
      subscriber.next(count++);
    };
    pending = scheduler.schedule(tick, periodMs);
    return () => pending.unsubscribe();
  });
}
