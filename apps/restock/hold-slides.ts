import { merge, type Subscription } from 'rxjs';
import { z } from 'zod';
import type { Robot } from '../../hardware/robot.ts';
import type { HoldSlide } from '../../sim/effectors/hold-slide.ts';
import { SimParallelGripper } from '../../sim/sim-gripper.ts';

/** Slides are binned in tenths of a millimetre for the percentiles (sparse: a soak keeps only bins it used). */
const BIN_M = 0.0001;

const count = z.number().int().nonnegative();
const bins = z.record(z.string().regex(/^\d+$/), count);
const WorstHold = z.strictObject({
  item: z.string(),
  hand: z.string(),
  startMs: z.number().finite(),
  maxM: z.number().finite().nonnegative(),
  releaseM: z.number().finite().nonnegative(),
});

/** The hold-slide accumulators as a checkpoint keeps them. */
export const HoldSlideStateSchema = z.strictObject({
  n: count,
  /** Per bin of `BIN_M`: holds whose largest slide, and whose slide at release, fell in it. */
  maxBins: bins,
  releaseBins: bins,
  worst: WorstHold.optional(),
});
export type HoldSlideState = z.infer<typeof HoldSlideStateSchema>;

/** Percentiles of one slide figure over the holds, m. */
export interface SlideFigure {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * How far loads moved in the robot's hands, over every hold of the run (grasp settled to release): the load's
 * displacement relative to the hand, largest over each hold and at its release, m, and the hold that moved most.
 */
export interface HoldSlideKpis {
  readonly n: number;
  readonly maxM: SlideFigure;
  readonly releaseM: SlideFigure;
  readonly worst: z.infer<typeof WorstHold> | undefined;
}

/** Folds the holds a run's grippers report (`SimParallelGripper.holds$`) into `HoldSlideKpis`. */
export class HoldSlideTally {
  private n = 0;
  private readonly maxBins = new Map<number, number>();
  private readonly releaseBins = new Map<number, number>();
  private worst: z.infer<typeof WorstHold> | undefined;

  static from(state: HoldSlideState): HoldSlideTally {
    const t = new HoldSlideTally();
    t.n = state.n;
    for (const [k, v] of Object.entries(state.maxBins)) t.maxBins.set(Number(k), v);
    for (const [k, v] of Object.entries(state.releaseBins)) t.releaseBins.set(Number(k), v);
    t.worst = state.worst === undefined ? undefined : { ...state.worst };
    return t;
  }

  add(hold: HoldSlide): void {
    this.n++;
    bump(this.maxBins, hold.maxM);
    bump(this.releaseBins, hold.releaseM);
    if (this.worst === undefined || hold.maxM > this.worst.maxM) {
      const { item, hand, startMs, maxM, releaseM } = hold;
      this.worst = { item, hand, startMs, maxM, releaseM };
    }
  }

  saveState(): HoldSlideState {
    return {
      n: this.n,
      maxBins: Object.fromEntries(this.maxBins),
      releaseBins: Object.fromEntries(this.releaseBins),
      ...(this.worst === undefined ? {} : { worst: { ...this.worst } }),
    };
  }

  snapshot(): HoldSlideKpis {
    return {
      n: this.n,
      maxM: figure(this.maxBins, this.n),
      releaseM: figure(this.releaseBins, this.n),
      worst: this.worst,
    };
  }
}

/**
 * Feeds each hold the robot's sim grippers report (`SimParallelGripper.holds$`, a reading of the sim's grippers, not a
 * skill's telemetry) to `tally`: the demo and the soak fold the same holds into the same figure.
 */
export function feedHolds(robot: Robot, tally: { addHold(hold: HoldSlide): void }): Subscription {
  const grippers = robot.parts.grippers.filter((g): g is SimParallelGripper => g instanceof SimParallelGripper);
  return merge(...grippers.map((g) => g.holds$)).subscribe((hold) => tally.addHold(hold));
}

function bump(histogram: Map<number, number>, m: number): void {
  const bin = Math.round(m / BIN_M);
  histogram.set(bin, (histogram.get(bin) ?? 0) + 1);
}

function figure(histogram: ReadonlyMap<number, number>, n: number): SlideFigure {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const at = (q: number): number => {
    const want = Math.ceil(q * n);
    let seen = 0;
    for (const [bin, c] of sorted) {
      seen += c;
      if (seen >= want) return bin * BIN_M;
    }
    return 0;
  };
  return { p50: at(0.5), p95: at(0.95), max: (sorted.at(-1)?.[0] ?? 0) * BIN_M };
}
