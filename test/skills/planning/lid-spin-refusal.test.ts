import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { currentJoints } from '../../../skills/arm/robot-frames.ts';
import { armMap, carryStage, last } from '../../../skills/planning/carry-stage.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { placeStage } from '../../../skills/planning/place-stage.ts';
import { travelFields } from '../../../skills/planning/travel-field.ts';
import { inTote, planningScene, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// Diagnosis of demo seed 4's one failed try (issues 11 and 12), not yet fixed: a coffee can (Ø102 × 139 mm) taken by
// its lid on the cup, into aisle-b/level-1/slot-2/facing-1, the lowest level. The grasp did not slip: the hold seen
// after the pick was the planned one (0.4 mm lower, the same spin about the lid), but the arm ended the grasp 0.252 rad
// off the planned retreat, so the carry and place were re-planned as held, and the place was refused at all 30
// stand-offs and lifts ("no heading of the load reaches it"); the can was put back. The slot is reached from few
// stand-offs (the load comes down in front of the base, the wrist under the board above), and whether any works turns
// on the grasp's spin about the lid, which for a round can should not matter: the place tries the target's heading
// and its quarter turns, so the spin sets the hand's yaw. From the demo's base pose and arm joints, held 0°, 15°,
// 30°, 60° or 90° round the re-plan finds a stand-off; held 45° or 135° round (the demo's "suction top cap #5"), none.
// Trying also the headings halfway between the quarter turns (the hand back at a yaw that works, the can's box then
// diagonal to the slot) was refused too: not traced further.
const FACING = 'aisle-b/level-1/slot-2/facing-1';

describe('a can held by its lid, re-planned as held into a low slot (demo seed 4, diagnosis)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(4, FACING, 1);
  }, 120_000);
  afterAll(() => store?.free());

  it('finds a stand-off with the grasp as planned, and none with it turned 45° about the lid', () => {
    const scene = planningScene(store);
    const can = inTote(store, 'coffee-can');
    const plan = solvePickAndPlace(scene, { object: can.id, target: FACING, effector: 'suction' });
    const { robot } = store;
    const arm = robot.parts.arms.find((a) => a.name === plan.armName)!;
    const lift = robot.parts.lift!;
    // The arm where the pick's retreat ends, the other arm stowed, the lift at the pick's height.
    const joints: Record<string, number> = { ...currentJoints(robot) };
    for (const a of robot.parts.arms) Object.assign(joints, armMap(a, stowJoints(robot, a)));
    Object.assign(joints, armMap(arm, last(plan.pick!.motion.retreat)), {
      [lift.jointName]: plan.pick!.standOff.liftHeightM!,
    });
    const from = plan.pick!.standOff.basePose!;
    const fields = travelFields(scene);
    const replanned = (spinRad: number) => {
      // The can held as planned, turned `spinRad` about its own axis (the lid's: the can's z).
      const spin = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), spinRad);
      const hold: HeldObject = {
        ...plan.hold,
        objectInTool: {
          position: plan.hold.objectInTool.position.clone(),
          quaternion: plan.hold.objectInTool.quaternion.clone().multiply(spin),
        },
      };
      const carried = carryStage(scene, can, FACING, arm, hold, from, joints, { asHeld: true });
      if (typeof carried === 'string') throw new Error(carried);
      return placeStage(scene, fields, new Map(), can, FACING, arm, hold, from, carried);
    };
    const asPlanned = replanned(0);
    expect(typeof asPlanned === 'string' ? asPlanned : 'found').toBe('found');
    expect(replanned(Math.PI / 4)).toBe(
      'place: no heading of the load reaches it (30 stand-offs and lift heights tried)',
    );
  }, 300_000);
});
