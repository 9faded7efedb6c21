import { expect } from 'vitest';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { collateralMoves, describeMoves } from '../../../skills/watch/collateral.ts';
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
    const tracking = h.simulation.services.objectTracking!;
    for (const goal of picks) {
      const before = tracking.poses();
      const run = runInSim(h, pickAndPlace(goal), 120_000);
      expect(run.outcome.failure?.describe(), `${goal.object} → ${goal.target}`).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      const placed = run.events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      h.simulation.sim.runFor(500);
      // Moved, whatever it turned: the limit is on position only.
      const knocked = collateralMoves(before, tracking.poses(), new Set([goal.object]), {
        moveM: KNOCKED_M,
        turnRad: Infinity,
      });
      expect(knocked, `moved while restocking ${goal.target}: ${describeMoves(knocked)}`).toEqual([]);
    }
  } finally {
    h.simulation.free();
  }
}
