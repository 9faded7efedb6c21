import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jitterYaw, tasks } from '../../../bench/multi-pick.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { halfOf, loadReachM } from '../../../skills/arm/carry-plan.ts';
import { matrixToPose } from '../../../src/math/pose.ts';
import { linkInWorld, withArmJoints } from '../../../skills/arm/robot-frames.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { seededRandom } from '../../../src/math/random.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// The multi-pick bench's seed 18 (and 26, 44): the third pick's plan carried a 330 ml can with a top grip 0.35 m in
// front of the shoulder, 0.46 m from the base's centre, where the 0.40 m footprint that navigation keeps clear ends.
// Rounding a shelf's end on the way to aisle b, the can struck it and slid 6 cm along the pads (`slipped`). The
// carry posture now keeps the load inside the footprint. The tote here is as the task's first two picks left it.

describe('the carry posture keeps the load inside the footprint (multi-pick seed 18)', () => {
  let h: SimHarness;
  let picks: ReturnType<typeof tasks>[number]['picks'];
  beforeAll(async () => {
    const base = await loadScene(new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname);
    const task = tasks(base, ['three'], 1, 18)[0]!;
    picks = task.picks;
    const jittered = jitterYaw(
      base,
      seededRandom(task.seed),
      picks.map((p) => p.object),
    );
    const taken = new Set(picks.slice(0, 2).map((p) => p.object));
    h = await simHarnessFor({ ...jittered, objects: jittered.objects.filter((o) => !taken.has(o.id)) }, 'picker', 18);
  });
  afterAll(() => h.simulation.free());

  it('plans the third pick with a carry whose load stays within the footprint radius', () => {
    const { object, target } = picks[2]!;
    expect(object).toBe('stock-tote/can-330ml-9');
    const plan = solvePickAndPlace(h.ctx, { object, target, effector: 'auto' });
    const carry = plan.carry?.carry;
    expect(carry).toBeDefined();
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const lift = h.ctx.robot.parts.lift!;
    const at = withArmJoints(
      { basePose: plan.pick!.standOff.basePose!, joints: { [lift.jointName]: plan.pick!.standOff.liftHeightM! } },
      arm,
      carry!.joints[carry!.joints.length - 1]!,
    );
    const tool = matrixToPose(linkInWorld(h.ctx, arm.tipLink, at));
    const reachM = loadReachM(h.ctx, plan.hold, halfOf(h.ctx, plan.hold), tool, at);
    expect(reachM).toBeLessThanOrEqual(h.ctx.robot.parts.base!.limits.footprintRadiusM);
  });
});
