import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A scheduler whose clock only moves when told to: the sim advances it one physics step at a time, the test
 * double and headless demos jump it ahead. `now()` is in ms, like every rxjs scheduler.
 *
 * Why not rxjs' VirtualTimeScheduler: it makes a new action each time a periodic action reschedules itself and
 * adds it to the previous one, so an `interval` running for a minute of sim time builds a chain thousands deep
 * whose unsubscription overflows the stack. Here an action reschedules itself in place, as AsyncAction does.
 */
export class SimScheduler implements SchedulerLike {
  /** Current sim time in ms. Writable for snapshot restore (`restoreSnapshot` puts the clock back). */
  frame = 0;
  private readonly queue: SimAction<unknown>[] = [];
  private seq = 0;
  /** Actions run since the clock last moved: a loop that takes no sim time keeps counting. */
  private actionsAtInstant = 0;
  private instantMs = 0;
  /**
   * Actions that may run at one instant before the clock counts as stalled. Far above any real graph (a forEach runs
   * its items without the scheduler; a retry of an instant failure, rescheduling itself at 0 ms, reaches it in
   * seconds), and counted, not timed, so it is exact.
   */
  maxActionsPerInstant = 100_000;

  now(): number {
    return this.frame;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state: T) => void, delay = 0, state?: T): Subscription {
    return new SimAction<T>(this, work).schedule(state, delay);
  }

  /** Runs every action due at or before `timeMs`, in time order (ties in scheduling order), and leaves the clock at `timeMs`. */
  advanceTo(timeMs: number): void {
    this.advanceToAtMost(timeMs, Number.POSITIVE_INFINITY);
  }

  /**
   * `advanceTo`, in slices: runs at most `maxActions` actions. Returns true when the clock reached `timeMs`; false
   * when actions due by then are left (the clock stays at the last one run), so a runner can look up between slices.
   */
  advanceToAtMost(timeMs: number, maxActions: number): boolean {
    if (timeMs < this.frame) throw new RangeError(`cannot move the clock back from ${this.frame} to ${timeMs} ms`);
    let ran = 0;
    for (let next = this.queue[0]; next !== undefined && next.dueMs <= timeMs; next = this.queue[0]) {
      if (ran++ >= maxActions) return false;
      this.countAction(next.dueMs);
      this.queue.shift();
      this.frame = Math.max(this.frame, next.dueMs);
      next.execute();
    }
    this.frame = timeMs;
    return true;
  }

  /** Throws a `ClockStalledError` when one more action at `dueMs` would pass the per-instant budget. */
  private countAction(dueMs: number): void {
    if (dueMs !== this.instantMs) {
      this.instantMs = dueMs;
      this.actionsAtInstant = 0;
    }
    if (++this.actionsAtInstant > this.maxActionsPerInstant)
      throw new ClockStalledError(this.frame, this.maxActionsPerInstant);
  }

  advanceBy(deltaMs: number): void {
    this.advanceTo(this.frame + deltaMs);
  }

  /** Time of the next queued action, or undefined when nothing is queued. */
  nextDueMs(): number | undefined {
    return this.queue[0]?.dueMs;
  }

  /** Number of queued actions (for tests that check nothing is left running). */
  get pending(): number {
    return this.queue.length;
  }

  /** Jumps from one queued action to the next until `done()` or nothing is left or `limitMs` is reached. */
  runUntil(done: () => boolean, limitMs = Number.POSITIVE_INFINITY): void {
    while (!done()) {
      const due = this.nextDueMs();
      if (due === undefined || due > limitMs) break;
      this.advanceTo(Math.max(due, this.frame));
    }
  }

  /** @internal Puts an action in the queue, ordered by due time then by scheduling order. */
  enqueue(action: SimAction<unknown>, dueMs: number): void {
    this.dequeue(action);
    action.dueMs = dueMs;
    action.seq = this.seq++;
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.queue[mid]!;
      if (other.dueMs < dueMs || (other.dueMs === dueMs && other.seq < action.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, action);
  }

  /** @internal */
  dequeue(action: SimAction<unknown>): void {
    const i = this.queue.indexOf(action);
    if (i >= 0) this.queue.splice(i, 1);
  }
}

/**
 * Thrown by `SimScheduler.advanceTo` when work keeps running without the clock moving (work that reschedules itself
 * at 0 ms forever): without it the call never returns, and nothing (not even Ctrl-C) gets a turn. The work left is
 * still queued; a runner cancels the graph to drop it.
 */
export class ClockStalledError extends Error {
  override readonly name = 'ClockStalledError';

  constructor(
    readonly simTimeMs: number,
    readonly actions: number,
  ) {
    super(`sim time stuck at ${(simTimeMs / 1000).toFixed(3)} s: ${actions} actions ran without the clock moving`);
  }
}

/** One scheduled piece of work; rescheduling from inside its work reuses it. */
class SimAction<T> extends Subscription implements SchedulerAction<T> {
  dueMs = 0;
  seq = 0;
  private state: T | undefined;

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly work: (this: SchedulerAction<T>, state: T) => void,
  ) {
    super(() => scheduler.dequeue(this as SimAction<unknown>));
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.scheduler.enqueue(this as SimAction<unknown>, this.scheduler.now() + Math.max(0, delay));
    return this;
  }

  execute(): void {
    if (this.closed) return;
    this.work.call(this, this.state as T);
  }
}
