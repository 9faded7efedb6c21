/** Where progress goes: stderr, or a test's buffer. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const BAR_WIDTH = 20;

/**
 * Recording progress: episodes kept of those asked for, attempts that failed, wall time per attempt and the time
 * left. Redrawn in place on a terminal; one line per attempt otherwise (logs, CI).
 */
export class RecordProgress {
  private readonly startMs = performance.now();
  private attemptsThisRun = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly episodes: number,
  ) {}

  /** Draws the state after an attempt (or at the start, with `attempted` false). */
  update(kept: number, failed: number, attempted = true): void {
    if (attempted) this.attemptsThisRun += 1;
    const line = this.line(kept, failed);
    this.sink.write(this.sink.isTTY === true ? `\r${line}` : `${line}\n`);
  }

  /** Ends the in-place line on a terminal. */
  finish(): void {
    if (this.sink.isTTY === true) this.sink.write('\n');
  }

  private line(kept: number, failed: number): string {
    const fraction = Math.min(1, kept / this.episodes);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const perAttemptS = this.attemptsThisRun > 0 ? (performance.now() - this.startMs) / 1000 / this.attemptsThisRun : 0;
    const left = perAttemptS > 0 ? formatSeconds((this.episodes - kept) * perAttemptS) : '--:--';
    const speed = perAttemptS > 0 ? `${perAttemptS.toFixed(1)} s/attempt` : '';
    return `[${bar}] ${kept}/${this.episodes} episodes  ${failed} failed  ${speed}  ETA ${left}`;
  }
}

function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
