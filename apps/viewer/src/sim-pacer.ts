/** Speeds the console offers: multiples of real time, or as fast as the page computes. */
export const SPEEDS = ['1', '2', '5', '10', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

/** Longest wall time a frame may spend stepping physics, ms: the page stays responsive at any speed. */
const FRAME_BUDGET_MS = 28;
/** A frame that came this late (a hidden tab, a debugger) does not try to catch up, ms. */
const MAX_FRAME_GAP_MS = 100;

/**
 * Keeps sim time in step with the wall clock at a chosen speed: each animation frame asks how many physics steps
 * to take. Sim time the page cannot compute within a frame's budget is dropped (the run slows down rather than the
 * page freezing), and reported as the achieved real-time factor.
 */
export class SimPacer {
  private owedMs = 0;
  private lastWallMs: number | undefined;
  /** Sim ms per wall ms over the last frames. */
  realTimeFactor = 0;

  constructor(
    private readonly stepMs: number,
    public speed: Speed = '1',
  ) {}

  /** Forgets the last frame (after a pause), so the first frame after it does not catch up. */
  reset(): void {
    this.lastWallMs = undefined;
    this.owedMs = 0;
  }

  /**
   * Runs `step` as often as the frame needs and the budget allows; `wallNowMs` is the frame's time, `clock` the
   * page's clock (to stay within budget).
   */
  frame(wallNowMs: number, clock: () => number, step: () => void): number {
    const gapMs = this.lastWallMs === undefined ? 0 : Math.min(MAX_FRAME_GAP_MS, wallNowMs - this.lastWallMs);
    this.lastWallMs = wallNowMs;
    const multiplier = this.speed === 'max' ? Number.POSITIVE_INFINITY : Number(this.speed);
    this.owedMs = Math.min(this.owedMs + gapMs * multiplier, this.stepMs * 10_000);
    const start = clock();
    let steps = 0;
    while (this.owedMs >= this.stepMs && clock() - start < FRAME_BUDGET_MS) {
      step();
      this.owedMs -= this.stepMs;
      steps++;
    }
    // What could not be computed in budget is dropped: sim time slips behind instead of piling up.
    if (this.speed === 'max' || clock() - start >= FRAME_BUDGET_MS) this.owedMs = 0;
    const factor = gapMs > 0 ? (steps * this.stepMs) / gapMs : this.realTimeFactor;
    this.realTimeFactor = 0.9 * this.realTimeFactor + 0.1 * factor;
    return steps;
  }
}
