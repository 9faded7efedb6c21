import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { pickAndPlace } from '../../../skills/pick-and-place.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import { runInSim, simHarness } from './sim-harness.ts';

describe('the tabletop pick-and-place on the biped (sim, seed 1): the same skills, only the robot differs', () => {
  it('walks to the box, squats to reach it, places it on target/a within 1 cm and 5°, balanced throughout', async () => {
    const h = await simHarness('biped-tabletop.yaml', 'biped', 1);
    try {
      const base = h.ctx.robot.parts.base as SimBipedBase;
      const balance: BalanceState[] = [];
      base.balance$.subscribe((b) => balance.push(b));
      const lift: number[] = [];
      h.ctx.robot.parts.lift!.height$.subscribe((l) => lift.push(l.heightM));
      const run = runInSim(h, pickAndPlace({ object: 'box-1', target: 'target/a' }), 90_000);
      expect(run.outcome.failure?.describe()).toBeUndefined();
      const placed = run.events.find((e) => e.message === 'placed');
      expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
      expect(placed?.data?.tiltDeg).toBeLessThanOrEqual(5);
      const rest = h.simulation.worldModel.object('box-1')!.poseInWorld.position;
      const goal = h.simulation.worldModel.place('target/a')!.poseInWorld.position;
      expect(Math.hypot(rest.x - goal.x, rest.y - goal.y)).toBeLessThan(0.01);
      // It walked between the two (footsteps were planned), and lowered its pelvis below standing to reach.
      expect(run.events.some((e) => e.message === 'footsteps')).toBe(true);
      expect(Math.min(...lift)).toBeLessThan(0.8);
      // The ZMP, with the box's weight in the hand once it left the table, stayed inside the feet at every tick.
      expect(balance.length).toBeGreaterThan(1000);
      expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0);
    } finally {
      h.simulation.free();
    }
  }, 180_000);
});
