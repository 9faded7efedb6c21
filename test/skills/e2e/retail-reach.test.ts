import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { reachableStandOffs } from '../../../skills/reach/reach.ts';
import { pick } from '../../../skills/pick.ts';
import type { SkillContext } from '../../../src/skill/context.ts';
import { runInSim, simHarness, type SimHarness } from './sim-harness.ts';

const contextOf = (h: SimHarness): SkillContext => ({ ...h.ctx, node: { id: '0', path: 'test' } });
const TOTE_RIM_Z_M = 0.81;

describe('reach search on the retail aisle (wheeled humanoid, seed 1)', () => {
  // Cans a top-down gripper reaches via the ready pose above the pre-grasp (`readyAbove`): the middle of the front
  // row from the front, the back row's middle from behind the cart. (The corner cans, 3.5 cm from the tote's end
  // walls, are reached from fewer stand-offs; the bench covers them.)
  it('finds a footprint-clear stand-off and lift for the tote cans, for the gripper arm, on both sides of the cart', async () => {
    const h = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const ctx = contextOf(h);
      const map = ctx.services.navigationMap!;
      const footprintM = ctx.robot.parts.base!.limits.footprintRadiusM;
      expect(ctx.world.objects().filter((o) => o.id.startsWith('stock-tote/')).length).toBe(10);
      const sides = new Set<string>();
      for (const id of ['can-330ml-3', 'can-330ml-7', 'can-330ml-8']) {
        const can = ctx.world.object(`stock-tote/${id}`)!;
        const [best] = reachableStandOffs(ctx, { kind: 'grasp', object: can.id, effector: 'auto' });
        expect(best, can.id).toBeDefined();
        const { basePose, liftHeightM } = best!;
        // Clear of the cart and tote by the footprint (as navigate docks), close enough for a top-down grasp.
        expect(map.clearanceAt(new Vector2(basePose.x, basePose.y))).toBeGreaterThanOrEqual(footprintM);
        expect(
          Math.hypot(basePose.x - can.poseInWorld.position.x, basePose.y - can.poseInWorld.position.y),
        ).toBeLessThan(0.8);
        expect(liftHeightM).toBeGreaterThanOrEqual(0);
        expect(liftHeightM).toBeLessThanOrEqual(1);
        sides.add(basePose.y < can.poseInWorld.position.y ? 'front' : 'back');
      }
      expect([...sides].sort()).toEqual(['back', 'front']);
    } finally {
      h.simulation.free();
    }
  });

  it('picks a can from the tote: drives to the stand-off it found, sets the lift, grasps and verifies the payload (suction)', async () => {
    const h = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const object = 'stock-tote/can-330ml-3';
      const run = runInSim(h, pick({ object, effector: 'suction' }), 30_000);
      expect(run.outcome.failure?.describe()).toBeUndefined();
      expect(run.outcome.done).toBe(true);
      const standOff = run.events.find((e) => e.message === 'stand-off');
      expect(standOff?.data?.x).toBeTypeOf('number');
      const arrived = run.events.find((e) => e.message === 'arrived');
      expect(arrived?.data?.errorM).toBeLessThanOrEqual(0.01);
      expect(arrived?.data?.errorRad).toBeLessThanOrEqual(Math.PI / 180);
      const verified = run.events.find((e) => e.message === 'verified');
      expect(verified?.data?.payloadN).toBeGreaterThan(0.5 * 0.35 * 9.81);
      expect(heldObject(h.ctx.blackboard, object)?.effector).toBe('suction');
      // Lifted in the cup, not knocked: above where it stood, over its own spot in the tote.
      const now = h.simulation.worldModel.object(object)!.poseInWorld.position;
      expect(now.z).toBeGreaterThan(0.667 + 0.05);
      expect(Math.hypot(now.x - 0, now.y - 1.447)).toBeLessThan(0.02);
      expect(now.z).toBeLessThan(TOTE_RIM_Z_M + 0.2);
    } finally {
      h.simulation.free();
    }
  });
});
