import { z } from 'zod';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { describeMoves } from '../../skills/watch/collateral.ts';
import type { HoldSlide } from '../../sim/effectors/hold-slide.ts';
import { HoldSlideTally, type HoldSlideKpis } from './hold-slides.ts';
import { ERROR_BIN_COUNT, MAX_SERIES, type KpiState } from './kpi-state.ts';
import type { StoreEvent } from './store-events.ts';

/** One knocked object as a `collateral` event carries it (`CollateralMove` of `skills/watch/collateral.ts`). */
const CollateralMoveData = z.object({
  objectId: z.string(),
  movedM: z.number(),
  turnedRad: z.number().default(0),
});

/** How many of a reason's latest failed tries are kept, named, beside its count. */
export const FAILURE_EXAMPLES = 5;

/** One failed try as the KPIs keep it: the product tried, when the try ended (sim ms) and why. */
export interface FailureExample {
  readonly sku: string;
  readonly atMs: number;
  readonly message: string;
}

/** A failure reason's count and its latest tries (at most `FAILURE_EXAMPLES`, oldest first). */
export interface FailureTally {
  readonly count: number;
  readonly recent: readonly FailureExample[];
}

/** The restocking KPIs at one moment, folded from a run's telemetry. */
export interface RestockKpis {
  /** Sim time of the latest event, and of the first, ms. */
  readonly simTimeMs: number;
  readonly startSimTimeMs: number;
  /** Items verified in their facings. */
  readonly restocked: number;
  /** Pick-and-place tries (one stock item each) that ended, and those that ended verified in the facing. */
  readonly attempts: number;
  readonly succeeded: number;
  /** `succeeded / attempts`, undefined before the first try ends. */
  readonly successRate: number | undefined;
  /** Restocked items per hour of sim time since the start. */
  readonly itemsPerHour: number;
  /** Distance of placed items from their facing's place point, m. */
  readonly placementErrorM: { readonly mean: number; readonly p95: number; readonly max: number; readonly n: number };
  /** Latest planogram compliance, 0..1, and its history (at most `MAX_SERIES` points, evenly thinned). */
  readonly compliance: number | undefined;
  readonly complianceSeries: readonly (readonly [simTimeMs: number, compliance: number])[];
  /**
   * Failed tries by the reason of the node where they failed (the deepest failure), each with its latest
   * `FAILURE_EXAMPLES` tries (product, sim time, message; oldest first), so a run's failures read one by one.
   */
  readonly failuresByReason: ReadonlyMap<string, FailureTally>;
  /** Failed tries by the product tried (the try node's name), then by reason as in `failuresByReason`. */
  readonly failuresBySku: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Facings given up for a while (every try failed, or nothing to pick). */
  readonly skipped: number;
  readonly shopperTakes: number;
  readonly toteRefills: number;
  readonly tidied: number;
  /**
   * Other objects a try moved (`collateral` events of `pickAndPlace`): each knocked product once per try. A try
   * that knocked anything counts as failed (`collision`), even when its item ended in the facing.
   */
  readonly collateralMoves: number;
  /**
   * Holds a hand could not be freed of (`handStuck`): nothing would take the item, a person must. One per stuck hold
   * (item, hand and grasp), however many tries found it still stuck (`stillStuck`, not counted).
   */
  readonly handsStuck: number;
  /**
   * Times the robot was trapped (`trapped`): an empty arm that could not fold in by any way, its hand past the
   * footprint, so every drive was refused. One per trap, however many refusals followed (`stillTrapped`).
   */
  readonly trapped: number;
  /** Times a person came to free the robot when it called (`staff-assist` store events): a stuck hand, a trap. */
  readonly staffAssists: number;
  /**
   * Times the robot said it could no longer work (`stalled`): it waited for work that could not come, such as stock
   * the staff could not bring while an arm stood out over the tote. One per stall.
   */
  readonly stalled: number;
  /** Facings set aside after failing the same way again and again (`setAside`), each reported once. */
  readonly setAside: number;
  /** How far held loads moved in the hands, over every hold (`addHold`, from the sim's grippers). */
  readonly holdSlides: HoldSlideKpis;
}

/**
 * Folds telemetry events (live, or read back from a JSONL trace) into the restocking KPIs. A try is a run of a
 * stock item's node under `stock-item` (pick-and-place then verify): it succeeds when that node succeeds; a failed
 * try counts under the reason of the first node that failed inside it. Memory stays bounded over a long soak.
 *
 * @example
 * const kpis = new KpiTracker();
 * bus.events$.subscribe((e) => kpis.apply(e));
 * kpis.snapshot().successRate;
 */
