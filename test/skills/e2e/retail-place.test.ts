import { describe, expect, it } from 'vitest';
import { heldObject } from '../../../skills/arm/held-objects.ts';
import { reachableStandOffs } from '../../../skills/reach/reach.ts';
import { stowForCarry } from '../../../skills/reach/stow-for-carry.ts';
import { planPlace, heldObjectPose } from '../../../skills/placing/plan-place.ts';
import { findArm } from '../../../src/skill/find-arm.ts';
import { toolInWorld } from '../../../skills/arm/robot-frames.ts';
import { pick } from '../../../skills/pick.ts';
import type { SkillContext } from '../../../src/skill/context.ts';
import { runInSim, simHarness, type SimHarness } from './sim-harness.ts';

const contextOf = (h: SimHarness): SkillContext => ({ ...h.ctx, node: { id: '0', path: 'test' } });
const OBJECT = 'stock-tote/can-330ml-3';
/** Shelf boards' top heights and front lip height in scenes/retail-aisle.yaml, m. */
const BOARD_TOP_Z_M = [0.15, 0.6, 1.05, 1.5];
const LIP_HEIGHT_M = 0.03;

describe('placing into retail shelf slots from the front (wheeled humanoid, seed 1)', () => {
  it('after a suction pick and stow, finds a stand-off and lift for an empty low (level 2) and high (level 4) slot, entering over the lip', async () => {
    const h = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const ctx = contextOf(h);
      const picked = runInSim(h, pick({ object: OBJECT, effector: 'suction' }), 30_000);
      expect(picked.outcome.failure?.describe()).toBeUndefined();
      const stowed = runInSim(h, stowForCarry({ object: OBJECT }), 20_000);
      expect(stowed.outcome.failure?.describe()).toBeUndefined();
      const hold = heldObject(ctx.blackboard, OBJECT)!;
      expect(hold).toBeDefined();
      const arm = findArm(ctx.robot, hold.armName)!;
      const lift = ctx.robot.parts.lift!;
      for (const [slot, level] of [
        ['aisle-a/level-2/slot-5', 2],
        ['aisle-b/level-4/slot-5', 4],
      ] as const) {
        expect(ctx.world.place(slot)?.tags).toContain('empty');
        const [best] = reachableStandOffs(ctx, { kind: 'place', object: OBJECT, target: slot });
        expect(best, slot).toBeDefined();
        expect(best!.liftHeightM).toBeGreaterThanOrEqual(0);
        expect(best!.liftHeightM).toBeLessThanOrEqual(1);
        const overrides = { basePose: best!.basePose, joints: { [lift.jointName]: best!.liftHeightM! } };
        const nowPose = heldObjectPose(toolInWorld(ctx, arm), hold);
        const plan = planPlace(ctx, arm, ctx.world.object(OBJECT)!, hold, slot, nowPose, overrides);
        expect(plan.goal.approach).toBe('front');
        // The object rests on the board and slides in with its bottom just over the front lip.
        const boardZ = BOARD_TOP_Z_M[level - 1]!;
        const bottomZ = plan.objectAtRest.position.z - 0.115 / 2;
        expect(Math.abs(bottomZ - boardZ)).toBeLessThan(0.002);
        expect(plan.hoverM).toBeGreaterThan(LIP_HEIGHT_M);
        expect(plan.hoverM).toBeLessThan(LIP_HEIGHT_M + 0.02);
        // The way in is horizontal: the pre-place pose and the hover are at one height.
        const prePlace = plan.approachInWorld[plan.prePlaceIndex]!;
        expect(Math.abs(prePlace.position.z - plan.hoverInWorld.position.z)).toBeLessThan(1e-6);
        // The way out retraces the checked way in: up to the hover height (a lower line stalled the arm's IK), then out.
        expect(plan.retreat[0]!.z).toBeCloseTo(plan.hoverM, 6);
        expect(plan.retreat[1]!.clone().normalize().dot(plan.goal.outward)).toBeCloseTo(1, 6);
      }
    } finally {
      h.simulation.free();
    }
  });
});
