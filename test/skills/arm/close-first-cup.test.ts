import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { armSweepHit, HAND_MARGIN_M, jointSamples } from '../../../skills/arm/arm-sweep.ts';
import { fingersOnOtherHand } from '../../../skills/arm/other-arms.ts';
import { planningSeed } from '../../../skills/arm/postures.ts';
import { planPickMotion, swingLegs } from '../../../skills/planning/pick-motion.ts';
import { objectsIn, stockPlace } from '../../../skills/restock/stock.ts';
import { foldedGripperPick, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Issue 11: a gripper shut under its squeeze takes whatever comes between its pads. Demo seed 11 (main 9a840c8): the
// right gripper, shut, swung out of the fold past the folded left arm; its pads took the left cup between them and
// dragged it 95 mm. A pick whose swing from the fold is clear only with the empty gripper closed first closed it at
// the fold all the same (before: `closeFirst` on this milk carton in the seed-10 store's tote, its shut fingers on the
// left cup's collision box for the first samples of the swing). Refusing those swings refused every close-first swing
// from the fold; the swing now leaves the fold with the fingers as they stand and closes once clear of the cup.
const FACING = 'aisle-a/level-1/slot-4/facing-2';
const HOLD = 'gripper +y face, close along x';
const DOCKED = { x: 0.1982, y: 0.9695, yawRad: 2.1029 };
const LIFT_M = 0.4;

describe('a close-first pick from the fold closes the empty gripper only once clear of the other hand', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(10, FACING);
  }, 120_000);
  afterAll(() => store?.free());

  it('both arms folded: the swing leaves open, closes on the way, and the shut fingers keep off the left cup', () => {
    const tote = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    const carton = tote.find((o) => o.id === 'stock/milk-carton-1l-75')!;
    expect(carton).toBeDefined();
    const { scene, choice, overrides } = foldedGripperPick(store, carton, HOLD, DOCKED, LIFT_M);
    if (!choice) expect.fail(`no hold '${HOLD}'`);
    const arm = choice.entry.arm;
    const { joints } = overrides;
    const motion = planPickMotion(scene, carton, choice, overrides, planningSeed(store.robot, arm));
    if (typeof motion === 'string') expect.fail(motion);
    // Open, a finger brushes the neighbouring carton: the gripper closes first, but not at the fold.
    expect(motion.closeFirst).toBe(true);
    expect(motion.closeAt).toBeDefined();
    const { beforeClose, afterClose } = swingLegs(motion);
    const leaving = { ...overrides, joints: { ...joints } };
    // Leaving with the fingers open, the sweep (the fold's own touching allowed) meets nothing.
    expect(armSweepHit(scene, arm, beforeClose, overrides, [], { fingers: true, fingerOpening: 1 })).toBeUndefined();
    arm.jointNames.forEach((name, i) => (leaving.joints[name] = motion.closeAt![i]!));
    // Shut from the closing point on: off the other hand, and off the scene.
    const shut = [motion.closeAt!, ...jointSamples(motion.closeAt!, afterClose)];
    expect(fingersOnOtherHand(scene, arm, shut, overrides, HAND_MARGIN_M)?.hit.what).toBeUndefined();
    expect(armSweepHit(scene, arm, afterClose, leaving, [], { fingers: true, fingerOpening: 0 })).toBeUndefined();
  }, 120_000);
});
