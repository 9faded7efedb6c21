import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import { restockOnce, storeWithEmptyFacing } from '../../helpers/store-case.ts';

/** A coffee-can facing (Ø102 mm, 0.41 kg) on aisle-b's lowest board, 0.15 m: store seed 11's drawn facing. */
const FACING = 'aisle-b/level-1/slot-1/facing-2';

// The wheeled humanoid takes the coffee can by its lid with its cup. The biped has no cup: with hands that opened
// to 0.10 m the planner found no grasp of it at all ("no grasp fits 'stock/coffee-can-…' (cylinder)"), and the
// facing was skipped untouched. Its hands open to 0.12 m: the can is squeezed across its diameter, held by friction.
describe('the biped restocks a coffee can (store seed 11)', () => {
  it('grips the can across its diameter in the tote, carries it by walking and places it into the low facing', async () => {
    const store = await storeWithEmptyFacing(11, FACING, 1, withBiped);
    try {
      expect(store.robot.parts.suctionCups).toEqual([]);
      const balance: BalanceState[] = [];
      (store.robot.parts.base as SimBipedBase).balance$.subscribe((b) => balance.push(b));
      const startMs = store.simulation.sim.timeMs;
      const { events, failure, done } = restockOnce(store, FACING);
      expect(failure?.describe()).toBeUndefined();
      expect(done).toBe(true);
      expect(store.simulation.sim.timeMs - startMs).toBeLessThanOrEqual(180_000);
      expect(events.filter((e) => e.message === 'skipped')).toEqual([]);
      // The plan is a gripper's, for a coffee can.
      const plan = events.find((e) => e.message === 'plan' && e.path.endsWith('/planPickAndPlace'));
      expect(String(plan?.data?.object)).toMatch(/^stock\/coffee-can-\d+$/);
      expect(plan?.data?.effector).toBe('gripper');
      // The fingers carry its weight (0.41 kg: 4.1 N) by friction, as the wrist measures it.
      const picked = events.find((e) => e.message === 'verified' && e.path.endsWith('/grasp'));
      expect(picked?.data?.payloadN).toBeGreaterThan(0.8 * Number(picked?.data?.expectedN));
      expect(Number(picked?.data?.expectedN)).toBeGreaterThan(3.5);
      expect(events.find((e) => e.message === 'in place')?.data?.facing).toBe(FACING);
      expect(balance.length).toBeGreaterThan(1000);
      expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0);
    } finally {
      store.free();
    }
  }, 300_000);
});
