// The operator console's frame rate in headless Chromium (SwiftShader software GL, as on a machine without a GPU)
// with the robot working at real-time pace: the renderer in the page, the sim and the skill graph in its worker.
//   nice node bin/run-ts.mjs bench/console-fps.ts        (BENCH_FPS_SECONDS=20 by default)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildConsole } from '../apps/restock/serve-console.ts';
import { serveStatic } from '../apps/restock/static-server.ts';
import { median, percentile } from './stats.ts';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Status {
  readonly fps: number;
  readonly realTimeFactor: number;
  readonly simTimeMs: number;
  readonly runState: string;
  readonly joints: Record<string, number>;
  readonly frameCostsMs: { simMs: number; drawMs: number };
}

/** Measures frames per second and the achieved real-time factor over `seconds` of wall time once the robot moves. */
export async function runConsoleFpsBench(seconds = Number(process.env.BENCH_FPS_SECONDS ?? 20)): Promise<void> {
  const server = await serveStatic(await buildConsole(), 0);
  const profile = await mkdtemp(join(tmpdir(), 'embody-fps-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
  });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?seed=1&fill=0.85&shoppers=30&speed=1`);
    await page.waitForSelector('#start:not([disabled])', { timeout: 120_000 });
    const status = (): Promise<Status> =>
      page.evaluate(() => (window as unknown as { embodyConsole: { status(): Status } }).embodyConsole.status());
    await page.click('#start');
    // Wait until the robot is under way (its joints change), so the frames measured are frames of it working.
    const first = await status();
    for (let i = 0; i < 120; i++) {
      await page.waitForTimeout(500);
      const now = await status();
      if (Object.entries(now.joints).some(([name, q]) => Math.abs(q - (first.joints[name] ?? 0)) > 0.01)) break;
    }
    const samples: Status[] = [];
    for (let i = 0; i < seconds; i++) {
      await page.waitForTimeout(1000);
      samples.push(await status());
    }
    const fps = samples.map((s) => s.fps);
    const simS = (samples[samples.length - 1]!.simTimeMs - samples[0]!.simTimeMs) / 1000;
    console.log(
      `console frame rate (headless Chromium, software GL, 1366×768, robot working at 1× real time): ` +
        `median ${median(fps).toFixed(1)} fps, p10 ${percentile(fps, 10).toFixed(1)} fps over ${seconds} s (goal ≥ 30); ` +
        `sim advanced ${simS.toFixed(1)} s in ${seconds - 1} s (real-time factor ${(simS / (seconds - 1)).toFixed(2)})`,
    );
    const costs = samples[samples.length - 1]!.frameCostsMs;
    console.log(
      `  page: drawing ${costs.drawMs.toFixed(1)} ms per frame; worker: stepping the sim ${costs.simMs.toFixed(1)} ms per tick`,
    );
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runConsoleFpsBench();
