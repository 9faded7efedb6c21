import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { HAND_MARGIN_M, jointSamples } from '../../../skills/arm/arm-sweep.ts';
import { fingersOnOtherHand } from '../../../skills/arm/other-arms.ts';
import { planningSeed, stowJoints } from '../../../skills/arm/postures.ts';
import { armJoints } from '../../../skills/arm/robot-frames.ts';
import { rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { PICK_DISTANCES, planPickMotion } from '../../../skills/planning/pick-motion.ts';
import { objectsIn, stockPlace } from '../../../skills/restock/stock.ts';
import { planningScene, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Issue 11: a gripper shut under its squeeze takes whatever comes between its pads. Demo seed 11 (main 9a840c8): the
// right gripper, shut, swung out of the fold past the folded left arm; its pads took the left cup between them and
// dragged it 95 mm. A pick whose swing from the fold is clear only with the empty gripper closed first closed it there
// all the same (main: `closeFirst` on this milk carton in the seed-10 store's tote, its closed fingers over the left
// cup for the first samples of the swing). It is refused now, naming the cup.
const FACING = 'aisle-a/level-1/slot-4/facing-2';
const HOLD = 'gripper +y face, close along x';
const DOCKED = { x: 0.1982, y: 0.9695, yawRad: 2.1029 };
const LIFT_M = 0.4;

describe('a pick does not close the empty gripper for a swing that carries it over the other hand', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(10, FACING);
  }, 120_000);
  afterAll(() => store?.free());

  it('from the fold, the left arm folded: no close-first swing past the left cup', () => {
    const scene = planningScene(store);
    const tote = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    const carton = tote.find((o) => o.id === 'stock/milk-carton-1l-75')!;
    expect(carton).toBeDefined();
    const choice = rankGraspChoices(scene, carton, {
      effector: 'gripper',
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    }).ranked.find((c) => c.candidate.label === HOLD)!;
    expect(choice).toBeDefined();
    const arm = choice.entry.arm;
    const joints: Record<string, number> = { [store.robot.parts.lift!.jointName]: LIFT_M };
    for (const a of store.robot.parts.arms) {
      const stow = stowJoints(store.robot, a);
      a.jointNames.forEach((name, i) => (joints[name] = stow[i]!));
    }
    const overrides = { basePose: DOCKED, joints };
    const motion = planPickMotion(scene, carton, choice, overrides, planningSeed(store.robot, arm));
    if (typeof motion === 'string') {
      // Open, a finger brushes the neighbouring carton; closed, the fingers lie on the left cup.
      expect(motion).toMatch(/closed first, sweep: right_finger_. hits arm left link left_suction_cup/);
      return;
    }
    if (!motion.closeFirst) return;
    const start = armJoints(arm, overrides);
    const swing = [start, ...jointSamples(start, [...(motion.ready ? [motion.ready] : []), motion.preGrasp])];
    expect(fingersOnOtherHand(scene, arm, swing, overrides, HAND_MARGIN_M)?.hit.what).toBeUndefined();
  }, 120_000);
});
