import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiTracker } from '../../apps/restock/kpis.ts';
import type { RestockRun } from '../../apps/restock/restock-run.ts';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import { startContinuousRestock } from './continuous-run.ts';

// A pudding box: the catalog gives it to the cup, but its only faces wide enough for the cup are its front and
// back, and standing in the tote neither can be taken by a level cup low enough (the wrist would meet the tote's
// floor). The gripper takes it across its 35 mm depth from above.
const EMPTY = ['aisle-b/level-3/slot-5/facing-1'];
/** More than one restock needs (about 40 s of sim time), so running out of time is a failure. */
const LIMIT_MS = 4 * 60_000;

let store: StoreSession;
let run: RestockRun;
let kpis: KpiTracker;
let events: TelemetryEvent[];

beforeAll(async () => {
  ({ store, run, kpis, events } = await startContinuousRestock(3, EMPTY));
  const sim = store.simulation.sim;
  const done = (): boolean => kpis.snapshot().restocked + kpis.snapshot().skipped >= EMPTY.length;
  sim.runUntil(done, LIMIT_MS);
}, 300_000);

afterAll(() => {
  run?.stop();
  store?.free();
});

describe('restocking takes an item with the hand whose grasp works (Rapier sim, sim time)', () => {
  it('restocks the suction item the cup cannot take with the gripper, in one try', () => {
    const scan = scanShelves(store.world.objects(), store.planogram);
    expect(scan.facings.filter((f) => f.status !== 'full').map((f) => f.facing.name)).toEqual([]);
    expect(kpis.snapshot()).toMatchObject({ attempts: 1, succeeded: 1, restocked: 1, skipped: 0 });
    const plans = events.filter((e) => e.name === 'planPickAndPlace' && e.message === 'plan');
    expect(plans.map((e) => e.data?.['effector'])).toEqual(['gripper']);
  });

  it('tried the preferred cup first, refused at planning before the robot moved', () => {
    const failed = events.filter((e) => e.kind === 'failed' && e.name === 'planPickAndPlace');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]!.failure?.message).toMatch(/suction/);
    const untouched = events.filter((e) => e.name === 'untouched' && e.kind === 'succeeded');
    expect(untouched.length).toBe(1);
  });
});
