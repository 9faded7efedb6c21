import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { currentJoints } from '../../../skills/arm/robot-frames.ts';
import { goalPose2D } from '../../../skills/navigation/goal.ts';
import { armMap, last } from '../../../skills/planning/carry-stage.ts';
import { placesInLine } from '../../../skills/planning/in-line.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { searchPlace } from '../../../skills/planning/place-stage.ts';
import { travelFields } from '../../../skills/planning/travel-field.ts';
import { inTote, planningScene, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Demo seed 8's last try: the bleach bottle on the cup, from the tote into aisle-b/level-1/slot-6/facing-2, the end
// facing of the lowest level, beside the unit's side panel. Picked from behind the stock cart, the place search
// ordered its stand-offs by reach and drive: the nine past the unit's end (a 1.7 m drive, the shoulder 60-120° off
// the slot's front) came first and spent the budget of 10, the aisle's (an 8.5 m drive) were never tried, and the
// plan went to a hold that put the bottle in turned 90° (missed). Stand-offs whose shoulder sees the slot more than
// 50° off its front are now tried after the others.
const FACING = 'aisle-b/level-1/slot-6/facing-2';

describe('a place beside a unit side panel tries the aisle before the stand-offs past the unit end', () => {
  let store: StoreSession;
  beforeAll(async () => {
    // The refill brings a bottle for the empty facing.
    store = await storeWithEmptyFacing(8, FACING, 1);
  }, 120_000);
  afterAll(() => store?.free());

  it('searched from behind the cart, the place stands in the aisle in front of the slot and puts the bottle in line', () => {
    const scene = planningScene(store);
    const bottle = inTote(store, 'bleach-bottle');
    // The hold and the carry of the cup's chain; the place searched again as if the pick stood behind the cart.
    const plan = solvePickAndPlace(scene, { object: bottle.id, target: FACING, effector: 'suction' });
    const { robot } = store;
    const arm = robot.parts.arms.find((a) => a.name === plan.armName)!;
    const lift = robot.parts.lift!;
    const joints: Record<string, number> = { ...currentJoints(robot) };
    for (const a of robot.parts.arms) Object.assign(joints, armMap(a, stowJoints(robot, a)));
    Object.assign(joints, armMap(arm, last([...plan.carry!.rise, ...plan.carry!.carry!.joints])), {
      [lift.jointName]: plan.pick!.standOff.liftHeightM!,
    });
    const behindCart = goalPose2D(store.world.place('stand/cart/back')!.poseInWorld);
    const travel = travelFields(scene)(behindCart)!;
    const stage = searchPlace(scene, arm, bottle, plan.hold, FACING, { fromPose: behindCart, travel, joints });
    if (typeof stage === 'string') throw new Error(stage);
    // In the aisle: in front of aisle-b's open side (x = -0.8), short of the units' ends (y = 0.9).
    const at = stage.standOff.basePose!;
    expect(at.x).toBeGreaterThan(-0.8);
    expect(at.y).toBeLessThan(0.9);
    expect(placesInLine(store.world, bottle, { ...plan, place: stage } satisfies PickPlacePlan)).toBe(true);
  }, 300_000);
});
