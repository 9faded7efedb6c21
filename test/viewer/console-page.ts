import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../apps/restock/serve-console.ts';
import { serveStatic, type StaticServer } from '../../apps/restock/static-server.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../bench/chromium.ts';

/** The built console served by a real static server, and headless Chromium with a fresh profile. */
export interface ConsoleHarness {
  readonly server: StaticServer;
  readonly context: BrowserContext;
  /** Console errors and uncaught page errors seen so far, on every page opened. */
  readonly errors: string[];
  open(query: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Builds the console with Vite into a folder of its own (the README test's `npm run build:console` empties
 * `apps/viewer/dist/` and may run beside this one), serves it and launches Chromium.
 */
export async function startConsole(): Promise<ConsoleHarness> {
  const dist = await buildConsole(await mkdtemp(join(tmpdir(), 'embody-console-')));
  const server = await serveStatic(dist, 0);
  const profile = await mkdtemp(join(tmpdir(), 'embody-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  });
  const errors: string[] = [];
  return {
    server,
    context,
    errors,
    async open(query) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}?${query}`);
      await page.waitForSelector('#start:not([disabled])', { timeout: 120_000 });
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
      await rm(dist, { recursive: true, force: true });
    },
  };
}

/** The console's automation hook: clock, mode and KPIs (see apps/viewer/src/main.ts). */
export async function consoleStatus(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() =>
    (window as unknown as { embodyConsole: { status(): Record<string, unknown> } }).embodyConsole.status(),
  );
}

/** A KPI tile's value as shown. */
export async function kpiText(page: Page, kpi: string): Promise<string> {
  return (await page.textContent(`[data-kpi="${kpi}"] .value`)) ?? '';
}

/** Mean and variance of the 3D view's pixels (luma), read from its WebGL canvas. */
export async function canvasStats(page: Page): Promise<{ mean: number; variance: number; width: number }> {
  return page.evaluate(() => {
    const source = document.querySelector<HTMLCanvasElement>('#view')!;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const g = copy.getContext('2d')!;
    g.drawImage(source, 0, 0);
    const { data } = g.getImageData(0, 0, copy.width, copy.height);
    let sum = 0;
    let sumSq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      sum += y;
      sumSq += y * y;
    }
    const mean = sum / n;
    return { mean, variance: sumSq / n - mean * mean, width: copy.width };
  });
}

/** The robot as last drawn and the camera that drew it (world frame, m). */
export interface CameraState {
  readonly base: number[];
  readonly camera: number[];
  readonly target: number[];
  readonly following: boolean;
}

export async function cameraState(page: Page): Promise<CameraState> {
  const s = await consoleStatus(page);
  return {
    base: s['drawnBaseInWorld'] as number[],
    camera: s['cameraInWorld'] as number[],
    target: s['cameraTargetInWorld'] as number[],
    following: s['following'] as boolean,
  };
}

/** Waits until the drawn robot is at least `distanceM` from `from` (checked every animation frame). */
export async function waitForRobotAway(
  page: Page,
  from: number[],
  distanceM: number,
  timeoutMs: number,
): Promise<void> {
  await page.waitForFunction(
    ([p, d]) => {
      const status = (
        window as unknown as { embodyConsole: { status(): { drawnBaseInWorld: number[] } } }
      ).embodyConsole.status();
      const b = status.drawnBaseInWorld;
      return Math.hypot(b[0]! - p[0]!, b[1]! - p[1]!, b[2]! - p[2]!) >= d;
    },
    [from, distanceM] as const,
    { timeout: timeoutMs },
  );
}

/** `a - b`, componentwise. */
export function minus(a: readonly number[], b: readonly number[]): number[] {
  return a.map((v, i) => v - b[i]!);
}
