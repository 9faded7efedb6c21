// Soak of continuous restocking in the Rapier sim: pick-place success, items per hour, heap at start vs end, wall
// time. `npm run bench` runs one sim hour; the 24 h soak (an hour or more of wall time, more on a loaded machine):
//   BENCH_SOAK_HOURS=24 nice node bin/run-ts.mjs bench/restock-soak.ts
// Progress every BENCH_SOAK_REPORT_MIN sim minutes (default 30). Ctrl-C (SIGINT) or SIGTERM ends the soak early and
// prints the figures so far, marked cancelled. BENCH_SOAK_OUT=<file.json> also writes the figures so far to that
// file at every progress line (temp file, fsync, rename), so even a killed soak leaves its latest figures.
// BENCH_SOAK_CHECKPOINT=<file.json> makes the soak resumable: it saves the run's state there (as `embody demo
// --checkpoint` does) while the robot idles between restocks, at most every BENCH_SOAK_CHECKPOINT_MIN sim minutes
// (default 10), and on Ctrl-C/SIGTERM; started again with the same variable, it goes on from that file to the
// checkpoint's hours (its seed and hours win over BENCH_SOAK_HOURS and BENCH_SEED), the KPIs continuing. The heap
// figures of a resumed soak are those of the last process (its own warm-up and baseline); wall time is that
// process's too. The summary fits a line through the heap samples (one per progress line) and gives its slope per sim
// hour and the growth it projects by 24 h of sim (`GOAL_HOURS`): a short soak tells whether the 24 h goal is met.
import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../apps/record/atomic-file.ts';
import { readCheckpoint } from '../apps/restock/checkpoint-file.ts';
import {
  captureCheckpoint,
  CheckpointWriter,
  handsEmpty,
  resumeStore,
  type RunOptions,
} from '../apps/restock/checkpoint.ts';
import { feedHolds } from '../apps/restock/hold-slides.ts';
import { KpiTracker } from '../apps/restock/kpis.ts';
import { RestockRun } from '../apps/restock/restock-run.ts';
import { openStore } from '../apps/restock/store-session.ts';
import { summaryJson, summaryText } from '../apps/restock/summary.ts';
import { TelemetryBus } from '../src/telemetry/bus.ts';
import { HeapTrend } from './heap-trend.ts';

const PLANOGRAM = fileURLToPath(new URL('../scenes/store-planogram.yaml', import.meta.url));
const TASK = fileURLToPath(new URL('../tasks/restock.yaml', import.meta.url));
/** Sim time before the heap baseline: the store's caches and the first round's plans are built by then. */
const WARMUP_MS = 10 * 60_000;
/** Share of facings stocked at the start. */
const FILL = 0.85;
/** Sim time between yields to Node's event loop, so a signal to stop is heard within a sim second. */
const YIELD_EVERY_MS = 1000;
/** The soak length issue 12's heap goal (growth < 10 %) is set for, sim hours. */
const GOAL_HOURS = 24;

/** What a soak is asked to run. */
export interface SoakOptions {
  readonly seed?: number;
  readonly shoppersPerHour?: number;
  /** Sim minutes between progress lines (and writes of `outPath`). */
  readonly reportEveryMin?: number;
  /** Where the figures so far are written at each progress line, as JSON. */
  readonly outPath?: string;
  /** Checkpoint file: resumed from when it exists, written at quiet moments and on a signal. */
  readonly checkpointPath?: string;
  /** Sim minutes at least between checkpoints. */
  readonly checkpointEveryMin?: number;
}

