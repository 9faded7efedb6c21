import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiTracker } from '../../apps/restock/kpis.ts';
import type { RestockRun } from '../../apps/restock/restock-run.ts';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { startContinuousRestock } from './continuous-run.ts';

// The one 1 l juice carton the tote gets for this facing (seed 1) is picked, and found to have no way into the slot
// as held. It cannot go back into the tote either: that hold has no carry posture, and a 2.3 m drive with the
// carton held out is refused (the planned put-back drives no arm out; the put-back before it drove there as held).
// The hand stays busy, so the demo says so (`handsStuck`) instead of idling in silence, and the facing is skipped;
// no further try is made with the hand full (the round gives three tries here to show it).
const FACING = 'aisle-a/level-1/slot-6/facing-1';
/** A try, the refused put-backs and a skip take about a minute of sim time; running out of time is a failure. */
const LIMIT_MS = 4 * 60_000;

let store: StoreSession;
let run: RestockRun;
let kpis: KpiTracker;
let events: TelemetryEvent[];

beforeAll(async () => {
  ({ store, run, kpis, events } = await startContinuousRestock(1, [FACING], (text) =>
    text.replace('attempts: 2', 'attempts: 3'),
  ));
  store.simulation.sim.runUntil(() => kpis.snapshot().restocked + kpis.snapshot().skipped >= 1, LIMIT_MS);
}, 300_000);

afterAll(() => {
  run?.stop();
  store?.free();
});

describe('a held item whose place and put-back are refused (Rapier sim, sim time)', () => {
  it('was refused in the hand, and its put-back into the tote refused for want of a carry posture', () => {
    const held = events.filter(
      (e) => e.kind === 'failed' && e.name === 'planPickAndPlace' && /as held/.test(e.failure?.message ?? ''),
    );
    expect(held.some((e) => /to 'stock-tote'.*no carry posture/.test(e.failure?.message ?? ''))).toBe(true);
    expect(events.filter((e) => e.kind === 'failed' && e.name === 'letGo').at(-1)?.failure?.message).toMatch(
      /still held/,
    );
  });

  it('says the hand is stuck, skips the facing, and tries nothing more with the hand full', () => {
    const stuck = events.filter((e) => e.kind === 'progress' && typeof e.data?.['handStuck'] === 'string');
    expect(stuck.length).toBeGreaterThanOrEqual(1);
    expect(kpis.snapshot()).toMatchObject({ attempts: 1, succeeded: 0, skipped: 1, collateralMoves: 0 });
    expect(kpis.snapshot().handsStuck).toBe(stuck.length);
    const grasps = events.filter((e) => e.kind === 'start' && e.name === 'grasp' && !e.path.includes('/free-hands/'));
    expect(grasps.length).toBe(1);
  });
});