export class KpiTracker {
  private readonly names = new Map<string, string>();
  private readonly open = new Map<
    string,
    {
      path: string;
      sku: string;
      origin?: { reason: string; message: string };
      knocked?: { reason: string; message: string };
    }
  >();
  private startMs: number | undefined;
  private nowMs = 0;
  private restocked = 0;
  private attempts = 0;
  private succeeded = 0;
  private errorSum = 0;
  private errorMax = 0;
  private readonly errorBins = new Uint32Array(ERROR_BIN_COUNT);
  private errorCount = 0;
  private compliance: number | undefined;
  private series: [number, number][] = [];
  private seriesStride = 1;
  private seriesSkip = 0;
  private readonly failures = new Map<string, FailureTally>();
  private readonly failuresBySku = new Map<string, Map<string, number>>();
  private skipped = 0;
  private shopperTakes = 0;
  private toteRefills = 0;
  private tidied = 0;
  private collateralMoves = 0;
  private handsStuck = 0;
  private trapped = 0;
  private staffAssists = 0;
  private stalled = 0;
  private setAside = 0;
  private holdSlides = new HoldSlideTally();

  /** A tracker that goes on from saved accumulators (a resumed run); `state.errorBins` holds `ERROR_BIN_COUNT` bins. */
  static from(state: KpiState): KpiTracker {
    const t = new KpiTracker();
    if (state.errorBins.length !== t.errorBins.length)
      throw new Error(`errorBins: ${state.errorBins.length} bins, expected ${t.errorBins.length}`);
    t.startMs = state.startMs;
    t.nowMs = state.nowMs;
    t.restocked = state.restocked;
    t.attempts = state.attempts;
    t.succeeded = state.succeeded;
    t.errorSum = state.errorSumM;
    t.errorMax = state.errorMaxM;
    t.errorCount = state.errorCount;
    t.errorBins.set(state.errorBins);
    t.compliance = state.compliance;
    t.series = state.series.map(([ms, v]) => [ms, v]);
    t.seriesStride = state.seriesStride;
    t.seriesSkip = state.seriesSkip;
    for (const [reason, entry] of Object.entries(state.failures))
      t.failures.set(reason, { count: entry.count, recent: entry.recent.map((e) => ({ ...e })) });
    for (const [sku, reasons] of Object.entries(state.failuresBySku))
      t.failuresBySku.set(sku, new Map(Object.entries(reasons)));
    t.skipped = state.skipped;
    t.shopperTakes = state.shopperTakes;
    t.toteRefills = state.toteRefills;
    t.tidied = state.tidied;
    t.collateralMoves = state.collateralMoves;
    t.handsStuck = state.handsStuck;
    t.trapped = state.trapped;
    t.staffAssists = state.staffAssists;
    t.stalled = state.stalled;
    t.setAside = state.setAside;
    if (state.holdSlides !== undefined) t.holdSlides = HoldSlideTally.from(state.holdSlides);
    return t;
  }

  /** The accumulators, for a checkpoint. */
  saveState(): KpiState {
    return {
      ...(this.startMs === undefined ? {} : { startMs: this.startMs }),
      nowMs: this.nowMs,
      restocked: this.restocked,
      attempts: this.attempts,
      succeeded: this.succeeded,
      errorSumM: this.errorSum,
      errorMaxM: this.errorMax,
      errorCount: this.errorCount,
      errorBins: [...this.errorBins],
      ...(this.compliance === undefined ? {} : { compliance: this.compliance }),
      series: this.series.map(([ms, v]) => [ms, v] as const),
      seriesStride: this.seriesStride,
      seriesSkip: this.seriesSkip,
      failures: Object.fromEntries(
        [...this.failures].map(([reason, entry]) => [
          reason,
          { count: entry.count, recent: entry.recent.map((e) => ({ ...e })) },
        ]),
      ),
      failuresBySku: Object.fromEntries([...this.failuresBySku].map(([sku, r]) => [sku, Object.fromEntries(r)])),
      skipped: this.skipped,
      shopperTakes: this.shopperTakes,
      toteRefills: this.toteRefills,
      tidied: this.tidied,
      collateralMoves: this.collateralMoves,
      handsStuck: this.handsStuck,
      trapped: this.trapped,
      staffAssists: this.staffAssists,
      stalled: this.stalled,
      setAside: this.setAside,
      holdSlides: this.holdSlides.saveState(),
    };
  }

  /** One hold's slide in a hand, as the sim's gripper reports it when the hold ends. */
  addHold(hold: HoldSlide): void {
    this.holdSlides.add(hold);
  }

  apply(event: TelemetryEvent): void {
    this.startMs ??= event.simTimeMs;
    this.nowMs = Math.max(this.nowMs, event.simTimeMs);
    if (event.kind === 'start') {
      this.names.set(event.nodeId, event.name);
      if (event.parentId !== undefined && this.names.get(event.parentId) === 'stock-item') {
        this.open.set(event.nodeId, { path: event.path, sku: event.name });
      }
      return;
    }
    if (event.kind === 'progress') return this.progress(event);
    if (event.kind === 'failed') {
      for (const attempt of this.open.values()) {
        if (
          attempt.origin === undefined &&
          (event.path === attempt.path || event.path.startsWith(`${attempt.path}/`))
        ) {
          attempt.origin = { reason: event.failure?.reason ?? 'unknown', message: event.failure?.message ?? '' };
        }
      }
    }
    const attempt = this.open.get(event.nodeId);
    if (attempt === undefined) return;
    this.open.delete(event.nodeId);
    if (event.kind === 'cancelled') return;
    this.attempts++;
    if (event.kind === 'succeeded' && attempt.knocked === undefined) {
      this.succeeded++;
      return;
    }
    const origin = attempt.knocked ??
      attempt.origin ?? {
        reason: event.failure?.reason ?? 'unknown',
        message: event.failure?.message ?? '',
      };
    const entry = this.failures.get(origin.reason) ?? { count: 0, recent: [] };
    const example = { sku: attempt.sku, atMs: event.simTimeMs, message: origin.message };
    this.failures.set(origin.reason, {
      count: entry.count + 1,
      recent: [...entry.recent, example].slice(-FAILURE_EXAMPLES),
    });
    const bySku = this.failuresBySku.get(attempt.sku) ?? new Map<string, number>();
    bySku.set(origin.reason, (bySku.get(origin.reason) ?? 0) + 1);
    this.failuresBySku.set(attempt.sku, bySku);
  }