/** A full garbage collection, so heap figures are live data and not garbage waiting to be swept. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapMiB(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const pct = (v: number | undefined): string => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);

/** Runs `hours` of sim time of continuous restocking with shoppers and prints the soak figures. */
export async function runRestockSoak(askedHours: number, options: SoakOptions = {}): Promise<void> {
  const { reportEveryMin = 30, outPath, checkpointPath, checkpointEveryMin = 10 } = options;
  const gc = collectGarbage();
  const resumedFrom =
    checkpointPath !== undefined && existsSync(checkpointPath) ? readCheckpoint(checkpointPath) : undefined;
  const seed = resumedFrom?.options.seed ?? options.seed ?? 1;
  const shoppersPerHour = resumedFrom?.options.shoppersPerHour ?? options.shoppersPerHour ?? 30;
  const hours = resumedFrom?.options.hours ?? askedHours;
  const { store, kpis } =
    resumedFrom === undefined
      ? { store: await openStore({ planogramPath: PLANOGRAM, seed, initialFill: FILL }), kpis: new KpiTracker() }
      : await resumeStore(resumedFrom, checkpointPath!);
  const runOptions: RunOptions = resumedFrom?.options ?? {
    planogramPath: PLANOGRAM,
    planogramName: store.planogram.name,
    seed,
    hours,
    shoppersPerHour,
    fill: FILL,
  };
  const bus = new TelemetryBus();
  bus.events$.subscribe((event) => kpis.apply(event));
  // The holds' slide in the hands, as the demo tallies it (the summary's "held-load slide").
  const holds = feedHolds(store.robot, kpis);
  const run = new RestockRun(store, {
    taskText: readFileSync(TASK, 'utf8'),
    taskFile: 'tasks/restock.yaml',
    continuous: true,
    telemetry: bus,
    life: { shopperItemsPerHour: shoppersPerHour },
  });
  const sim = store.simulation.sim;
  const simStartMs = sim.timeMs;
  const checkpoints =
    checkpointPath === undefined
      ? undefined
      : new CheckpointWriter(
          checkpointPath,
          checkpointEveryMin * 60_000,
          bus.events$,
          () => captureCheckpoint(store, kpis, runOptions),
          () => sim.timeMs,
          () => handsEmpty(store),
        );
  let cancelledBy: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    cancelledBy = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const wallStart = performance.now();
  const endMs = hours * 3_600_000;
  const heap = { start: Number.NaN, startAtMs: 0, max: 0, last: Number.NaN };
  const trend = new HeapTrend();
  const sampleHeap = (): void => {
    heap.last = heapMiB(gc);
    if (Number.isNaN(heap.start)) [heap.start, heap.startAtMs] = [heap.last, sim.timeMs];
    heap.max = Math.max(heap.max, heap.last);
    trend.add(sim.timeMs / 3_600_000, heap.last);
  };
  /** The figures so far, as the summary and `outPath` give them. */
  const figures = (outcome: string): Record<string, unknown> => ({
    ...summaryJson(kpis.snapshot(), performance.now() - wallStart, outcome),
    hoursAsked: hours,
    seed,
    shoppersPerHour,
    heapMiB: {
      startAtSimMin: heap.startAtMs / 60_000,
      start: heap.start,
      end: heap.last,
      max: heap.max,
      growth: (heap.last - heap.start) / heap.start,
      samples: trend.samples,
      slopePerSimHour: trend.slopeMiBPerHour,
      projectedGrowthBy24h: trend.growthBy(GOAL_HOURS),
    },
  });
  let nextReportMs = Math.min(simStartMs + WARMUP_MS, endMs);
  let nextYieldMs = simStartMs + YIELD_EVERY_MS;
  console.log(`restock soak: ${hours} h sim, seed ${seed}, ${shoppersPerHour} shopper takes/h`);
  if (resumedFrom !== undefined)
    console.log(`  resumed from ${checkpointPath} at ${(simStartMs / 3_600_000).toFixed(2)} h sim`);
  run.start();
  try {
    while (sim.timeMs < endMs && run.state.status === 'running' && cancelledBy === undefined) {
      sim.step();
      if (sim.timeMs >= nextYieldMs) {
        nextYieldMs += YIELD_EVERY_MS;
        checkpoints?.maybeWrite();
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (sim.timeMs < nextReportMs) continue;
      sampleHeap();
      const k = kpis.snapshot();
      const wallMin = (performance.now() - wallStart) / 60_000;
      console.log(
        `  ${(sim.timeMs / 3_600_000).toFixed(2)} h sim, ${wallMin.toFixed(1)} min wall: restocked ${k.restocked} ` +
          `(${k.itemsPerHour.toFixed(1)}/h), success ${pct(k.successRate)} (${k.succeeded}/${k.attempts}), ` +
          `compliance ${pct(k.compliance)}, knocked ${k.collateralMoves}, heap ${heap.last.toFixed(1)} MiB, ` +
          `${store.simulation.objects.size} bodies`,
      );
      if (outPath !== undefined) writeFileAtomic(outPath, JSON.stringify(figures('running'), null, 2) + '\n');
      nextReportMs += reportEveryMin * 60_000;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const state = run.state;
  run.stop();
  if (checkpoints !== undefined && state.status !== 'failed' && handsEmpty(store)) checkpoints.writeNow();
  if (checkpoints !== undefined)
    console.log(`  checkpoint: ${checkpointPath} (${checkpoints.written} written; at the end only with empty hands)`);
  const wallMs = performance.now() - wallStart;
  sampleHeap();
  const simHours = sim.timeMs / 3_600_000;
  const outcome =
    cancelledBy !== undefined
      ? `cancelled (${cancelledBy}) at ${simHours.toFixed(2)} of ${hours} h sim: figures so far`
      : state.status === 'failed'
        ? `failed: ${state.failure.describe()}`
        : state.status === 'running'
          ? 'ran its hours' // continuous restocking never ends by itself: the hours asked for ended it
          : state.status;
  const k = kpis.snapshot();
  console.log(summaryText(k, wallMs, outcome));
  console.log(
    `  heap (after GC)      start ${heap.start.toFixed(1)} MiB (at ${(heap.startAtMs / 60_000).toFixed(0)} min sim), end ${heap.last.toFixed(1)} MiB, ` +
      `max ${heap.max.toFixed(1)} MiB: ${(((heap.last - heap.start) / heap.start) * 100).toFixed(1)} % growth (goal < 10 %)`,
  );
  const slope = trend.slopeMiBPerHour;
  console.log(
    Number.isNaN(slope)
      ? '  heap trend           too few samples for a slope'
      : `  heap trend           ${slope >= 0 ? '+' : ''}${slope.toFixed(3)} MiB per sim hour (line through ${trend.samples} ` +
          `samples); by ${GOAL_HOURS} h sim: ${pct(trend.growthBy(GOAL_HOURS))} growth (goal < 10 %)`,
  );
  console.log(`  pick-place success   goal ≥ 99 %: ${k.successRate === undefined ? 'no tries' : pct(k.successRate)}`);
  if (outPath !== undefined) writeFileAtomic(outPath, JSON.stringify(figures(outcome), null, 2) + '\n');
  holds.unsubscribe();
  store.free();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  await runRestockSoak(Number(env.BENCH_SOAK_HOURS ?? 24), {
    ...(env.BENCH_SOAK_CHECKPOINT === undefined ? {} : { checkpointPath: env.BENCH_SOAK_CHECKPOINT }),
    ...(env.BENCH_SOAK_CHECKPOINT_MIN === undefined
      ? {}
      : { checkpointEveryMin: Number(env.BENCH_SOAK_CHECKPOINT_MIN) }),
    seed: Number(env.BENCH_SEED ?? 1),
    ...(env.BENCH_SOAK_REPORT_MIN === undefined ? {} : { reportEveryMin: Number(env.BENCH_SOAK_REPORT_MIN) }),
    ...(env.BENCH_SOAK_OUT === undefined ? {} : { outPath: env.BENCH_SOAK_OUT }),
  });
}
