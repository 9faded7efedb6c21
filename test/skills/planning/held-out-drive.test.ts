import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveSweepHit } from '../../../skills/arm/drive-sweep.ts';
import { currentJoints } from '../../../skills/arm/robot-frames.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import type { Pose2D } from '../../../src/math/pose.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// Demo seed 8: the plan carried a load a short way with no carry posture, and the base drove 0.45 m along the shelf
// with the load held out at the shelf's front: it knocked a bottle over. Built here in the retail aisle: a can held at
// the hover of aisle-a's empty level-2 slot 6 (the load at the front of the level, where the products stand), the
// base where that place stands it; the bottles of slot 4 stand along the shelf. A drive along the shelf with the load
// out is swept and meets them; the planner takes no stand-off behind such a drive (`searchPlace` with `heldOut`) and
// `stowForCarry` refuses to carry as is into one.
const OBJECT = 'stock-tote/can-330ml-3';
const HELD_AT = 'aisle-a/level-2/slot-6';
const BOTTLES = 'aisle-a/level-2/slot-4';

describe('a drive with the load held out (no carry posture)', () => {
  let h: SimHarness;
  let plan: PickPlacePlan;
  let from: Pose2D;
  let joints: Record<string, number>;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
    plan = solvePickAndPlace(h.ctx, { object: OBJECT, target: HELD_AT, effector: 'auto' });
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const { basePose, liftHeightM } = plan.place.standOff;
    const lift = h.ctx.robot.parts.lift!.jointName;
    from = basePose!;
    joints = {
      ...currentJoints(h.ctx.robot),
      ...armMap(arm, last(plan.place.plan.frontPath!.intoSlot)),
      [lift]: liftHeightM!,
    };
  }, 120_000);
  afterAll(() => h.simulation.free());

  /** The base pose `from` moved along the shelf by the offset from slot 6 to slot 4. */
  function alongShelf(): Pose2D {
    const a = h.ctx.world.place(HELD_AT)!.poseInWorld.position;
    const b = h.ctx.world.place(BOTTLES)!.poseInWorld.position;
    return { x: from.x + (b.x - a.x), y: from.y + (b.y - a.y), yawRad: from.yawRad };
  }

  it('sweeps the load into the bottles along the shelf, and finds the drive straight back out clear', () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const along = driveSweepHit(h.ctx, arm, plan.hold, from, alongShelf(), { joints });
    // The products of slot 5 and 4 stand along the way; nothing is in the way at the start.
    expect(along).toMatch(/^\S+ hits object aisle-a\/level-2\/slot-[45]\/\S+ (\d\.\d\d) m into the drive$/);
    expect(Number(/(\d\.\d\d) m into/.exec(along!)![1])).toBeGreaterThan(0.1);
    const out = {
      x: from.x - 0.3 * Math.cos(from.yawRad),
      y: from.y - 0.3 * Math.sin(from.yawRad),
      yawRad: from.yawRad,
    };
    expect(driveSweepHit(h.ctx, arm, plan.hold, from, out, { joints })).toBeUndefined();
  });
});
