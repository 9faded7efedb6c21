import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  cameraState,
  canvasStats,
  consoleStatus,
  kpiText,
  minus,
  startConsole,
  waitForRobotAway,
  type ConsoleHarness,
} from './console-page.ts';

// The operator console in real headless Chromium (Debian's, software GL), built by Vite and served as static
// files by a real server: the sim and the skill graph run in the page (in its worker). One facing starts empty (a can at reach
// height), the rest full, no shoppers, so the first restock comes within a minute of sim time. The facing is at the
// far end of its unit from the stock cart, so the robot drives on from the tray to the shelf (the follow test needs
// a drive after the first): a slot by the cart is reached from where the robot picks.
const QUERY = 'fill=1&shoppers=0&seed=1&empty=aisle-a/level-3/slot-5/facing-1';

let harness: ConsoleHarness;
let page: Page;

beforeAll(async () => {
  harness = await startConsole();
  page = await harness.open(QUERY);
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('operator console (headless Chromium)', () => {
  it('draws the store: the 3D view is not blank', async () => {
    const stats = await canvasStats(page);
    expect(stats.width).toBeGreaterThan(300);
    // A blank (cleared) canvas has one colour; shelves, products and the robot give contrast.
    expect(stats.variance).toBeGreaterThan(100);
  });

  it('lays out for a laptop screen (1366×768): no panel covers the 3D view, which keeps most of the width', async () => {
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    const view = await box('#view');
    expect(view.width).toBeGreaterThan(1366 / 2);
    expect(view.height).toBeGreaterThan(768 / 3);
    for (const selector of ['header.controls', '#planogram', '#kpis', '#tree', '#log']) {
      const other = await box(selector);
      const overlapX = Math.min(view.x + view.width, other.x + other.width) - Math.max(view.x, other.x);
      const overlapY = Math.min(view.y + view.height, other.y + other.height) - Math.max(view.y, other.y);
      expect(Math.max(0, overlapX) * Math.max(0, overlapY), selector).toBe(0);
    }
  });

  it("shows every planogram slot's product name and count whole at 1366×768: no text overflows its box", async () => {
    const overflows = await page.evaluate(() => {
      const out: string[] = [];
      const boxes: HTMLElement[] = Array.from(
        document.querySelectorAll<HTMLElement>('#planogram *, #kpis .tile *, header.controls *'),
      );
      for (const e of boxes) {
        if (e.clientWidth === 0) continue;
        if (e.scrollWidth > e.clientWidth)
          out.push(`${e.className} "${e.textContent}" ${e.scrollWidth} > ${e.clientWidth}`);
      }
      // scrollWidth rounds to whole pixels: an ellipsis can hide the last half pixel of a name. The text's own
      // width (a range over it) against its box's catches that.
      const spans: HTMLElement[] = Array.from(document.querySelectorAll<HTMLElement>('#planogram .slot span'));
      for (const e of spans) {
        const range = document.createRange();
        range.selectNodeContents(e);
        const textW = range.getBoundingClientRect().width;
        const boxW = e.getBoundingClientRect().width;
        if (textW > boxW + 0.01) out.push(`slot text "${e.textContent}" ${textW} px in ${boxW} px`);
      }
      return out;
    });
    expect(overflows).toEqual([]);
    const cells = await page.$$eval('#planogram [data-slot]', (nodes) =>
      nodes.map((n) => ({
        sku: n.querySelector('.sku')?.textContent,
        fontPx: parseFloat(getComputedStyle(n).fontSize),
      })),
    );
    expect(cells).toHaveLength(48);
    expect(cells.map((c) => c.sku)).toContain('detergent-bottle');
    expect(Math.min(...cells.map((c) => c.fontPx))).toBeGreaterThanOrEqual(11);
    // The whole planogram is in view: the panel needs no scrolling.
    const panel = await page.$eval('#planogram', (p) => ({ scroll: p.scrollHeight, client: p.clientHeight }));
    expect(panel.scroll).toBeLessThanOrEqual(panel.client);
  });

  it('orbit controls: dragging the view turns the camera about its target', async () => {
    const before = await cameraState(page);
    const view = (await page.locator('#view').boundingBox())!;
    const [x, y] = [view.x + view.width / 2, view.y + view.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x + 12 * i, y + 3 * i);
    // OrbitControls moves the camera in its pointer handlers, before the next frame.
    await page.mouse.up();
    const after = await cameraState(page);
    expect(after.target).toEqual(before.target);
    const distance = (c: number[], t: number[]): number => Math.hypot(...minus(c, t));
    expect(Math.hypot(...minus(after.camera, before.camera))).toBeGreaterThan(0.1);
    // An orbit: the same distance from the target.
    expect(distance(after.camera, after.target)).toBeCloseTo(distance(before.camera, before.target), 6);
  });

  it('follow robot: on, the camera and its target move with the robot as it drives; off, they stay', async () => {
    await page.check('#follow');
    await page.selectOption('#speed', 'max');
    await page.click('#start');
    const start = await cameraState(page);
    expect(start.following).toBe(true);
    await waitForRobotAway(page, start.base, 0.5, 150_000);
    const on = await cameraState(page);
    const moved = minus(on.base, start.base);
    for (let i = 0; i < 3; i++) {
      expect(on.target[i]! - start.target[i]!).toBeCloseTo(moved[i]!, 6);
      expect(on.camera[i]! - start.camera[i]!).toBeCloseTo(moved[i]!, 6);
    }
    await page.uncheck('#follow');
    const off = await cameraState(page);
    expect(off.following).toBe(false);
    // The robot drives on (to the tote, then the shelf); the camera does not.
    await waitForRobotAway(page, off.base, 0.5, 120_000);
    const later = await cameraState(page);
    for (let i = 0; i < 3; i++) {
      expect(later.target[i]!).toBeCloseTo(off.target[i]!, 6);
      expect(later.camera[i]!).toBeCloseTo(off.camera[i]!, 6);
    }
  });

  it('restocks after Start: the KPI panel counts the item and graph nodes turn succeeded', async () => {
    // The follow test started the run; started here when this test runs alone.
    if (await page.isEnabled('#start')) {
      await page.selectOption('#speed', 'max');
      await page.click('#start');
    }
    // Live: the scan succeeds first, while the restock runs.
    await page.waitForSelector('#tree .node.succeeded[data-path$="/scanShelves"]', { timeout: 60_000 });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-kpi="restocked"] .value')?.textContent ?? 0) >= 1,
      undefined,
      { timeout: 150_000, polling: 500 },
    );
    expect(Number(await kpiText(page, 'restocked'))).toBeGreaterThanOrEqual(1);
    expect(await kpiText(page, 'success')).toMatch(/^100\.0 % \(1\/1\)/);
    // The round may be over and a repeat have reset its nodes; each still shows how its last run ended.
    const succeeded = await page.$$eval('#tree .node[data-status$="succeeded"]', (nodes) =>
      nodes.map((n) => n.getAttribute('data-path')),
    );
    expect(succeeded).toContain('continuous/shift/restock/scanShelves');
    expect(succeeded.some((p) => p?.endsWith('/verifyFacing'))).toBe(true);
    // The worker scans the shelves for the planogram panel a few times a wall second.
    await page.waitForSelector('[data-slot="aisle-a/level-3/slot-5"][data-status="full"]', { timeout: 10_000 });
    expect(await page.textContent('#log')).toMatch(/restocked soup-can in aisle-a\/level-3\/slot-5\/facing-1/);
    // A line too long for the panel ends in an ellipsis: its title holds it whole.
    const lines = await page.$$eval('#log li', (items) =>
      items.map((li) => ({ text: li.textContent ?? '', title: (li as HTMLElement).title })),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const { text, title } of lines) expect(text.endsWith(` ${title}`), text).toBe(true);
  });

  it('draws every product where the worker put it (instanced per kind) and takes at most one frame per request', async () => {
    const check = await page.evaluate(() =>
      (
        window as unknown as {
          embodyConsole: { compareProducts(): { products: number; drawn: number; maxErrorM: number } };
        }
      ).embodyConsole.compareProducts(),
    );
    // The store holds every planned facing's products, the tote's and the one restocked.
    expect(check.products).toBeGreaterThan(50);
    expect(check.drawn).toBe(check.products);
    // The instances hold the very floats of the pose buffer.
    expect(check.maxErrorM).toBeLessThan(1e-6);
    const status = await consoleStatus(page);
    expect(status['framesReceived']).toBeGreaterThan(10);
    expect(status['framesReceived'] as number).toBeLessThanOrEqual(status['framesRequested'] as number);
  });

  it('draws the robot from its URDF with the joint frames our kinematics computes', async () => {
    const check = await page.evaluate(() =>
      (
        window as unknown as { embodyConsole: { compareJointFrames(): Record<string, number> } }
      ).embodyConsole.compareJointFrames(),
    );
    const status = await consoleStatus(page);
    const joints = status['joints'] as Record<string, number>;
    // The robot has worked, so the check is made away from the zero pose.
    expect(Object.values(joints).filter((q) => Math.abs(q) > 0.05).length).toBeGreaterThan(3);
    expect(check['links']).toBeGreaterThanOrEqual(20);
    expect(check['maxPositionErrorM']).toBeLessThan(1e-6);
    expect(check['maxAngleErrorRad']).toBeLessThan(1e-5);
  });

  it('Stop halts the robot through the graph cancellation and leaves nothing moving', async () => {
    await page.click('#stop');
    // The sim runs in the page's worker: its next frame reports the graph cancelled.
    await page.waitForFunction(
      () =>
        (window as unknown as { embodyConsole: { status(): { runState: string } } }).embodyConsole.status().runState ===
        'stopped',
      undefined,
      { timeout: 30_000 },
    );
    const before = await consoleStatus(page);
    expect(before['mode']).toBe('stopped');
    expect(before['runState']).toBe('stopped');
    // Physics runs on after Stop; a second of sim time later nothing has moved.
    await page.waitForFunction(
      (t0) =>
        ((window as unknown as { embodyConsole: { status(): { simTimeMs: number } } }).embodyConsole.status()
          .simTimeMs ?? 0) >
        t0 + 1000,
      before['simTimeMs'] as number,
      { timeout: 60_000 },
    );
    const after = await consoleStatus(page);
    expect(after['joints']).toEqual(before['joints']);
    expect(after['rootInWorld']).toEqual(before['rootInWorld']);
    expect(after['maxObjectSpeedMps']).toBeLessThan(0.01);
  });

  it('saves its trace and replays it: the same restocks counted from the JSONL', async () => {
    const restocked = await kpiText(page, 'restocked');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-trace')]);
    const file = join(await mkdtemp(join(tmpdir(), 'embody-trace-')), 'run.jsonl');
    await download.saveAs(file);
    const replay = await harness.open(QUERY);
    await replay.selectOption('#speed', 'max');
    await replay.setInputFiles('#trace-file', file);
    await replay.waitForFunction(
      (n) => document.querySelector('[data-kpi="restocked"] .value')?.textContent === n,
      restocked,
      {
        timeout: 60_000,
      },
    );
    expect(await replay.textContent('#status')).toMatch(/replay/);
    expect(await replay.$$eval('#tree .node[data-status$="succeeded"]', (nodes) => nodes.length)).toBeGreaterThan(3);
    await writeFile(file, '{"not": "an event"}\n');
    await replay.setInputFiles('#trace-file', file);
    await replay.waitForFunction(() => /cannot replay/.test(document.querySelector('#status')?.textContent ?? ''));
    await replay.close();
  });

  it('logged no console errors', () => {
    expect(harness.errors).toEqual([]);
  });
});
