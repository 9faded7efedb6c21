/** A stream progress is written to. */
export interface ProgressSink {
  write(text: string): unknown;
}

/** How often a log (not a terminal) gets a progress line, wall ms: enough to see a run is alive. */
export const LOG_PROGRESS_PERIOD_MS = 10_000;

/**
 * Progress for a stream that is not a terminal (a CI log, a file): a bar that redraws itself with `\r` frames would
 * pile every frame into one endless line there. This sink turns frames into whole lines, at most one per
 * `periodMs` of wall time, and always the frame that ends a bar (the one followed by a newline).
 *
 * @example
 * const sink = stderr.isTTY ? stderr : new LineProgress(stderr);
 */
export class LineProgress implements ProgressSink {
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly periodMs = LOG_PROGRESS_PERIOD_MS,
    private readonly wallClock: () => number = () => performance.now(),
  ) {}

  write(text: string): boolean {
    const ends = text.endsWith('\n');
    for (const frame of text.split(/[\r\n]/)) {
      if (frame === '') continue;
      const nowMs = this.wallClock();
      if (!ends && nowMs - this.lastMs < this.periodMs) continue;
      this.lastMs = nowMs;
      this.out.write(`${frame}\n`);
    }
    return true;
  }
}
