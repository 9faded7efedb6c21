import { Observable, Subscriber } from 'rxjs';
import type { SkillProgress } from '../skill/events.ts';
import { SkillFailure, isFatal, toSkillFailure } from '../skill/failure.ts';

/** How the previous run ended: it succeeded, or it failed with a failure that is not fatal. */
export type RunEnd = 'succeeded' | SkillFailure;

/** What `runInTurn` does next: run this Observable, end with success (`done`), or end with this failure. */
export type NextRun = Observable<SkillProgress> | 'done' | SkillFailure;

/**
 * Decides the next run. `runIndex` counts the runs started so far; `previous` is how the last one ended
 * (undefined before the first).
 */
export type NextRunFn = (runIndex: number, previous: RunEnd | undefined) => NextRun;

/**
 * Runs one Observable at a time, each chosen by `nextRun` once the one before has ended, until it says `done`
 * or names a failure. The rules every operator built on it (sequence, fallback, retry, repeat, until, forEach)
 * shares:
 * - the next run starts only after the previous run's teardown ran (what it moved is halted first);
 * - a fatal failure (`isFatal`: a bug or invalid input) ends the node at once, without asking `nextRun`;
 * - a throw from `nextRun` is a bug: the node fails with `internal-error`;
 * - runs that end while they are being subscribed are started from a loop, not from inside the previous run,
 *   so a million instant runs use no more stack than one, and nothing of a finished run is kept.
 *
 * Cancelling cancels the running run.
 */
export function runInTurn(nextRun: NextRunFn): Observable<SkillProgress> {
  return new Observable<SkillProgress>((downstream) => {
    const turns = new Turns(nextRun, downstream);
    turns.advance(undefined);
    return turns;
  });
}

/** The state of one subscription: which run is current, and the loop that starts the next one. */
class Turns {
  private runIndex = 0;
  private current: RunSubscriber | undefined;

  constructor(
    private readonly nextRun: NextRunFn,
    readonly downstream: Subscriber<SkillProgress>,
  ) {}

  /** Called with the end of the previous run, after its teardown ran. */
  advance(previous: RunEnd | undefined): void {
    let end = previous;
    while (!this.downstream.closed) {
      let next: NextRun;
      try {
        next = this.nextRun(this.runIndex, end);
      } catch (error) {
        this.downstream.error(toSkillFailure(error));
        break;
      }
      if (next === 'done') {
        this.downstream.complete();
        break;
      }
      if (next instanceof SkillFailure) {
        this.downstream.error(next);
        break;
      }
      this.runIndex += 1;
      const run = new RunSubscriber(this);
      this.current = run;
      run.subscribing = true;
      next.subscribe(run);
      run.subscribing = false;
      if (run.end === undefined) {
        // Still running: it calls `advance` when it ends. If the downstream left meanwhile, stop it.
        if (this.downstream.closed) run.unsubscribe();
        break;
      }
      // Ended while being subscribed; its teardown was added to the closed subscriber, so it has run.
      this.current = undefined;
      if (run.end !== 'succeeded' && isFatal(run.end)) {
        this.downstream.error(run.end);
        break;
      }
      end = run.end;
    }
  }

  unsubscribe(): void {
    this.current?.unsubscribe();
    this.current = undefined;
  }

  /** A run that was still going when `subscribe` returned has ended and been torn down. */
  ended(run: RunSubscriber, end: RunEnd): void {
    if (this.current !== run) return;
    this.current = undefined;
    if (end !== 'succeeded' && isFatal(end)) this.downstream.error(end);
    else this.advance(end);
  }
}

/** Subscriber of one run: forwards its progress, and reports its end to `Turns` once its teardown ran. */
class RunSubscriber extends Subscriber<SkillProgress> {
  subscribing = false;
  end: RunEnd | undefined;

  constructor(private readonly turns: Turns) {
    super();
  }

  protected override _next(progress: SkillProgress): void {
    this.turns.downstream.next(progress);
  }

  protected override _error(error: unknown): void {
    this.finish(toSkillFailure(error));
  }

  protected override _complete(): void {
    this.finish('succeeded');
  }

  private finish(end: RunEnd): void {
    this.end = end;
    this.unsubscribe(); // runs the run's teardown (all of it when subscribe has returned; the rest runs on add)
    if (!this.subscribing) this.turns.ended(this, end);
  }
}
