import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { currentJoints, type FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { placeFrom } from '../../../skills/planning/place-stage.ts';
import { docksTightly, robustAt } from '../../../skills/planning/stand-offs.ts';
import type { SimHarness } from '../e2e/sim-harness.ts';
import { planBenchPick } from './bench-pick-case.ts';

// Issue 11: the multi-pick bench's seed 18, a can into aisle-a/level-1/slot-6 from the aisle's start. Before the
// low slot no stand-off's place survives the usual docking error; the place search keeps the first that works over
// the tight tolerance an exact stand-off is docked to, and looks past it for a robust one. It checked each later
// fragile place over that tolerance too (the place re-solved at each docking error, ~100 IK solves), though with one
// such place kept the search returns it or a robust one. That check is now made only while none is kept: the same
// plan, with 1,194 IK solves against 1,390. Since each docking error's offset is checked turned both ways (eight
// errors, not four), the same plan takes 1,666 against 2,058 with every later fragile place checked.

describe('a place search that has kept a fragile place that docks tightly checks no later one (seed 18)', () => {
  let h: SimHarness;
  let plan: PickPlacePlan;
  let solves: number;
  beforeAll(async () => {
    ({ h, plan, solves } = await planBenchPick(18, 1, {
      object: 'stock-tote/can-330ml-1',
      target: 'aisle-a/level-1/slot-6',
    }));
    // A level-1 plan: a few s alone, several times that beside a loaded machine's other work (a limit, not a figure).
  }, 300_000);
  afterAll(() => h.simulation.free());

  /** The place's stand-off: every arm stowed, the planned arm at the carry's end, the lift at the place's height. */
  function atPlace(basePose?: FrameOverrides['basePose']): FrameOverrides {
    const { robot } = h.ctx;
    const arm = robot.parts.arms.find((a) => a.name === plan.armName)!;
    const stowed = Object.assign({}, ...robot.parts.arms.map((a) => armMap(a, stowJoints(robot, a))));
    const carryEnd = last([...plan.carry!.rise, ...(plan.carry!.carry?.joints ?? [])]);
    return {
      basePose: basePose ?? plan.place.standOff.basePose!,
      joints: {
        ...currentJoints(robot),
        ...stowed,
        ...armMap(arm, carryEnd),
        [robot.parts.lift!.jointName]: plan.place.standOff.liftHeightM!,
      },
    };
  }

  function placeAgain(overrides: FrameOverrides) {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    return placeFrom(h.ctx, {
      arm,
      object: h.ctx.world.object(plan.objectId)!,
      hold: plan.hold,
      target: plan.target,
      overrides,
      only: plan.place.plan.choice,
    });
  }

  it("re-solves the place at its stand-off, from the carry's end, to the plan's own joints", () => {
    const again = placeAgain(atPlace());
    if (typeof again === 'string') throw new Error(`the planned place is refused: ${again}`);
    expect(again.joints).toEqual(plan.place.plan.joints);
  });

  it('keeps a place that is fragile but docks tightly: the first such one, as before', () => {
    const { standOff } = plan.place;
    expect(standOff.robust).toBe(false);
    expect(standOff.basePose).toEqual({ x: expect.closeTo(0.373, 3), y: expect.closeTo(-0.5233, 3), yawRad: 0 });
    const at = { basePose: standOff.basePose!, overrides: atPlace() };
    const works = (o: FrameOverrides) => typeof placeAgain(o) !== 'string';
    expect(robustAt(at, works)).toBe(false);
    expect(docksTightly(at, works)).toBe(true);
  });

  it('solves fewer IK samples than with every fragile place checked over the tight tolerance', () => {
    // Solve counts do not move with the machine's load: 2,058 with every fragile place checked, 1,666 without; the
    // bound is between.
    expect(solves).toBeLessThan(1_860);
  });
});
