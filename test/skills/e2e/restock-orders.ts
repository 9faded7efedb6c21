import { expect } from 'vitest';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { runInSim, simHarness } from './sim-harness.ts';

/** examples/restock-shelf.yaml's two picks: a can into a high slot and one into a low slot of aisle-a. */
export const HIGH = { object: 'stock-tote/can-330ml-8', target: 'aisle-a/level-4/slot-6' } as const;
export const LOW = { object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6' } as const;

/** An object other than the picked one that moved further than this during a pick was knocked, m. */
const KNOCKED_M = 0.01;

/**
 * Runs `picks` one after another in one retail-aisle sim (one robot session: the second starts where the first
 * left the arm, base and blackboard) and checks that each succeeds, places its can within 1 cm, and moves nothing
 * else.
 */
export async function restockInOrder(picks: readonly { object: string; target: string }[]): Promise<void> {
  const h = await simHarness('retail-aisle.yaml', 'picker', 1);
  try {
    const world = h.simulation.worldModel;
    for (const goal of picks) {
      const before = new Map(world.objects().map((o) => [o.id, o.poseInWorld.position.clone()]));
      const run = runInSim(h, pickAndPlace(goal), 120_000);
      expect(run.outcome.failure?.describe(), `${goal.object} → ${goal.target}`).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      const placed = run.events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      h.simulation.sim.runFor(500);
      const knocked = world
        .objects()
        .filter((o) => o.id !== goal.object && o.poseInWorld.position.distanceTo(before.get(o.id)!) > KNOCKED_M)
        .map((o) => `${o.id} ${(100 * o.poseInWorld.position.distanceTo(before.get(o.id)!)).toFixed(1)} cm`);
      expect(knocked, `moved while restocking ${goal.target}`).toEqual([]);
    }
  } finally {
    h.simulation.free();
  }
}
