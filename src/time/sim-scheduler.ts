import { VirtualTimeScheduler } from 'rxjs';

/**
 * A scheduler whose clock only moves when told to: the sim advances it one physics step at a time, the test
 * double and headless demos jump it ahead. `now()` is in ms, like every rxjs scheduler.
 *
 * rxjs' VirtualTimeScheduler runs queued actions in time order up to `maxFrames`; `advanceTo` sets that bound,
 * runs what is due, and leaves the clock exactly at the target even when nothing was queued there.
 */
export class SimScheduler extends VirtualTimeScheduler {
  constructor() {
    super();
    this.maxFrames = 0;
  }

  /** Runs every action due at or before `timeMs`, in order, and leaves the clock at `timeMs`. */
  advanceTo(timeMs: number): void {
    if (timeMs < this.frame) throw new RangeError(`cannot move the clock back from ${this.frame} to ${timeMs} ms`);
    this.maxFrames = timeMs;
    this.flush();
    this.frame = timeMs;
  }

  advanceBy(deltaMs: number): void {
    this.advanceTo(this.frame + deltaMs);
  }

  /** Time of the next queued action, or undefined when nothing is queued. */
  nextDueMs(): number | undefined {
    return this.actions[0]?.delay;
  }

  /** Jumps from one queued action to the next until `done()` or nothing is left or `limitMs` is reached. */
  runUntil(done: () => boolean, limitMs = Number.POSITIVE_INFINITY): void {
    while (!done()) {
      const due = this.nextDueMs();
      if (due === undefined || due > limitMs) break;
      this.advanceTo(Math.max(due, this.frame));
    }
  }
}