  private progress(event: TelemetryEvent): void {
    const data = event.data ?? {};
    if (event.message === 'collateral' && Array.isArray(data['collateral']))
      this.addCollateral(event, data['collateral']);
    if (typeof data['restocked'] === 'string') {
      this.restocked++;
      const errorM = data['placementErrorM'];
      if (typeof errorM === 'number' && Number.isFinite(errorM)) this.addError(errorM);
    }
    if (typeof data['skipped'] === 'string') this.skipped++;
    if (typeof data['handStuck'] === 'string') this.handsStuck++;
    if (typeof data['trapped'] === 'string') this.trapped++;
    if (typeof data['stalled'] === 'string') this.stalled++;
    if (typeof data['setAside'] === 'string') this.setAside++;
    if (typeof data['compliance'] === 'number') this.addCompliance(event.simTimeMs, data['compliance']);
    const store = data['store'] as StoreEvent | undefined;
    if (store === undefined) return;
    if (store.kind === 'shopper') this.shopperTakes++;
    else if (store.kind === 'tote-refill') this.toteRefills++;
    else if (store.kind === 'tidy') this.tidied += store.removed.length;
    else if (store.kind === 'staff-assist') {
      this.staffAssists++;
      this.tidied += store.removed.length;
    } else if (store.kind === 'compliance') this.addCompliance(event.simTimeMs, store.compliance);
  }

  private addCollateral(event: TelemetryEvent, moves: readonly unknown[]): void {
    this.collateralMoves += moves.length;
    // A move the event does not describe (a replayed trace of another version) still counts, unnamed.
    const named = moves.flatMap((m) => {
      const move = CollateralMoveData.safeParse(m);
      return move.success ? [move.data] : [];
    });
    for (const attempt of this.open.values()) {
      if (event.path.startsWith(`${attempt.path}/`))
        attempt.knocked ??= { reason: 'collision', message: `knocked ${describeMoves(named)}` };
    }
  }

  private addError(errorM: number): void {
    this.errorCount++;
    this.errorSum += errorM;
    this.errorMax = Math.max(this.errorMax, errorM);
    this.errorBins[Math.min(this.errorBins.length - 1, Math.round(errorM * 1000))]! += 1;
  }

  private addCompliance(simTimeMs: number, value: number): void {
    this.compliance = value;
    if (this.seriesSkip++ % this.seriesStride !== 0) return;
    this.series.push([simTimeMs, value]);
    if (this.series.length > MAX_SERIES) {
      this.series = this.series.filter((_, i) => i % 2 === 0);
      this.seriesStride *= 2;
    }
  }

  snapshot(): RestockKpis {
    const startMs = this.startMs ?? 0;
    const hours = (this.nowMs - startMs) / 3_600_000;
    return {
      simTimeMs: this.nowMs,
      startSimTimeMs: startMs,
      restocked: this.restocked,
      attempts: this.attempts,
      succeeded: this.succeeded,
      successRate: this.attempts === 0 ? undefined : this.succeeded / this.attempts,
      itemsPerHour: hours > 0 ? this.restocked / hours : 0,
      placementErrorM: {
        mean: this.errorCount === 0 ? 0 : this.errorSum / this.errorCount,
        p95: this.percentileM(0.95),
        max: this.errorMax,
        n: this.errorCount,
      },
      compliance: this.compliance,
      complianceSeries: [...this.series],
      failuresByReason: new Map(this.failures),
      failuresBySku: new Map([...this.failuresBySku].map(([sku, r]) => [sku, new Map(r)])),
      skipped: this.skipped,
      shopperTakes: this.shopperTakes,
      toteRefills: this.toteRefills,
      tidied: this.tidied,
      collateralMoves: this.collateralMoves,
      handsStuck: this.handsStuck,
      trapped: this.trapped,
      staffAssists: this.staffAssists,
      stalled: this.stalled,
      setAside: this.setAside,
      holdSlides: this.holdSlides.snapshot(),
    };
  }

  private percentileM(q: number): number {
    if (this.errorCount === 0) return 0;
    const want = Math.ceil(q * this.errorCount);
    let seen = 0;
    for (let i = 0; i < this.errorBins.length; i++) {
      seen += this.errorBins[i]!;
      if (seen >= want) return i / 1000;
    }
    return this.errorMax;
  }
}
