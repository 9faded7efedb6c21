import { describe, expect, it } from 'vitest';
import type { Vector3 } from 'three';
import type { SuctionCup } from '../../../hardware/end-effector.ts';
import { bodyPose } from '../../../sim/bodies.ts';
import type { SimMobileBase } from '../../../sim/sim-base.ts';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { runInSim, simHarness } from './sim-harness.ts';

const OBJECT = 'stock-tote/can-330ml-3';

describe('wheeled humanoid: cancelling a pick-and-place mid-carry (retail aisle, seed 1)', () => {
  it('stops the base and the arms at once and leaves the can where physics has it, still in the cup', async () => {
    const h = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const { robot } = h.ctx;
      const base = robot.parts.base as SimMobileBase;
      // Run until the base is driving the held can toward the shelf, half a metre into the trip.
      const run = runInSim(
        h,
        pickAndPlace({ object: OBJECT, target: 'aisle-a/level-2/slot-5', effector: 'suction' }),
        60_000,
        (events) =>
          events.some(
            (e) => e.path.includes('carry') && e.message === 'follow' && Number(e.data?.progressM ?? 0) > 0.5,
          ),
      );
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(false);
      expect(heldObject(h.ctx.blackboard, OBJECT)?.effector).toBe('suction');

      const sim = h.simulation.sim;
      // Read from the physics body every step (the world model syncs at a lower rate).
      const canHandle = h.simulation.objects.get(OBJECT)!.bodyHandle;
      const canPosition = () => bodyPose(sim, canHandle).position.clone();
      const poseNow = () => ({ ...base.pose() });
      let before = poseNow();
      sim.step();
      const speedAtCancelMps = Math.hypot(base.pose().x - before.x, base.pose().y - before.y) / sim.dtS;
      expect(speedAtCancelMps).toBeGreaterThan(0.1);

      run.subscription.unsubscribe();
      // The arms stand still from the next step; the base brakes at its acceleration limit, never speeding up.
      const canPath: Vector3[] = [canPosition()];
      const speeds: number[] = [];
      const brakeStart = poseNow();
      const decelMps2 = base.limits.maxLinearAccelMps2;
      const stopSteps = Math.ceil(speedAtCancelMps / decelMps2 / sim.dtS) + 1;
      for (let i = 0; i < stopSteps + 120; i++) {
        before = poseNow();
        sim.step();
        speeds.push(Math.hypot(base.pose().x - before.x, base.pose().y - before.y) / sim.dtS);
        canPath.push(canPosition());
        if (i === 0)
          for (const arm of robot.parts.arms)
            expect(arm.currentState().velocities.every((v) => Math.abs(v) < 1e-6)).toBe(true);
      }
      for (let i = 1; i < speeds.length; i++) expect(speeds[i]!).toBeLessThanOrEqual(speeds[i - 1]! + 1e-9);
      expect(speeds[stopSteps]).toBe(0);
      const brakingM = Math.hypot(base.pose().x - brakeStart.x, base.pose().y - brakeStart.y);
      expect(brakingM).toBeLessThanOrEqual(speedAtCancelMps ** 2 / (2 * decelMps2) + speedAtCancelMps * sim.dtS);

      // Physics, not a teleport: the can never moves more per step than the base carried it, plus a little sway.
      for (let i = 1; i < canPath.length; i++)
        expect(canPath[i]!.distanceTo(canPath[i - 1]!)).toBeLessThan(speedAtCancelMps * sim.dtS + 0.002);
      // A 0.35 kg can under a 0.6 m/s² stop stays sealed on the cup.
      const cup = robot.parts.suctionCups[0] as SuctionCup;
      let sealed = false;
      cup.sealed$.subscribe((s) => (sealed = s)).unsubscribe();
      expect(sealed).toBe(true);
      for (const arm of robot.parts.arms)
        expect(arm.currentState().velocities.every((v) => Math.abs(v) < 1e-6)).toBe(true);
    } finally {
      h.simulation.free();
    }
  });
});
