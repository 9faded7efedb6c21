import { describe, expect, it } from 'vitest';
import { whileHolding } from '../../../skills/force/slip-watch.ts';
import { grasp } from '../../../skills/grasp.ts';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { sequence } from '../../../src/graph/sequence.ts';
import { moveArmJointsSkill } from '../../../src/task/builtin-skills.ts';
import { runInSim, simHarness } from './sim-harness.ts';

/**
 * The UR arm holds the 0.53 kg bottle (μ 0.35) and swings the shoulder 1.5 rad out and back at full speed. Friction must carry
 * the weight plus the swing's acceleration: 8 N of squeeze holds it at rest (the grasp verifies) but not through
 * the swing; the force `grasp` sizes from mass and friction does. The swing turns away from the table's other
 * objects (toward +y): turned the other way the held bottle's foot swept through can-1 and knocked it 12 cm, so the
 * test measured an impact, not a carry (the faster the swing, the harder the knock).
 */
async function swingHolding(gripForceN?: number) {
  const h = await simHarness('tabletop.yaml', 'ur', 1);
  const picked = runInSim(
    h,
    grasp({ object: 'bottle-1', ...(gripForceN === undefined ? {} : { gripForceN }) }),
    20_000,
  );
  expect(picked.outcome.failure?.describe()).toBeUndefined();
  const arm = h.ctx.robot.parts.arms[0]!;
  const start = [...arm.currentState().positions];
  const swung = start.map((q, i) => (i === 0 ? q + 1.5 : q));
  // Out and back: a slip in the first swing must cancel the second.
  const swings = sequence(
    { name: 'swings' },
    moveArmJointsSkill({ arm: 'arm', positions: swung, velocityScale: 1 }),
    moveArmJointsSkill({ arm: 'arm', positions: start, velocityScale: 1 }),
  );
  const others = ['box-1', 'can-1'].map((id) => ({
    id,
    before: h.simulation.worldModel.object(id)!.poseInWorld.position.clone(),
  }));
  const carry = runInSim(h, whileHolding('bottle-1', swings), 20_000);
  // The swing met nothing: a slip here is the grip's, not a collision's.
  for (const { id, before } of others)
    expect(h.simulation.worldModel.object(id)!.poseInWorld.position.distanceTo(before)).toBeLessThan(1e-3);
  return { h, arm, carry, start };
}

describe('slip detection while carrying (UR arm, sim)', () => {
  it('fails the carry slipped when a marginal grip lets the bottle slide during a fast swing, and halts the arm', async () => {
    const { h, arm, carry, start } = await swingHolding(8);
    try {
      expect(carry.outcome.failure?.reason).toBe('slipped');
      expect(carry.outcome.failure?.message).toMatch(/bottle-1/);
      // Failing the watch cancelled the swings: the arm stands still from the next step, not back where it began.
      h.simulation.sim.step();
      expect(arm.currentState().velocities.every((v) => Math.abs(v) < 1e-6)).toBe(true);
      h.simulation.sim.runFor(2000);
      // It stops 0.50 rad out on the way back (0.59 while Rapier recycled the pads' contacts: sim/fresh-contacts.ts).
      expect(Math.abs(arm.currentState().positions[0]! - start[0]!)).toBeGreaterThan(0.3);
    } finally {
      h.simulation.free();
    }
  });

  it('carries it through the same swing with the squeeze grasp sizes from mass and friction', async () => {
    const { h, carry } = await swingHolding();
    try {
      expect(carry.outcome.failure?.describe()).toBeUndefined();
      expect(carry.outcome.done).toBe(true);
      expect(heldObject(h.ctx.blackboard, 'bottle-1')).toBeDefined();
      // Still up in the hand, well above the table (top at 0.75 m; the bottle stood with its centre at 0.85 m).
      expect(h.simulation.worldModel.object('bottle-1')!.poseInWorld.position.z).toBeGreaterThan(0.9);
    } finally {
      h.simulation.free();
    }
  });
});
