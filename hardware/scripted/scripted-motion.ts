import { Observable, type SchedulerLike } from 'rxjs';
import type { Motion, MotionFeedback } from '../common.ts';
import type { CommandLog, ScriptedOutcome } from './command-log.ts';

export interface ScriptedMotionSpec<Applied> {
  readonly part: string;
  readonly command: string;
  readonly applied: Applied;
  /** How long the motion takes when nothing is scripted, ms. */
  readonly durationMs: number;
  /** Called when the motion arrives (to update the double's state). */
  readonly onArrive?: () => void;
  /** Called on every feedback tick with the fraction done, to interpolate state. */
  readonly onProgress?: (fraction: number) => void;
  /** This motion's own outcome (a command the double refused), instead of the next one scripted for the command. */
  readonly outcome?: ScriptedOutcome;
}

const FEEDBACK_PERIOD_MS = 10;

/**
 * A cold Motion of the double: feedback every 10 ms of scheduler time, arrival after its duration, or the
 * scripted outcome. Unsubscribing before arrival records a `halt`, which is what cancellation tests look for.
 */
export function scriptedMotion<Applied>(
  log: CommandLog,
  scheduler: SchedulerLike,
  spec: ScriptedMotionSpec<Applied>,
): Motion<Applied> {
  const execution$ = new Observable<MotionFeedback>((subscriber) => {
    const outcome = spec.outcome ?? log.nextOutcome(spec.part, spec.command) ?? { kind: 'succeed' as const };
    log.record(spec.part, `${spec.command}:start`, spec.applied);
    const startMs = scheduler.now();
    let finished = false;
    const durationMs =
      outcome.kind === 'succeed'
        ? (outcome.durationMs ?? spec.durationMs)
        : outcome.kind === 'fault'
          ? outcome.afterMs
          : Infinity;
    const tick = scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): void }) {
      const elapsedMs = scheduler.now() - startMs;
      // A remainder below a nanosecond is arrival: scheduling it would not move a float clock.
      if (elapsedMs >= durationMs - 1e-6) {
        finished = true;
        if (outcome.kind === 'fault') {
          log.record(spec.part, `${spec.command}:fault`, outcome.code);
          subscriber.error(log.fault(outcome, spec.part));
          return;
        }
        spec.onProgress?.(1);
        spec.onArrive?.();
        subscriber.next({ stampMs: scheduler.now(), fraction: 1 });
        log.record(spec.part, `${spec.command}:done`);
        subscriber.complete();
        return;
      }
      const fraction = Number.isFinite(durationMs) ? elapsedMs / durationMs : 0;
      spec.onProgress?.(fraction);
      subscriber.next({ stampMs: scheduler.now(), fraction });
      this.schedule(undefined, Math.min(FEEDBACK_PERIOD_MS, Math.max(0, durationMs - elapsedMs)));
    }, 0);
    return () => {
      tick.unsubscribe();
      if (!finished) log.record(spec.part, `${spec.command}:halt`);
    };
  });
  return { applied: spec.applied, execution$ };
}
