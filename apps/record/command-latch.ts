import { Observable, type Subscription } from 'rxjs';
import { HardwareFault, type Motion, type MotionFeedback } from '../../hardware/common.ts';

/**
 * Holds commands until the next frame, the way LeRobot's record loop sends an action once per tick: a motion a
 * skill subscribes (or cancels) between frames takes effect at the next frame, so the action recorded at frame k
 * is exactly what the robot executes from frame k on, and sending the same actions at the same frames replays
 * the episode. `flush` runs at each frame, before the frame is sampled.
 */
export class CommandLatch {
  private pending: (() => void)[] = [];

  /** Runs `command` at the next flush. */
  defer(command: () => void): void {
    this.pending.push(command);
  }

  /** Forgets `command` if it has not run yet. */
  cancel(command: () => void): void {
    this.pending = this.pending.filter((c) => c !== command);
  }

  /** Runs what was deferred, in the order it was asked for. */
  flush(): void {
    const due = this.pending;
    this.pending = [];
    for (const command of due) command();
  }
}

/**
 * The commands of one part through the latch. Each started command gets a number, so a fault of a motion that a
 * newer command preempted does not overwrite the newer command's target.
 */
export class PartChannel {
  private started = 0;
  private readonly waiting = new Set<(fault: HardwareFault) => void>();

  constructor(
    private readonly latch: CommandLatch,
    /** The part's name in faults: `arm/right`. */
    private readonly part: string,
  ) {}

  /**
   * `motion` with its start and its cancellation held to the latch. `onStart` records the command when it takes
   * effect; `onHalt` records that the part holds where it is (cancelled, or stopped by a fault). Faults and arrival
   * pass straight through: they are the hardware's, not a command.
   */
  motion<A>(motion: Motion<A>, onStart: () => void, onHalt: () => void): Motion<A> {
    const execution$ = new Observable<MotionFeedback>((subscriber) => {
      let inner: Subscription | undefined;
      let mine = -1;
      const halted = (): void => {
        if (mine === this.started) onHalt();
      };
      const abort = (fault: HardwareFault): void => {
        this.latch.cancel(start);
        this.waiting.delete(abort);
        subscriber.error(fault);
      };
      const start = (): void => {
        this.waiting.delete(abort);
        mine = ++this.started;
        onStart();
        inner = motion.execution$.subscribe({
          next: (feedback) => subscriber.next(feedback),
          error: (error: unknown) => {
            halted();
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        });
      };
      this.waiting.add(abort);
      this.latch.defer(start);
      return () => {
        this.waiting.delete(abort);
        this.latch.cancel(start);
        const running = inner;
        if (running === undefined || running.closed) return;
        this.latch.defer(() => {
          if (running.closed) return;
          running.unsubscribe();
          halted();
        });
      };
    });
    return { applied: motion.applied, execution$ };
  }

  /**
   * A stop: immediate (it is the safety path), and it refuses motions still waiting for a frame the way a part
   * refuses a motion it stopped. `hold` records the part's commanded value after the stop.
   */
  stop(stopPart: () => void, hold: () => void): void {
    this.started += 1;
    const fault = new HardwareFault('rejected', this.part, 'stopped');
    for (const abort of [...this.waiting]) abort(fault);
    stopPart();
    hold();
  }
}
