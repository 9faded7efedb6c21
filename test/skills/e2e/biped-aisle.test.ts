import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { collateralMoves } from '../../../skills/watch/collateral.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import { runInSim, simHarnessFor, type SimHarness } from './sim-harness.ts';

const AISLE = new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname;

/** The retail aisle of `embody run examples/restock-shelf.yaml`, with the biped standing where the wheeled humanoid does. */
async function bipedInAisle(seed: number): Promise<SimHarness> {
  return simHarnessFor(withBiped(await loadScene(AISLE)), 'picker', seed);
}

describe('restocking the retail aisle with the biped (sim, seed 1): the same skills, only the robot differs', () => {
  it("examples/restock-shelf.yaml's high-slot pick-and-place: a can from the tote onto the 1.5 m board, balanced at every tick, nothing else moved", async () => {
    const h = await bipedInAisle(1);
    try {
      const world = h.simulation.worldModel;
      const object = 'stock-tote/can-330ml-8';
      const tracking = h.simulation.services.objectTracking!;
      const before = tracking.poses();
      const balance: BalanceState[] = [];
      (h.ctx.robot.parts.base as SimBipedBase).balance$.subscribe((b) => balance.push(b));

      const run = runInSim(h, pickAndPlace({ object, target: 'aisle-a/level-4/slot-6' }), 120_000);
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      const placed = run.events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      expect(placed?.data?.tiltDeg).toBeLessThanOrEqual(5);
      // It walked by footsteps, to the cart and across the aisle.
      expect(run.events.filter((e) => e.message === 'footsteps').length).toBeGreaterThanOrEqual(2);

      // On the top board, and still there after another second of physics.
      h.simulation.sim.runFor(1000);
      const rest = world.object(object)!.poseInWorld.position;
      expect(rest.z - 0.115 / 2).toBeCloseTo(1.5, 2);
      // The ZMP stayed inside the feet at every tick, while the arm moved the can too, and well inside: with the
      // arm's paths timed C1 (blended corners) no joint reverses in a tick, which had dipped it to -5 mm on seed 2.
      expect(balance.length).toBeGreaterThan(5000);
      expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0.02);
      // Nothing else in the aisle moved (a knocked can or a pushed product would).
      const moved = collateralMoves(before, tracking.poses(), new Set([object]), {
        moveM: 0.005,
        turnRad: Infinity,
      }).map((m) => m.objectId);
      expect(moved).toEqual([]);
    } finally {
      h.simulation.free();
    }
  }, 400_000);

  // Known failure (issue 16): the low slot's board is 0.15 m high under a board at 0.6 m. The waist now bends
  // with the squat (1.2 rad at a 0.5 m pelvis, the hips set back 17 cm to keep the CoM over the feet) and the
  // planner places the can from there: the shoulder at 0.71 m, the torso and head checked clear of the shelf
  // (biped-waist.test.ts). The execution still misses: the arm holds its carry posture while the waist pitches, so
  // the top-grasped can tilts with the torso (1.2 rad) on the way down, pivots about 1 cm in the fingers, catches
  // the slot's front lip on the way in and comes to rest 1.5-2 cm off the spot. Keeping the load level while the
  // waist bends (the wrist counter-rotating with the squat) is what is left.
  it.fails(
    "examples/restock-shelf.yaml's low-slot pick-and-place: a can onto the 0.15 m board",
    async () => {
      const h = await bipedInAisle(1);
      try {
        const run = runInSim(h, pickAndPlace({ object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6' }));
        expect(run.outcome.failure?.describe()).toBeUndefined();
      } finally {
        h.simulation.free();
      }
    },
    300_000,
  );
});
