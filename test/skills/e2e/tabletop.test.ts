import { describe, expect, it } from 'vitest';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import { runInSim, simHarness } from './sim-harness.ts';

describe('tabletop pick-and-place in the sim (UR arm, seed 1): a box, a can and a bottle', () => {
  for (const [object, target] of [
    ['box-1', 'target/a'],
    ['can-1', 'target/b'],
    ['bottle-1', 'target/a'],
  ] as const) {
    it(`puts ${object} on ${target} within 1 cm and 5°`, async () => {
      const h = await simHarness('tabletop.yaml', 'ur', 1);
      try {
        const run = runInSim(h, pickAndPlace({ object, target }), 60_000);
        expect(run.outcome.failure?.describe()).toBeUndefined();
        expect(run.outcome.done).toBe(true);
        const placed = run.events.find((e) => e.message === 'placed');
        expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
        expect(placed?.data?.tiltDeg).toBeLessThanOrEqual(5);
        // The world model follows physics: the object really is at the target now.
        const rest = h.simulation.worldModel.object(object)!.poseInWorld.position;
        const goal = h.simulation.worldModel.place(target)!.poseInWorld.position;
        expect(Math.hypot(rest.x - goal.x, rest.y - goal.y)).toBeLessThan(0.01);
        expect(heldObject(h.ctx.blackboard, object)).toBeUndefined();
      } finally {
        h.simulation.free();
      }
    });
  }

  it('cancelling mid-carry stops the arm at once and leaves the can where physics has it', async () => {
    const h = await simHarness('tabletop.yaml', 'ur', 1);
    try {
      const run = runInSim(h, pickAndPlace({ object: 'can-1', target: 'target/a' }), 60_000, (events) =>
        events.some((e) => e.message === 'pre-place'),
      );
      expect(run.outcome.done).toBe(false);
      h.simulation.sim.runFor(100); // part-way through the swing to the target
      const before = h.simulation.worldModel.object('can-1')!.poseInWorld.position.clone();
      run.subscription.unsubscribe();
      const arm = h.ctx.robot.parts.arms[0]!;
      // At once: the joints stand still from the very next step, not after a ramp-down.
      h.simulation.sim.step();
      const jointsAtStop = [...arm.currentState().positions];
      expect(arm.currentState().velocities.every((v) => Math.abs(v) < 1e-6)).toBe(true);
      // Never teleported: the can's pose moves by at most a few millimetres per step while physics settles it.
      let largestStepM = 0;
      let previous = h.simulation.worldModel.object('can-1')!.poseInWorld.position.clone();
      for (let i = 0; i < 120; i++) {
        h.simulation.sim.step();
        const now = h.simulation.worldModel.object('can-1')!.poseInWorld.position;
        largestStepM = Math.max(largestStepM, now.distanceTo(previous));
        previous = now.clone();
      }
      expect(largestStepM).toBeLessThan(0.005);
      expect(arm.currentState().positions).toEqual(jointsAtStop);
      // A fixed arm has no base to stop; a mobile one's base would have to stand still too.
      expect(h.ctx.robot.parts.base).toBeUndefined();
      const after = h.simulation.worldModel.object('can-1')!.poseInWorld.position;
      // Still in the fingers, near where it was when the arm stopped: not teleported, not dropped.
      expect(after.distanceTo(before)).toBeLessThan(0.05);
      expect(after.z).toBeGreaterThan(0.8);
    } finally {
      h.simulation.free();
    }
  });
});
