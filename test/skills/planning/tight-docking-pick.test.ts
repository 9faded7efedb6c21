import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { planningSeed, stowJoints } from '../../../skills/arm/postures.ts';
import { rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { armMap } from '../../../skills/planning/carry-stage.ts';
import { PICK_DISTANCES, planPickMotion } from '../../../skills/planning/pick-motion.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import type { Pose2D } from '../../../src/math/pose.ts';
import { inTote, planningScene, restockOnce, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Demo seed 1 at 01:52 sim (`embody demo --hours 2.3 --seed 1`, 88/90): a shopper took the bleach bottle from the
// end facing of aisle-b's lowest level, the refill brought one, and the plan picked it on the cup (+x face #1) from
// a stand-off beside the cart, lift 0.45 m, that failed the docking-error check (`robust: false`) and was kept as the
// class's fallback: docked to the tight tolerance of an exact stand-off (3 mm, 0.3°), the base stopped 2.98 mm and
// 0.15° off, and from there the approach changed IK branch (both tries, then the facing was skipped). That pick works
// at its exact stand-off and not 3 mm farther from the bottle. The planner now takes a fragile pick only when it
// works over the tight tolerance it is docked to. The same store, built to that moment: seed 1, every other facing
// full, the refill bringing the one bottle.
const FACING = 'aisle-b/level-1/slot-6/facing-2';
/** The stand-off the plan took on main, and where the base arrived at it (the demo's trace). */
const FRAGILE: Pose2D = { x: 0.11391599921962808, y: 0.975654274227725, yawRad: 1.0471975511965974 };
const ARRIVED: Pose2D = { x: 0.11537137474386215, y: 0.973054115887054, yawRad: 1.044585444026219 };
const FRAGILE_LIFT_M = 0.45;

describe("the bleach bottle's pick survives the base docking off its stand-off (store, demo seed 1)", () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(1, FACING, 1);
  }, 120_000);
  afterAll(() => store?.free());

  it("the stand-off main planned works only at its exact pose; the plan's pick works from it offset as the base arrived", () => {
    const scene = planningScene(store);
    const bottle = inTote(store, 'bleach-bottle');
    const cup = rankGraspChoices(scene, bottle, {
      effector: 'suction',
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    }).ranked.find((c) => c.candidate.label === 'suction +x face #1')!;
    const arm = cup.entry.arm;
    const joints: Record<string, number> = { [store.robot.parts.lift!.jointName]: FRAGILE_LIFT_M };
    for (const a of store.robot.parts.arms) Object.assign(joints, armMap(a, stowJoints(store.robot, a)));
    const seed = planningSeed(store.robot, arm);
    const from = (basePose: Pose2D, liftM = FRAGILE_LIFT_M) =>
      planPickMotion(
        scene,
        bottle,
        cup,
        { basePose, joints: { ...joints, [store.robot.parts.lift!.jointName]: liftM } },
        seed,
      );
    // The case is the demo's: that pick works at its stand-off, not where the base arrived.
    expect(typeof from(FRAGILE)).not.toBe('string');
    expect(from(ARRIVED)).toBe('approach changes IK branch');

    const plan = solvePickAndPlace(scene, { object: bottle.id, target: FACING, effector: 'auto' });
    const pick = plan.pick!;
    const at = pick.standOff.basePose!;
    // The plan's pick, solved again with the base off its stand-off by the demo's arrival error (and by it mirrored).
    const off = { dxM: ARRIVED.x - FRAGILE.x, dyM: ARRIVED.y - FRAGILE.y, dyawRad: ARRIVED.yawRad - FRAGILE.yawRad };
    const stowed = { ...joints, [store.robot.parts.lift!.jointName]: pick.standOff.liftHeightM! };
    for (const sign of [1, -1]) {
      const basePose = { x: at.x + sign * off.dxM, y: at.y + sign * off.dyM, yawRad: at.yawRad + sign * off.dyawRad };
      const motion = planPickMotion(scene, bottle, pick.motion.choice, { basePose, joints: stowed }, seed);
      expect(typeof motion === 'string' ? motion : 'works').toBe('works');
    }
  }, 300_000);

  it('restocks the facing with that bottle in the sim, in one try', () => {
    const run = restockOnce(store, FACING);
    expect(run.failure?.describe()).toBeUndefined();
    expect(run.done).toBe(true);
    const placed = run.events.find((e) => e.message === 'placed');
    expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
    const verified = run.events.find((e) => e.path.endsWith('/verifyFacing') && e.data?.['facing'] === FACING);
    expect(verified?.data?.['placementErrorM']).toBeLessThanOrEqual(0.01);
  }, 600_000);
});
