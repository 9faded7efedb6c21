/** The signals a run stops for, and the exit code each gives (128 + the signal's number, as shells report it). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** A second signal within this much wall time of the last one exits at once. */
export const FORCE_WINDOW_MS = 2000;

/** What a run sees of Ctrl-C: a signal to cancel by, and a place to say how to stop the robot on a forced exit. */
export interface Interrupts {
  /** Aborted at the first SIGINT/SIGTERM; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** What a forced exit does before exiting (`robot.stop()`); undefined clears it. */
  onForce(action: (() => void) | undefined): void;
  /** Removes the signal handlers (the process's default behaviour returns). */
  dispose(): void;
}

/** The parts of `process` the handlers use; tests pass a fake. */
export interface SignalProcess {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * Ctrl-C handling for a run: the first SIGINT or SIGTERM aborts the signal, so the run cancels its graph (every
 * part halted bottom-up), prints the final tree and flushes its trace. Another signal within `FORCE_WINDOW_MS`
 * of the previous one runs the force action (`robot.stop()`) and exits at once with the first signal's code; a
 * later one only restarts the window, so a slow shutdown is not cut short by an old keypress.
 */
export function listenForInterrupts(
  proc: SignalProcess,
  stderr: { write(text: string): void },
  wallClock: () => number = () => performance.now(),
): Interrupts {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  let lastMs = Number.NEGATIVE_INFINITY;
  let force: (() => void) | undefined;
  const handle = (received: StopSignal): void => {
    const nowMs = wallClock();
    if (first === undefined) {
      first = received;
      lastMs = nowMs;
      stderr.write(`\nembody: ${received}: cancelling the run and halting the robot (Ctrl-C again to exit at once)\n`);
      controller.abort(received);
      return;
    }
    if (nowMs - lastMs > FORCE_WINDOW_MS) {
      lastMs = nowMs;
      stderr.write('embody: still stopping; Ctrl-C again within 2 s to exit at once\n');
      return;
    }
    stderr.write('embody: exiting at once after robot.stop()\n');
    try {
      force?.();
    } catch (error) {
      stderr.write(`embody: robot.stop() failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    proc.exit(SIGNAL_EXIT_CODES[first]);
  };
  const listeners = { SIGINT: () => handle('SIGINT'), SIGTERM: () => handle('SIGTERM') };
  proc.on('SIGINT', listeners.SIGINT);
  proc.on('SIGTERM', listeners.SIGTERM);
  return {
    signal: controller.signal,
    onForce: (action) => (force = action),
    dispose: () => {
      proc.off('SIGINT', listeners.SIGINT);
      proc.off('SIGTERM', listeners.SIGTERM);
    },
  };
}

/** The exit code of a run interrupted by `reason` (a signal's name). */
export function interruptExitCode(reason: string): number {
  return reason in SIGNAL_EXIT_CODES ? SIGNAL_EXIT_CODES[reason as StopSignal] : 130;
}
