// The operator console's frame rate in headless Chromium (SwiftShader software GL, as on a machine without a GPU)
// with the robot working at real-time pace: the renderer in the page, the sim and the skill graph in its worker.
// A baseline is measured in the same Chromium right before: the console's renderer settings on a canvas of the same
// size drawing one cube (apps/viewer/baseline.html), so the console's figures read as ratios on a noisy machine.
//   nice node bin/run-ts.mjs bench/console-fps.ts     (BENCH_FPS_SECONDS=20, BENCH_FPS_SCALE=<render scale>)
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildConsole } from '../apps/restock/serve-console.ts';
import { serveStatic } from '../apps/restock/static-server.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';
import { chromiumCpuMs, cpuPerFrame } from './chromium-cpu.ts';
import { median, percentile } from './stats.ts';

/** The store measured: as the console tests open it, with shoppers. */
const STORE = 'seed=1&fill=1&shoppers=30&empty=aisle-a/level-3/slot-1/facing-1';
/** Longest wait for the robot to start moving after Start (planning on a loaded machine takes a while), s. */
const MOVE_WAIT_S = Number(process.env.BENCH_FPS_WAIT_S ?? 240);

/** What the console page reports (apps/viewer/src/console-app.ts `ConsolePerf`). */
interface ConsolePerf {
  readonly frameAtMs: number[];
  readonly pageMs: number[];
  readonly draw: { calls: number; triangles: number; width: number; height: number };
  readonly workerMsPerTick: number;
  readonly realTimeFactor: number;
  readonly simTimeMs: number;
  readonly wallMs: number;
}

/** Frame rate of a run of frames: median and 5th percentile (a slow frame), from the intervals between frames. */
interface Rate {
  readonly frames: number;
  readonly medianFps: number;
  readonly p5Fps: number;
  readonly cpuMsPerFrame: Record<string, number>;
}

function rate(frameAtMs: readonly number[][], cpu: Record<string, number>): Rate {
  const intervals = frameAtMs.flatMap((run) => run.slice(1).map((t, i) => t - run[i]!));
  const frames = frameAtMs.reduce((n, run) => n + run.length, 0);
  return { frames, medianFps: 1000 / median(intervals), p5Fps: 1000 / percentile(intervals, 95), cpuMsPerFrame: cpu };
}

const cpuText = (cpu: Record<string, number>): string =>
  `GPU process ${(cpu['gpu-process'] ?? 0).toFixed(1)} ms + renderer ${(cpu['renderer'] ?? 0).toFixed(1)} ms`;

/** Samples a page's frames for `seconds`: `drain` returns the frame times since its last call. */
async function sample<T extends { frameAtMs: number[] }>(
  page: Page,
  profile: string,
  seconds: number,
  drain: () => Promise<T>,
): Promise<{ rate: Rate; samples: T[] }> {
  await drain();
  const cpu0 = chromiumCpuMs(profile);
  const samples: T[] = [];
  for (let i = 0; i < seconds; i++) {
    await page.waitForTimeout(1000);
    samples.push(await drain());
  }
  const runs = samples.map((s) => s.frameAtMs);
  const frames = runs.reduce((n, run) => n + run.length, 0);
  return { rate: rate(runs, cpuPerFrame(cpu0, chromiumCpuMs(profile), frames)), samples };
}

