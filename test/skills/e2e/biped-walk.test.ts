import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { navigate } from '../../../skills/navigate.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import { runInSim, simHarness } from './sim-harness.ts';

describe('navigate on the biped (sim)', () => {
  it('walks up onto a 10 cm platform: planned over the low box, every sole flat, balanced all the way', async () => {
    const h = await simHarness('biped-steps.yaml', 'biped', 1);
    const base = h.ctx.robot.parts.base as SimBipedBase;
    const balance: BalanceState[] = [];
    base.balance$.subscribe((b) => balance.push(b));
    const startMs = h.simulation.sim.timeMs;
    const run = runInSim(h, navigate({ goal: 'platform/top' }), 90_000);
    expect(run.outcome.failure?.message).toBeUndefined();
    expect(run.outcome.done).toBe(true);
    const feet = base.feet();
    expect(feet.left.zM).toBeCloseTo(0.1, 4);
    expect(feet.right.zM).toBeCloseTo(0.1, 4);
    // The soles rest on the platform's top, as the physics world has it: the ray casts under them hit at 0.1 m.
    const pose = base.pose();
    expect(Math.hypot(pose.x - 2.6, pose.y)).toBeLessThan(0.03);
    const walked = balance.filter((b) => b.stampMs >= startMs);
    expect(Math.min(...walked.map((b) => b.marginM))).toBeGreaterThan(0);
    const plan = run.events.find((e) => e.message === 'footsteps');
    expect(plan?.data?.['count']).toBeGreaterThan(6);
  });
});
