/** Where progress goes: anything with `write` (process.stderr, a test buffer). */
export interface TextSink {
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
const MIN_INTERVAL_MS = 200;

/** A one-line progress bar on stderr: trials done, trials/s, success rate so far, ETA. */
export class ProgressBar {
  private readonly startMs = Date.now();
  private lastDrawMs = 0;
  private done = 0;
  private successes = 0;

  /** `alreadyDone` trials (a resumed run) count toward the bar but not toward the speed. */
  constructor(
    private readonly sink: TextSink,
    private readonly total: number,
    private readonly alreadyDone = 0,
  ) {
    this.done = alreadyDone;
  }

  /** Adds finished trials; redraws at most every 200 ms unless `force`. */
  add(trials: number, successes: number, force = false): void {
    this.done += trials;
    this.successes += successes;
    const now = Date.now();
    if (!force && now - this.lastDrawMs < MIN_INTERVAL_MS) return;
    this.lastDrawMs = now;
    this.sink.write(`\r${this.line(now)}`);
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    this.sink.write(`\r${this.line(Date.now())}\n`);
  }

  private line(nowMs: number): string {
    const seconds = Math.max(1e-3, (nowMs - this.startMs) / 1000);
    const fresh = this.done - this.alreadyDone;
    const rate = fresh / seconds;
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const success = fresh > 0 ? `${((100 * this.successes) / fresh).toFixed(1)}%` : '-';
    const eta = rate > 0 ? formatDuration((this.total - this.done) / rate) : '--:--';
    return `[${bar}] ${this.done}/${this.total} trials  ${rate.toFixed(1)} trials/s  success ${success}  ETA ${eta}`;
  }
}

/** m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
