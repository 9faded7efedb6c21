import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { sensorRotationInWorld } from '../../../skills/force/wrench.ts';
import { grasp } from '../../../skills/grasp.ts';
import { runInSim, simHarness } from './sim-harness.ts';

const G = 9.81;

describe('wrist F/T on the UR arm reads the held payload (tabletop, seed 1)', () => {
  for (const object of ['box-1', 'can-1', 'bottle-1']) {
    it(`reads m·g within 10 % holding ${object} after the lift`, async () => {
      const h = await simHarness('tabletop.yaml', 'ur', 1);
      try {
        const run = runInSim(h, grasp({ object }), 30_000);
        expect(run.outcome.failure?.describe()).toBeUndefined();
        const weightN = h.simulation.worldModel.object(object)!.massKg * G;
        const verified = run.events.find((e) => e.message === 'verified');
        expect(Math.abs((verified?.data?.payloadN as number) - weightN)).toBeLessThan(0.1 * weightN);
        // Held still after the retreat: the mean reading over half a second, turned into the world frame, is the
        // object's weight pulling straight down (the hand's own weight was tared out in free air).
        const sensor = h.ctx.robot.parts.arms[0]!.wristSensor!;
        const sum = new Vector3();
        let n = 0;
        const sub = sensor.wrench$.subscribe((w) => {
          sum.add(new Vector3(...w.forceN).applyQuaternion(sensorRotationInWorld(h.ctx, w.frameId)));
          n += 1;
        });
        h.simulation.sim.runFor(500);
        sub.unsubscribe();
        const mean = sum.divideScalar(n);
        expect(-mean.z).toBeGreaterThan(0.9 * weightN);
        expect(-mean.z).toBeLessThan(1.1 * weightN);
        expect(Math.hypot(mean.x, mean.y)).toBeLessThan(0.1 * weightN);
        // And it is really held: up off the table.
        expect(h.simulation.worldModel.object(object)!.poseInWorld.position.z).toBeGreaterThan(0.75 + 0.05);
      } finally {
        h.simulation.free();
      }
    });
  }
});
