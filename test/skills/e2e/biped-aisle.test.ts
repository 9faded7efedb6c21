import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { collateralMoves } from '../../../skills/watch/collateral.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import type { SkillProgress } from '../../../src/skill/events.ts';
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

  // Issue 16: the low slot's board is 0.15 m high under a board at 0.6 m, reached in the deep squat with the waist
  // bent 1.2 rad. With the arm's joints held through the squat the top-grasped can tilted with the torso (68° at the
  // bottom), pivoted about 1 cm in the fingers and came to rest 1.5-2 cm off. The lift now runs in steps of at most
  // 0.1 rad of waist, the arm turning the hand back at each (skills/reach/level-lift.ts).
  it("examples/restock-shelf.yaml's low-slot pick-and-place: a can onto the 0.15 m board, kept level through the squat", async () => {
    const h = await bipedInAisle(1);
    try {
      const object = 'stock-tote/can-330ml-3';
      const world = h.simulation.worldModel;
      const up = new Vector3(0, 0, 1);
      let events: readonly SkillProgress[] = [];
      // The held can's tilt from upright at every tick of the squat before the place.
      const squatTiltDeg: number[] = [];
      h.simulation.sim.addPreStep(() => {
        const at = events[events.length - 1]?.path ?? '';
        if (!at.endsWith('/carry/setLiftFor')) return;
        const axis = new Vector3(0, 0, 1).applyQuaternion(world.object(object)!.poseInWorld.quaternion);
        squatTiltDeg.push((axis.angleTo(up) * 180) / Math.PI);
      });
      const run = runInSim(h, pickAndPlace({ object, target: 'aisle-a/level-1/slot-6' }), 150_000, (e) => {
        events = e;
        return false;
      });
      expect(run.outcome.failure?.describe()).toBeUndefined();
      // The squat went down to the waist's full bend, in steps.
      const levelled = run.events.find((e) => e.message === 'levelled lift');
      const steps = levelled?.data?.steps as number[] | undefined;
      expect(steps?.length).toBeGreaterThanOrEqual(12);
      expect(steps?.[steps.length - 1]).toBeCloseTo(0.5, 3);
      expect(squatTiltDeg.length).toBeGreaterThan(200);
      expect(Math.max(...squatTiltDeg)).toBeLessThan(3);
      // Placed first time, within the place's tolerance.
      expect(run.events.filter((e) => e.message === 'retrying')).toEqual([]);
      const placed = run.events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      expect(placed?.data?.tiltDeg).toBeLessThanOrEqual(5);
    } finally {
      h.simulation.free();
    }
  }, 300_000);
});