/** Measures the console's frame rate while the robot works, and the baseline's, in one Chromium. */
export async function runConsoleFpsBench(seconds = Number(process.env.BENCH_FPS_SECONDS ?? 20)): Promise<void> {
  const server = await serveStatic(await buildConsole(), 0);
  const profile = await mkdtemp(join(tmpdir(), 'embody-fps-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1366, height: 768 },
  });
  const loadBefore = loadavg()[0]!;
  try {
    const scale = process.env.BENCH_FPS_SCALE === undefined ? '' : `&scale=${process.env.BENCH_FPS_SCALE}`;
    const page = await context.newPage();
    // One facing starts empty (a can at reach height) and shoppers take items: the robot has work at once, where a
    // store 85 % stocked first plans a long round (minutes before it moves on a loaded machine).
    await page.goto(`${server.url}?${STORE}&speed=1${scale}`);
    await page.waitForSelector('#start:not([disabled])', { timeout: 180_000 });
    const perf = (): Promise<ConsolePerf> =>
      page.evaluate(() => (window as unknown as { embodyConsole: { perf(): ConsolePerf } }).embodyConsole.perf());
    const { width, height } = (await perf()).draw;
    const box = await page.locator('#view').boundingBox();

    // Baseline: the same renderer settings and canvas size, one cube, in a second tab (the console's tab still
    // idle: a still store is not redrawn).
    const baselinePage = await context.newPage();
    const cssW = Math.round(box?.width ?? width);
    const cssH = Math.round(box?.height ?? height);
    const baselineScale = (width / cssW).toFixed(3);
    await baselinePage.goto(`${server.url}baseline.html?w=${cssW}&h=${cssH}&scale=${baselineScale}`);
    await baselinePage.waitForFunction(() => 'embodyBaseline' in window);
    const baseline = await sample(baselinePage, profile, Math.max(3, Math.round(seconds / 3)), () =>
      baselinePage.evaluate(() =>
        (window as unknown as { embodyBaseline: { perf(): { frameAtMs: number[] } } }).embodyBaseline.perf(),
      ),
    );
    await baselinePage.close();

    await page.bringToFront();
    await page.click('#start');
    // Wait until the robot is under way (the sim clock runs and the robot draws), so the frames measured are frames
    // of it working; the first plan can hold the worker for a while on a loaded machine.
    let waitedS = 0;
    for (; waitedS < MOVE_WAIT_S; waitedS++) {
      await page.waitForTimeout(1000);
      const p = await perf();
      if (p.simTimeMs > 2000 && p.frameAtMs.length > 5) break;
    }
    const run = await sample(page, profile, seconds, perf);
    const last = run.samples[run.samples.length - 1]!;
    const first = run.samples[0]!;
    const simS = (last.simTimeMs - first.simTimeMs) / 1000;
    // The page's clock: on a loaded machine a "1 s" wait between samples runs longer.
    const wallS = (last.wallMs - first.wallMs) / 1000;
    const pageMs = run.samples.flatMap((s) => s.pageMs);
    const loadAfter = loadavg()[0]!;
    const c = run.rate;
    const b = baseline.rate;
    console.log(
      `console frame rate (headless Chromium, SwiftShader, 1366×768 window, view ${width}×${height} px rendered), ` +
        `robot working at 1× (started after ${waitedS} s), load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}:`,
    );
    console.log(
      `  console : median ${c.medianFps.toFixed(1)} fps, p5 ${c.p5Fps.toFixed(1)} fps (${c.frames} frames in ${wallS.toFixed(1)} s; ` +
        `goal ≥ 30); per frame: page ${median(pageMs).toFixed(1)} ms (p95 ${percentile(pageMs, 95).toFixed(1)}), ` +
        `CPU ${cpuText(c.cpuMsPerFrame)}; ${last.draw.calls} draw calls, ${last.draw.triangles} triangles`,
    );
    console.log(
      `  baseline (one cube, same canvas): median ${b.medianFps.toFixed(1)} fps, p5 ${b.p5Fps.toFixed(1)} fps; ` +
        `CPU ${cpuText(b.cpuMsPerFrame)} per frame`,
    );
    console.log(
      `  ratio console/baseline: ${(c.medianFps / b.medianFps).toFixed(2)} (median fps); ` +
        `worker ${last.workerMsPerTick.toFixed(1)} ms stepping per tick; ` +
        `sim advanced ${simS.toFixed(1)} s in ${wallS.toFixed(1)} s of wall time (real-time factor ` +
        `${(simS / wallS).toFixed(2)}; the worker's own estimate ${last.realTimeFactor.toFixed(2)})`,
    );
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runConsoleFpsBench();
