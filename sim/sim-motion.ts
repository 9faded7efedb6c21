import { Observable } from 'rxjs';
import { HardwareFault, type MotionFeedback } from '../hardware/common.ts';
import type { SimWorld } from './sim-world.ts';

/** What a part's controller does for one motion; `poll` runs after every physics step. */
export interface MotionDriver {
  /** Starts the motion (sets targets), or refuses it with a fault before anything moves; the motion then fails. */
  start(): HardwareFault | void;
  /** `done` when arrived, a fault to fail, or the fraction done (0..1) / undefined while running. */
  poll(): 'done' | HardwareFault | number | undefined;
  /** Halts the part when the subscriber leaves early or another motion takes over. */
  halt(): void;
}

/**
 * Judges a motion of `part` before it starts, from the joint values it passes through (only its own joints, the
 * posture it ends in last): a fault refuses it (a biped's static balance, `sim/biped/static-balance.ts`).
 */
export type PostureCheck = (
  part: string,
  path: readonly Readonly<Record<string, number>>[],
) => HardwareFault | undefined;

/** Samples a motion judged before it starts is checked at, its end included. */
const PATH_SAMPLES = 8;

/** A motion's joint values at `PATH_SAMPLES` evenly spaced times over `durationS`, its end last. */
export function samplePath(
  durationS: number,
  at: (tS: number) => Readonly<Record<string, number>>,
): Readonly<Record<string, number>>[] {
  return Array.from({ length: PATH_SAMPLES }, (_, i) => at((durationS * (i + 1)) / PATH_SAMPLES));
}

/** Emits feedback at most this often, so a skill graph is not flooded at 240 Hz. */
const FEEDBACK_PERIOD_MS = 50;

/**
 * One motion at a time per part: starting a new one preempts the running one, which fails with `rejected`.
 * Motions are cold: subscribe starts, complete is arrival, unsubscribe halts.
 */
export class MotionSlot {
  private active: { readonly preempt: (why: string | HardwareFault) => void } | undefined;

  constructor(
    private readonly sim: SimWorld,
    private readonly part: string,
  ) {}

  /** The cold execution Observable of a motion run by `driver`. */
  execution(driver: () => MotionDriver): Observable<MotionFeedback> {
    return new Observable<MotionFeedback>((subscriber) => {
      this.active?.preempt('preempted by a newer command');
      const d = driver();
      let finished = false;
      // A motion its driver refused at start fails on the first step, as one that faults does.
      let refusal: HardwareFault | undefined;
      let lastFeedbackMs = -Infinity;
      const token = {
        preempt: (why: string | HardwareFault): void => {
          finish();
          d.halt();
          subscriber.error(why instanceof HardwareFault ? why : new HardwareFault('rejected', this.part, why));
        },
      };
      const finish = (): void => {
        finished = true;
        removeHook();
        if (this.active === token) this.active = undefined;
      };
      this.active = token;
      const removeHook = this.sim.addPostStep(() => {
        if (finished) return;
        const status = refusal ?? d.poll();
        if (status === 'done') {
          finish();
          subscriber.next({ stampMs: this.sim.timeMs, fraction: 1 });
          subscriber.complete();
        } else if (status instanceof HardwareFault) {
          finish();
          subscriber.error(status);
        } else if (this.sim.timeMs - lastFeedbackMs >= FEEDBACK_PERIOD_MS) {
          lastFeedbackMs = this.sim.timeMs;
          subscriber.next(
            status === undefined ? { stampMs: this.sim.timeMs } : { stampMs: this.sim.timeMs, fraction: status },
          );
        }
      });
      refusal = d.start() ?? undefined;
      return () => {
        if (finished) return;
        finish();
        d.halt();
      };
    });
  }

  /** Halts whatever is running; its execution fails with `rejected` ("stopped"). */
  stopActive(): void {
    this.active?.preempt('stopped');
  }

  /** Fails whatever is running with `fault` (a protective stop) after halting it. */
  failActive(fault: HardwareFault): void {
    this.active?.preempt(fault);
  }

  get busy(): boolean {
    return this.active !== undefined;
  }
}
