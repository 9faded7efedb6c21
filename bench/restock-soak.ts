// Soak of continuous restocking in the Rapier sim: pick-place success, items per hour, heap at start vs end, wall
// time. `npm run bench` runs one sim hour; the 24 h soak (about an hour or more of wall time):
//   BENCH_SOAK_HOURS=24 nice node bin/run-ts.mjs bench/restock-soak.ts
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { KpiTracker } from '../apps/restock/kpis.ts';
import { RestockRun } from '../apps/restock/restock-run.ts';
import { openStore } from '../apps/restock/store-session.ts';
import { summaryText } from '../apps/restock/summary.ts';
import { TelemetryBus } from '../src/telemetry/bus.ts';

const PLANOGRAM = fileURLToPath(new URL('../scenes/store-planogram.yaml', import.meta.url));
const TASK = fileURLToPath(new URL('../tasks/restock.yaml', import.meta.url));
/** Sim time before the heap baseline: the store's caches and the first round's plans are built by then. */
const WARMUP_MS = 10 * 60_000;

/** A full garbage collection, so heap figures are live data and not garbage waiting to be swept. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapMiB(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs `hours` of sim time of continuous restocking with shoppers and prints the soak figures. */
export async function runRestockSoak(hours: number, seed = 1, shoppersPerHour = 30): Promise<void> {
  const gc = collectGarbage();
  const store = await openStore({ planogramPath: PLANOGRAM, seed, initialFill: 0.85 });
  const bus = new TelemetryBus();
  const kpis = new KpiTracker();
  bus.events$.subscribe((event) => kpis.apply(event));
  const run = new RestockRun(store, {
    taskText: readFileSync(TASK, 'utf8'),
    taskFile: 'tasks/restock.yaml',
    continuous: true,
    telemetry: bus,
    life: { shopperItemsPerHour: shoppersPerHour },
  });
  const sim = store.simulation.sim;
  const wallStart = performance.now();
  const endMs = hours * 3_600_000;
  let heapStart = Number.NaN;
  let heapMax = 0;
  let nextReportMs = Math.min(WARMUP_MS, endMs);
  console.log(`restock soak: ${hours} h sim, seed ${seed}, ${shoppersPerHour} shopper takes/h`);
  run.start();
  while (sim.timeMs < endMs && run.state.status === 'running') {
    sim.step();
    if (sim.timeMs < nextReportMs) continue;
    const heap = heapMiB(gc);
    if (Number.isNaN(heapStart)) heapStart = heap;
    heapMax = Math.max(heapMax, heap);
    const k = kpis.snapshot();
    const wallMin = (performance.now() - wallStart) / 60_000;
    console.log(
      `  ${(sim.timeMs / 3_600_000).toFixed(2)} h sim, ${wallMin.toFixed(1)} min wall: restocked ${k.restocked}, ` +
        `success ${k.successRate === undefined ? '–' : (k.successRate * 100).toFixed(1)} %, ` +
        `compliance ${((k.compliance ?? 0) * 100).toFixed(1)} %, knocked ${k.collateralMoves}, heap ${heap.toFixed(1)} MiB, ` +
        `${store.simulation.objects.size} bodies`,
    );
    nextReportMs += 3_600_000;
  }
  const state = run.state;
  run.stop();
  const wallMs = performance.now() - wallStart;
  const heapEnd = heapMiB(gc);
  const k = kpis.snapshot();
  console.log(summaryText(k, wallMs, state.status === 'failed' ? `failed: ${state.failure.describe()}` : state.status));
  console.log(
    `  heap (after GC)      start ${heapStart.toFixed(1)} MiB (at ${WARMUP_MS / 60_000} min sim), end ${heapEnd.toFixed(1)} MiB, ` +
      `max ${heapMax.toFixed(1)} MiB: ${(((heapEnd - heapStart) / heapStart) * 100).toFixed(1)} % growth (goal < 10 %)`,
  );
  console.log(
    `  pick-place success   goal ≥ 99 %: ${k.successRate === undefined ? 'no tries' : `${(k.successRate * 100).toFixed(1)} %`}`,
  );
  store.free();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRestockSoak(Number(process.env.BENCH_SOAK_HOURS ?? 24), Number(process.env.BENCH_SEED ?? 1));
}
