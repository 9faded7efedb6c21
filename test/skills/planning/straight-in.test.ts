import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { matrixToPose } from '../../../src/math/pose.ts';
import { linkInWorld, withArmJoints } from '../../../skills/arm/robot-frames.ts';
import { findArm } from '../../../src/skill/find-arm.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { resolvePlaceTarget } from '../../../skills/placing/place-target.ts';
import { inTote, planningScene, restockOnce, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Demo seed 3's second facing: a 500 ml bottle (Ø65 x 205 mm) into aisle-a/level-2/slot-1, the slot by the unit's
// side panel. A detergent bottle in the tote blocks the side grasps at 45° and 90°; the one at 315° is carried, and a
// place tries the slot's heading and its quarter turns, which bring that hand in 45° off straight: its gripper meets
// the side panel or the bottle beside it. Held from above, the forearm met the board over the slot or the panel. Main refused it before any pick (seeds 3 and 8, 3 tries). A round load may stand at any heading: the one
// that brings the hand straight in reaches the slot.
const FACING = 'aisle-a/level-2/slot-1/facing-1';

describe('a round load held from the side goes straight into a slot by the side panel (demo seed 3, 500 ml)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(3, FACING);
  }, 120_000);
  afterAll(() => store?.free());

  it('plans the side hold with the hand pointing straight into the slot', () => {
    const scene = planningScene(store);
    const plan = solvePickAndPlace(scene, {
      object: inTote(store, 'bottle-500ml').id,
      target: FACING,
      effector: 'auto',
    });
    expect(plan.pick!.motion.choice.candidate.label).toMatch(/^gripper side at/);
    // The tool's approach at the hover inside the slot, against the slot's outward direction.
    const arm = findArm(store.robot, plan.armName)!;
    const intoSlot = plan.place.plan.frontPath!.intoSlot;
    const lift = store.robot.parts.lift!;
    const at = {
      basePose: plan.place.standOff.basePose!,
      joints: { [lift.jointName]: plan.place.standOff.liftHeightM! },
    };
    const overrides = withArmJoints(at, arm, intoSlot[intoSlot.length - 1]!);
    const tool = matrixToPose(linkInWorld(scene, arm.tipLink, overrides));
    const approach = new Vector3(0, 0, 1).applyQuaternion(tool.quaternion);
    const outward = resolvePlaceTarget(store.world, FACING, 0).outward;
    expect(approach.dot(outward)).toBeLessThan(-0.99);
  }, 120_000);

  it('restocks it in the sim: in the facing, upright, nothing else moved', () => {
    const run = restockOnce(store, FACING);
    expect(run.failure?.describe()).toBeUndefined();
    expect(run.done).toBe(true);
    const placed = run.events.find((e) => e.message === 'placed');
    expect(placed?.data?.positionErrorM).toBeLessThanOrEqual(0.01);
    expect(placed?.data?.tiltDeg).toBeLessThan(3);
    expect(run.events.some((e) => e.message === 'collateral')).toBe(false);
    for (const [id, movedM] of run.shelfMovesM) expect(movedM, id).toBeLessThan(0.01);
  }, 300_000);
});
