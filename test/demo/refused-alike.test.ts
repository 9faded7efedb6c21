import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiTracker } from '../../apps/restock/kpis.ts';
import type { RestockRun } from '../../apps/restock/restock-run.ts';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { startContinuousRestock } from './continuous-run.ts';

// The one 1 l juice carton the tote gets for this facing (seed 1) is picked, found to have no way into the slot as
// held and put back; the next try is refused at planning with both hands before the robot touches it. Nothing
// near the carton or the facing moves after that, so a third try would be planned, and refused, alike: it is not
// made (the round gives three tries here to show it), and the facing is skipped with the reason instead.
const FACING = 'aisle-a/level-1/slot-6/facing-1';
/** Two tries and a skip take about a minute of sim time; running out of time is a failure. */
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

describe('a facing whose try was refused with nothing changed since (Rapier sim, sim time)', () => {
  it('is not tried a third time with the same item: the choice of stock passes it over and the facing is skipped', () => {
    expect(kpis.snapshot()).toMatchObject({ attempts: 2, succeeded: 0, skipped: 1 });
    const untouched = events.find(
      (e) => e.kind === 'failed' && e.name === 'stock-item' && e.failure?.reason === 'precondition-failed',
    );
    expect(untouched?.failure?.message).toMatch(/without being touched.*nothing near it or the facing has moved/);
  });

  it('was refused at planning, not in the hand, on the try it passed over', () => {
    const refusals = events.filter((e) => e.kind === 'failed' && e.name === 'planPickAndPlace');
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.kind === 'failed' && e.name === 'letGo').at(-1)?.failure?.message).toMatch(
      /never left where it was picked/,
    );
  });
});
