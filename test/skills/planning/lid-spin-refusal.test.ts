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

// Demo seed 4's one failed try (issues 11 and 12): a coffee can (Ø102 × 139 mm) taken by its lid on the cup, into
// aisle-b/level-1/slot-2/facing-1, the lowest level. The grasp did not slip: the hold seen after the pick was the
// planned one (0.4 mm lower, the same spin about the lid), but the arm ended the grasp 0.252 rad off the planned
// retreat, so the carry and place were re-planned as held. The slot is reached from few stand-offs (the load comes
// down in front of the base, the wrist under the board above), and whether any worked turned on the grasp's spin
// about the lid: the place tries the target's heading and its quarter turns, so the spin sets how the can's box is
// turned to the robot's base, and the base check sized the can by that box, √2 wider turned 45°. Held 45° or 135°
// round (the demo's "suction top cap #5"), the load "landed on" the base at every near stand-off and the place was
// refused at all 30 stand-offs and lifts. A round load is now sized by its radius about its axis (its box squared to
// the base's and the slot's), so the spin about the lid no longer matters.
const FACING = 'aisle-b/level-1/slot-2/facing-1';

describe('a can held by its lid, re-planned as held into a low slot (demo seed 4)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(4, FACING, 1);
  }, 120_000);
  afterAll(() => store?.free());

  it('finds a stand-off with the grasp as planned, and with it turned 45° or 135° about the lid', () => {
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
    for (const spinRad of [Math.PI / 4, (3 * Math.PI) / 4]) {
      const turned = replanned(spinRad);
      expect(typeof turned === 'string' ? turned : 'found').toBe('found');
    }
  }, 300_000);
});
