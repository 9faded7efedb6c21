import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiTracker } from '../../apps/restock/kpis.ts';
import type { RestockRun } from '../../apps/restock/restock-run.ts';
import type { StoreEvent } from '../../apps/restock/store-events.ts';
import type { StoreSession } from '../../apps/restock/store-session.ts';
import { HELD } from '../../skills/arm/held-objects.ts';
import { pickOrigin, rememberPickOrigin } from '../../skills/restock/memory.ts';
import { SET_DOWN_TAG } from '../../skills/restock/set-down.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { OUT_OF_REACH_UP, raisePlaces, startContinuousRestock } from './continuous-run.ts';

// A hand nothing frees, built directly on demo seed 1: as the grasp of a coffee can ends, its facing, the tote, its
// pick spot and every set-down spot are moved 3 m up in the world model, so every place of the can as held is
// refused. The robot must report the stuck hand, and a worker must take the can out of it once the arm stands
// still, so the hand is free again (demo seed 9 held a bleach bottle from 10:45 to the end of the run).
const FACING = 'aisle-b/level-1/slot-2/facing-2';
const LIMIT_MS = 6 * 60_000;

let store: StoreSession;
let run: RestockRun;
let kpis: KpiTracker;
let events: TelemetryEvent[];
let gripped: string | undefined;

const takenFromHand = (e: TelemetryEvent): boolean => {
  const store = e.data?.['store'] as StoreEvent | undefined;
  return store?.kind === 'staff-assist' && store.removed.length > 0;
};

beforeAll(async () => {
  let bus;
  ({ store, run, kpis, events, bus } = await startContinuousRestock(1, [FACING]));
  bus.events$.subscribe((e) => {
    if (gripped !== undefined || e.kind !== 'succeeded' || e.name !== 'grasp') return;
    gripped = store.blackboard.entries(HELD)[0]?.[1].objectId;
    const setDown = store.world.places().filter((p) => p.tags.includes(SET_DOWN_TAG));
    raisePlaces(store, [FACING, store.stockPlace, ...setDown.map((p) => p.name)]);
    const origin = pickOrigin(store.world, gripped!)!;
    rememberPickOrigin(store.world, gripped!, { ...origin, position: origin.position.clone().add(OUT_OF_REACH_UP) });
  });
  store.simulation.sim.runUntil(() => events.some(takenFromHand), LIMIT_MS);
}, 900_000);

afterAll(() => {
  run?.stop();
  store?.free();
});

describe('a hand nothing frees (Rapier sim, sim time)', () => {
  it('is reported stuck with the can', () => {
    expect(gripped).toMatch(/coffee-can/);
    const stuck = events.filter((e) => e.data?.['handStuck'] === gripped);
    expect(stuck.length).toBeGreaterThanOrEqual(1);
    expect(kpis.snapshot().handsStuck).toBe(stuck.length);
  });

  it('is freed by a worker who takes the can out of it, after the report, and the robot goes on empty-handed', () => {
    const firstStuckMs = events.find((e) => e.data?.['handStuck'] === gripped)!.simTimeMs;
    const taken = events.find(takenFromHand)!;
    expect(taken.data?.['store']).toEqual({
      kind: 'staff-assist',
      arm: expect.any(String),
      removed: [gripped],
      why: `took '${gripped}' out of the stuck hand`,
      waitedMs: expect.any(Number),
    });
    expect(taken.simTimeMs).toBeGreaterThanOrEqual(firstStuckMs);
    expect(kpis.snapshot().staffAssists).toBe(1);
    expect(store.world.object(gripped!)).toBeUndefined();
    expect(store.blackboard.entries(HELD)).toEqual([]);
    // No stuck report after the hand was freed.
    expect(events.some((e) => e.data?.['handStuck'] !== undefined && e.simTimeMs > taken.simTimeMs)).toBe(false);
    expect(kpis.snapshot().collateralMoves).toBe(0);
  });
});
