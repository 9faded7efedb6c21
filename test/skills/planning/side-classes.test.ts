import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { StoreLife } from '../../../apps/restock/store-life.ts';
import { openStore, type StoreSession } from '../../../apps/restock/store-session.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { objectsIn, stockPlace } from '../../../skills/restock/stock.ts';

// The restocking demo's 1 l milk carton (70 × 70 × 200 mm) onto aisle-a's lowest level, whose board above leaves
// 450 mm. Its four best-scored hold classes all take it from the top (the gripper closing along x or y, the cup
// turned two ways): held so, the hand rides above the carton into that board, and the planner, trying four
// classes, refused ("no heading of the load reaches it"). Its side grasps ranked fifth and were never tried.
const PLANOGRAM = fileURLToPath(new URL('../../../scenes/store-planogram.yaml', import.meta.url));
const FACING = 'aisle-a/level-1/slot-4/facing-1';

describe('a milk carton into the lowest level of the store (demo seed 1 store, that facing empty)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 1, emptyFacings: [FACING] });
    const life = new StoreLife(store, { emit: () => {} }, { shopperItemsPerHour: 0 });
    life.start();
    // The refill brings a carton for the empty facing; half a second lets it settle in the tote.
    store.simulation.sim.runFor(500);
    life.stop();
  }, 120_000);
  afterAll(() => store?.free());

  const scene = () => ({ robot: store.robot, world: store.world, services: store.services });
  let plan: PickPlacePlan;
  beforeAll(() => {
    const carton = objectsIn(store.world, stockPlace(store.world, store.stockPlace)).find((o) =>
      o.id.includes('milk-carton-1l'),
    );
    if (!carton) throw new Error('the refill brought no milk carton');
    plan = solvePickAndPlace(scene(), { object: carton.id, target: FACING, effector: 'auto' });
  }, 120_000);

  it('plans it from the side once the top-held classes are refused at the place', () => {
    expect(plan.effector).toBe('gripper');
    expect(plan.pick?.motion.choice.candidate.label).toMatch(/^gripper [-+][xy] face/);
  });

  it('still refuses every top-held class at the place: the hand above a 200 mm carton meets the board 450 mm up', () => {
    const top = plan.rejected.filter((r) => r.grasp.includes('+z face'));
    // Gripper closing along x and along y, the cup turned two ways; each class's picks tried.
    expect(new Set(top.map((r) => r.grasp)).size).toBeGreaterThanOrEqual(4);
    for (const r of top) {
      expect(r.stage).toBe('place');
      expect(r.reason).toContain('no heading of the load reaches it');
    }
  });
});
