import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jitterYaw, tasks } from '../../../bench/multi-pick.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { planningSeed, stowJoints } from '../../../skills/arm/postures.ts';
import { ikSolveCount } from '../../../skills/arm/reachability.ts';
import { currentJoints, type FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { planPickMotion } from '../../../skills/planning/pick-motion.ts';
import { placeFrom } from '../../../skills/planning/place-stage.ts';
import { seededRandom } from '../../../src/math/random.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// Issue 11: the multi-pick bench's seed 8, planned from the start. A pick that works only at its exact stand-off is
// looked past for one that survives the docking error, and the planner searched the place (stand-offs, lifts,
// headings) of each pick as it came: a fragile pick's place was searched and then set aside for a robust pick's
// chain, and the place of a pick that fails even the tight tolerance was searched only to be refused. A fragile
// pick's place is now searched only when the chain found could depend on it (no robust pick after it completes one,
// or the class's budget could end there), and a pick refused for the tight tolerance has no place searched: the
// same plans, with far fewer IK solves.

const FRAGILE = 'works only at the exact stand-off, not a docking error off';
const EXACT_ONLY = 'works only at its exact pose, not within the tight tolerance it would be docked to';

const CASES = [
  {
    // Both hold classes' first picks are fragile, their second robust.
    pick: 0,
    object: 'stock-tote/can-330ml-4',
    target: 'aisle-b/level-1/slot-6',
    refused: { [FRAGILE]: 2, [EXACT_ONLY]: 0 },
    // 3,283 solves with every place searched as it came, 1,459 now: the bound is between.
    maxSolves: 2_400,
  },
  {
    // The gripper's first pick is fragile, its second fails the tight tolerance, its third is robust.
    pick: 1,
    object: 'stock-tote/can-330ml-2',
    target: 'aisle-a/level-4/slot-6',
    refused: { [FRAGILE]: 1, [EXACT_ONLY]: 1 },
    // 2,154 before, 1,245 now.
    maxSolves: 1_700,
  },
] as const;

describe.each(CASES)('seed 8: $object into $target, picks looked past without their places', (c) => {
  let h: SimHarness;
  let plan: PickPlacePlan;
  let solves: number;
  beforeAll(async () => {
    const base = await loadScene(new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname);
    const task = tasks(base, ['three'], 1, 8)[0]!;
    const jittered = jitterYaw(
      base,
      seededRandom(task.seed),
      task.picks.map((p) => p.object),
    );
    h = await simHarnessFor(jittered, 'picker', task.seed);
    const { object, target } = task.picks[c.pick]!;
    expect([object, target]).toEqual([c.object, c.target]);
    const before = ikSolveCount();
    plan = solvePickAndPlace(h.ctx, { object, target, effector: 'auto' });
    solves = ikSolveCount() - before;
    // A few s alone, several times that beside a loaded machine's other work (a limit, not a figure).
  }, 300_000);
  afterAll(() => h.simulation.free());

  /** Every arm stowed, then `joints` over them, and the lift at `liftHeightM`, with the base at `basePose`. */
  function at(
    basePose: FrameOverrides['basePose'],
    liftHeightM: number,
    joints: Record<string, number> = {},
  ): FrameOverrides {
    const { robot } = h.ctx;
    const stowed = Object.assign({}, ...robot.parts.arms.map((a) => armMap(a, stowJoints(robot, a))));
    return {
      ...(basePose ? { basePose } : {}),
      joints: { ...currentJoints(robot), ...stowed, ...joints, [robot.parts.lift!.jointName]: liftHeightM },
    };
  }

  it('looks past the same picks as before, with the same refusals, and chooses a robust pick', () => {
    for (const [reason, n] of Object.entries(c.refused))
      expect(
        plan.rejected.filter((r) => r.reason === reason),
        reason,
      ).toHaveLength(n);
    expect(plan.pick!.standOff.robust).toBe(true);
    expect(plan.alternatives).toBe(2);
  });

  it("re-solves the pick at its stand-off to the plan's own joints", () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const { standOff, motion } = plan.pick!;
    const can = h.ctx.world.object(plan.objectId)!;
    const overrides = at(standOff.basePose, standOff.liftHeightM!);
    const again = planPickMotion(h.ctx, can, motion.choice, overrides, planningSeed(h.ctx.robot, arm));
    if (typeof again === 'string') throw new Error(`the planned pick is refused: ${again}`);
    expect(again.approach).toEqual(motion.approach);
    expect(again.retreat).toEqual(motion.retreat);
  });

  it("re-solves the place at its stand-off, from the carry's end, to the plan's own joints", () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const can = h.ctx.world.object(plan.objectId)!;
    const carryEnd = last([...plan.carry!.rise, ...plan.carry!.carry!.joints]);
    const { standOff } = plan.place;
    const overrides = at(standOff.basePose, standOff.liftHeightM!, armMap(arm, carryEnd));
    const again = placeFrom(h.ctx, {
      arm,
      object: can,
      hold: plan.hold,
      target: plan.target,
      overrides,
      only: plan.place.plan.choice,
    });
    if (typeof again === 'string') throw new Error(`the planned place is refused: ${again}`);
    expect(again.joints).toEqual(plan.place.plan.joints);
  });

  it("solves far fewer IK samples than with every pick's place searched as it came", () => {
    // Solve counts do not move with the machine's load.
    expect(solves).toBeLessThan(c.maxSolves);
  });
});
