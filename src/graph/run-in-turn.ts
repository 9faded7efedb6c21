import { Observable, Subscription } from 'rxjs';
import type { SkillProgress } from '../skill/events.ts';

/** What `runInTurn` does next: run this Observable, or end with success. */
export type NextRun = Observable<SkillProgress> | 'done';

/**
 * Runs `nextRun(0)`, then `nextRun(1)` when it succeeds, and so on until one says `done` (success) or a run
 * fails (the node fails with it). Runs that finish while they are being subscribed are started from a loop
 * rather than from inside the previous run, so ten thousand instant runs use no more stack than one. Cancelling
 * cancels the running run.
 */
export function runInTurn(nextRun: (runIndex: number) => NextRun): Observable<SkillProgress> {
  return new Observable<SkillProgress>((subscriber) => {
    const running = new Subscription();
    let runIndex = 0;
    let looping = false;
    let finishedInLoop = false;
    const startNext = (): void => {
      if (looping) {
        finishedInLoop = true; // the loop below starts the next run once this subscribe call returns
        return;
      }
      looping = true;
      do {
        finishedInLoop = false;
        let next: NextRun;
        try {
          next = nextRun(runIndex++);
        } catch (error) {
          // Called from a run's completion, a throw would escape to rxjs' unhandled-error hook: fail the node.
          subscriber.error(error);
          break;
        }
        if (next === 'done') {
          subscriber.complete();
          break;
        }
        running.add(
          next.subscribe({
            next: (progress) => subscriber.next(progress),
            error: (error: unknown) => subscriber.error(error),
            complete: startNext,
          }),
        );
      } while (finishedInLoop && !subscriber.closed);
      looping = false;
    };
    startNext();
    return running;
  });
}
