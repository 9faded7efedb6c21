import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { ikSolveCount } from '../../../skills/arm/reachability.ts';
import { currentJoints, type FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { handEngagementM, toolForObject } from '../../../skills/placing/plan-place.ts';
import { frontPlan } from '../../../skills/placing/slot-way.ts';
import { shapeHalfExtents } from '../../../src/world/shape-bounds.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// Issue 11: before a level-1 slot most pre-place distances are blocked under the board above, and each was solved
// the whole way in and out (the rest pose and the way back out: IK and sweep) before its way to the pre-place was
// found blocked. `frontPlan` now checks that way first and leaves the rest unsolved until asked: a search that
// finds a way from another distance never asks. The case: the retail aisle's can into aisle-a/level-1/slot-6, its
// planned place, and the same can 5 cm lower in the fingers, whose way to the pre-place hits the shelf
// (place-for-hold.test: "the arm's way to the pre-place hits the shelf at every distance out").
describe("a level-1 slot's way in: the way to the pre-place checked before the way out is solved", () => {
  let h: SimHarness;
  let plan: PickPlacePlan;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
    plan = solvePickAndPlace(h.ctx, {
      object: 'stock-tote/can-330ml-3',
      target: 'aisle-a/level-1/slot-6',
      effector: 'auto',
    });
  });
  afterAll(() => h.simulation.free());

  /** `frontPlan` at the planned place's stand-off, heading and distance, the load held as `hold`. */
  function wayIn(hold: HeldObject) {
    const { robot } = h.ctx;
    const arm = robot.parts.arms.find((a) => a.name === plan.armName)!;
    const other = robot.parts.arms.find((a) => a !== arm)!;
    const lift = robot.parts.lift!;
    const carryEnd = last([...plan.carry!.rise, ...plan.carry!.carry!.joints]);
    const { basePose, liftHeightM } = plan.place.standOff;
    const overrides: FrameOverrides = {
      basePose: basePose!,
      joints: {
        ...currentJoints(robot),
        ...armMap(other, stowJoints(robot, other)),
        ...armMap(arm, carryEnd),
        [lift.jointName]: liftHeightM!,
      },
    };
    const place = plan.place.plan;
    const half = shapeHalfExtents(h.ctx.world.object(plan.objectId)!.shape);
    const atRestTool = toolForObject(place.objectAtRest, hold);
    const rise = place.hoverInWorld.position.clone().sub(toolForObject(place.objectAtRest, plan.hold).position);
    const hover = { position: atRestTool.position.clone().add(rise), quaternion: atRestTool.quaternion };
    const outward = place.goal.outward;
    return frontPlan(h.ctx, arm, overrides, {
      hover,
      atRestTool,
      outward,
      outM: place.choice.outM!,
      backOffM: Math.max(place.hoverM, handEngagementM(hold, half)),
      hold,
      half,
      posture: 'elbow-low',
      round: { shape: h.ctx.world.object(plan.objectId)!.shape, squareToRad: Math.atan2(outward.y, outward.x) },
    });
  }

  const lowered = (hold: HeldObject, dzM: number): HeldObject => ({
    ...hold,
    objectInTool: {
      position: hold.objectInTool.position.clone().add(new Vector3(0, 0, dzM)),
      quaternion: hold.objectInTool.quaternion,
    },
  });

  it('finds the planned way in for the planned hold, the same joints as the plan', () => {
    const found = wayIn(plan.hold);
    if (typeof found !== 'object') throw new Error(`no way in: ${String(found)}`);
    expect(found.joints).toEqual(plan.place.plan.joints);
  });

  it('refuses the blocked way before solving the way out, and solves it only when asked', () => {
    const before = ikSolveCount();
    const found = wayIn(lowered(plan.hold, 0.05));
    const beforeAsked = ikSolveCount();
    expect(typeof found).toBe('function');
    const miss = (found as () => string | undefined)();
    const rest = ikSolveCount() - beforeAsked;
    // The rest pose and the way back out: a solve per sample, none of them made before the miss was asked for.
    expect(rest).toBeGreaterThan(0);
    expect(beforeAsked - before).toBeGreaterThan(rest);
    expect(miss).toBe('way-to-pre-place');
  });
});
