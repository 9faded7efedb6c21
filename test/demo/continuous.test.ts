import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiTracker } from '../../apps/restock/kpis.ts';
import type { RestockRun } from '../../apps/restock/restock-run.ts';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import { basePose2D } from '../../skills/arm/robot-frames.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { scanShelves } from '../../src/world/planogram-scan.ts';
import { startContinuousRestock } from './continuous-run.ts';

// A can for the gripper on one side of the aisle, a tuna can for the suction cup on the other.
const EMPTY = ['aisle-a/level-3/slot-1/facing-1', 'aisle-b/level-2/slot-5/facing-1'];
/** More than two restocks need (about 40 s of sim time each), so running out of time is a failure. */
const LIMIT_MS = 6 * 60_000;

let store: StoreSession;
let run: RestockRun;
let kpis: KpiTracker;
let events: TelemetryEvent[];

beforeAll(async () => {
  ({ store, run, kpis, events } = await startContinuousRestock(3, EMPTY));
  const sim = store.simulation.sim;
  const full = (): boolean => scanShelves(store.world.objects(), store.planogram).compliance === 1;
  sim.runUntil(() => full() && run.state.status === 'running' && kpis.snapshot().restocked === EMPTY.length, LIMIT_MS);
  // A little longer: the robot goes back to waiting, and nothing else happens.
  sim.runFor(5000);
}, 300_000);

afterAll(() => {
  run?.stop();
  store?.free();
});

describe('continuous restocking, headless (Rapier sim, sim time)', () => {
  // The tuna-can facing (suction) is planned from a stand-off at the edge of the left arm's reach; the base docks
  // 3 mm off it and the pick is out of reach from there, until `dockForPick` re-docks the base closer.
  it('starts with the chosen facings empty, refills the tote with their products and restocks every one', () => {
    const refill = events.find((e) => (e.data?.['store'] as { kind?: string } | undefined)?.kind === 'tote-refill');
    expect((refill?.data?.['store'] as { skus: string[] }).skus.sort()).toEqual(['can-330ml', 'tuna-can']);
    const scan = scanShelves(store.world.objects(), store.planogram);
    expect(scan.facings.filter((f) => f.status !== 'full').map((f) => f.facing.name)).toEqual([]);
    const restocked = events.filter((e) => typeof e.data?.['restocked'] === 'string').map((e) => e.data?.['facing']);
    expect(restocked.sort()).toEqual([...EMPTY].sort());
  });

  it('counts each try once, all successful, with the placement error of each', () => {
    const k = kpis.snapshot();
    expect(k).toMatchObject({ attempts: 2, succeeded: 2, restocked: 2, skipped: 0, collateralMoves: 0 });
    expect(k.failuresByReason.size).toBe(0);
    expect(k.placementErrorM.n).toBe(2);
    expect(k.placementErrorM.max).toBeLessThan(0.03);
    expect(k.compliance).toBeDefined();
  });

  // A plan holds the motions of every stage (about 9 KiB): kept per item tried, the 24 h soak's heap grew with them.
  it('keeps nothing on the blackboard once its tries ended: no plan, no hold, whatever items it restocked', () => {
    expect(store.blackboard.keys()).toEqual([]);
  });

  it('then waits for work, and Stop (unsubscribe) halts the robot: the base no longer moves', () => {
    expect(run.state.status).toBe('running');
    const waiting = events.filter((e) => e.name === 'waitForWork' && e.kind === 'start');
    expect(waiting.length).toBe(2);
    run.stop();
    expect(run.state.status).toBe('stopped');
    const before = basePose2D(store.robot)!;
    store.simulation.sim.runFor(2000);
    const after = basePose2D(store.robot)!;
    expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeLessThan(1e-6);
    const cancelled = events.filter((e) => e.kind === 'cancelled').map((e) => e.path);
    expect(cancelled).toContain('continuous/shift/waitForWork');
  });
});
