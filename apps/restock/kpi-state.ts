import { z } from 'zod';
import { HoldSlideStateSchema } from './hold-slides.ts';

/** The most compliance points kept for the chart; older ones are thinned to every other point. */
export const MAX_SERIES = 400;
/** Placement errors are binned in millimetres up to this for the p95, m. */
const ERROR_BINS_M = 0.2;
/** Bins of the placement-error histogram (whole millimetres up to `ERROR_BINS_M`, then one overflow bin). */
export const ERROR_BIN_COUNT = Math.round(ERROR_BINS_M * 1000) + 1;

const finite = z.number().finite();
const count = z.number().int().nonnegative();

/**
 * The tracker's accumulators, as a checkpoint saves them: a tracker given them back (`KpiTracker.from`) goes on
 * counting where this one was. Tries still open are not kept: a checkpoint is taken between tries.
 */
export const KpiStateSchema = z.strictObject({
  startMs: finite.optional(),
  nowMs: finite,
  restocked: count,
  attempts: count,
  succeeded: count,
  errorSumM: finite.nonnegative(),
  errorMaxM: finite.nonnegative(),
  errorCount: count,
  /** Placement errors per whole millimetre (the p95's histogram). */
  errorBins: z.array(count).length(ERROR_BIN_COUNT).readonly(),
  compliance: finite.min(0).max(1).optional(),
  series: z.array(z.tuple([finite, finite.min(0).max(1)]).readonly()).readonly(),
  seriesStride: z.number().int().positive(),
  seriesSkip: count,
  /** Per reason: the count and the latest tries; a checkpoint written before the tries were kept has `lastMessage`. */
  failures: z.record(
    z.string(),
    z.union([
      z.strictObject({
        count,
        recent: z.array(z.strictObject({ sku: z.string(), atMs: finite.nonnegative(), message: z.string() })),
      }),
      z
        .strictObject({ count, lastMessage: z.string() })
        .transform(({ count, lastMessage }) => ({ count, recent: [{ sku: '', atMs: 0, message: lastMessage }] })),
    ]),
  ),
  /** Absent in checkpoints written before it was kept. */
  failuresBySku: z.record(z.string(), z.record(z.string(), count)).default({}),
  skipped: count,
  shopperTakes: count,
  toteRefills: count,
  tidied: count,
  collateralMoves: count,
  /** Absent in checkpoints written before it was kept. */
  handsStuck: count.default(0),
  /** Absent in checkpoints written before it was kept. */
  trapped: count.default(0),
  /** Absent in checkpoints written before it was kept. */
  staffAssists: count.default(0),
  /** Absent in checkpoints written before it was kept. */
  stalled: count.default(0),
  /** Absent in checkpoints written before it was kept. */
  setAside: count.default(0),
  /** Absent in checkpoints written before it was kept. */
  holdSlides: HoldSlideStateSchema.optional(),
});
export type KpiState = z.infer<typeof KpiStateSchema>;
