import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoreLife } from '../../../apps/restock/store-life.ts';
import { openStore, storeSkillContext } from '../../../apps/restock/store-session.ts';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { restockFacing } from '../../../skills/restock.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../../src/skill/failure.ts';
import { runSkill } from '../../../src/skill/run.ts';
import { NULL_SINK } from '../../../src/telemetry/bus.ts';

const PLANOGRAM = fileURLToPath(new URL('../../../scenes/store-planogram.yaml', import.meta.url));
/** A can-330ml facing at chest height, across the aisle from the tote. */
const FACING = 'aisle-a/level-3/slot-1/facing-1';

describe('the biped restocks the store (scenes/store.yaml, its planogram, seed 1)', () => {
  it('picks a can from the refilled tote, walks it to the shelf, places it into the empty facing and verifies it', async () => {
    const store = await openStore({
      planogramPath: PLANOGRAM,
      seed: 1,
      initialFill: 1,
      emptyFacings: [FACING],
      robotFor: withBiped,
    });
    try {
      expect(store.robot.parts.base?.kind).toBe('bipedal');
      // The store's own refill lays out the tote for the biped's two grippers.
      const life = new StoreLife(store, { emit: () => undefined }, { shopperItemsPerHour: 0 });
      life.start();
      store.simulation.sim.runFor(500);
      life.stop();
      const balance: BalanceState[] = [];
      (store.robot.parts.base as SimBipedBase).balance$.subscribe((b) => balance.push(b));
      const ctx = storeSkillContext(store, NULL_SINK);
      const events: SkillProgress[] = [];
      const outcome: { done: boolean; failure?: SkillFailure } = { done: false };
      // One try: a skip would hide the reason behind a second stock item.
      runSkill(restockFacing({ facing: FACING, stock: store.stockPlace, attempts: 1 }), ctx).subscribe({
        next: (e) => events.push(e),
        error: (e: unknown) => Object.assign(outcome, { done: true, failure: toSkillFailure(e) }),
        complete: () => (outcome.done = true),
      });
      store.simulation.sim.runUntil(() => outcome.done, 180_000);
      expect(outcome.failure?.describe()).toBeUndefined();
      expect(outcome.done).toBe(true);
      expect(events.filter((e) => e.message === 'skipped')).toEqual([]);
      // From the tote: walked to it, and carried the can by walking to the shelf.
      const walks = events.filter((e) => e.path.endsWith('/navigate') && e.message === 'arrived');
      expect(walks.map((e) => e.path.includes('/carry/'))).toEqual([false, true]);
      const picked = events.find((e) => e.message === 'verified' && e.path.endsWith('/grasp'));
      expect(picked?.data?.payloadN).toBeGreaterThan(2);
      const placed = events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      const verified = events.find((e) => e.message === 'in place');
      expect(verified?.data?.facing).toBe(FACING);
      // The ZMP stayed inside the feet at every tick.
      expect(balance.length).toBeGreaterThan(1000);
      expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0);
    } finally {
      store.free();
    }
  }, 300_000);
});
