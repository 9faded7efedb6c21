import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { toolInWorld } from '../../../skills/arm/robot-frames.ts';
import { heldObjectPose, planPlace, spinFreeHold } from '../../../skills/placing/plan-place.ts';
import type { PlaceTarget } from '../../../skills/placing/place-target.ts';
import { box, can, harness } from '../helpers/manipulation-harness.ts';

// A can held on its lid (demo seed 4's coffee can on the suction cup) is the same can in the same place whatever the
// hand's yaw about it: after the target's heading and its quarter turns, the place may try the headings half-way
// between them (the hand turned 45°), which a search over stand-offs does once more when the quarter turns found
// nothing (`searchPlace`). A box, or a can held from its side, is not turned so: its heading shows in the slot.
const TARGET: PlaceTarget = { position: [0.5, -0.4, 0.4], yawRad: 0 };
const QUARTER = Math.PI / 2;

/** A hold of `objectId` by the suction cup, the tool's z down the object's z (on its top) or across it (its side). */
function held(objectId: string, on: 'top' | 'side', centreM: number, spinRad = 0): HeldObject {
  const turn =
    on === 'top' ? new Quaternion(1, 0, 0, 0) : new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), QUARTER);
  return {
    objectId,
    armName: 'right',
    effector: 'suction',
    objectInTool: {
      position: new Vector3(0, 0, centreM),
      quaternion: turn.multiply(new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), spinRad)),
    },
    payloadN: 3.4,
    restQuaternion: new Quaternion(),
  };
}

/** How far `yawRad` is from the nearest quarter turn of the target's heading (0), rad. */
function offQuarter(yawRad: number): number {
  const r = ((yawRad % QUARTER) + QUARTER) % QUARTER;
  return Math.min(r, QUARTER - r);
}

describe('the half-way headings of a load held on its axis', () => {
  it('are a can held on its lid, not a can held from its side nor a box held on its top', () => {
    const h = harness({ objects: [can(), box('tea', [0.066, 0.066, 0.115])] });
    expect(spinFreeHold(h.world.object('can-1')!, held('can-1', 'top', 0.0575, 0.7))).toBe(true);
    expect(spinFreeHold(h.world.object('can-1')!, held('can-1', 'side', 0.033))).toBe(false);
    expect(spinFreeHold(h.world.object('tea')!, held('tea', 'top', 0.0575))).toBe(false);
    // Held on its lid but 2 cm off its axis: turning the hand would carry the can round, not spin it.
    const offAxis = held('can-1', 'top', 0.0575);
    offAxis.objectInTool.position.x = 0.02;
    expect(spinFreeHold(h.world.object('can-1')!, offAxis)).toBe(false);
  });

  it('come after the quarter turns: the place tried past them stands the can half-way between two', () => {
    const h = harness({ objects: [can()] });
    const arm = h.robot.parts.arms.find((a) => a.name === 'right')!;
    const object = h.world.object('can-1')!;
    for (const spinRad of [0, 0.3, Math.PI / 4]) {
      const hold = held('can-1', 'top', 0.0575, spinRad);
      const now = heldObjectPose(toolInWorld(h.ctx, arm), hold);
      const quarter = planPlace(h.ctx, arm, object, hold, TARGET, now, {}, undefined, 4);
      const halfWay = planPlace(h.ctx, arm, object, hold, TARGET, now, {}, undefined, 4, 4);
      expect(offQuarter(quarter.choice.yawRad)).toBeLessThan(1e-9);
      expect(offQuarter(halfWay.choice.yawRad)).toBeCloseTo(Math.PI / 4, 9);
      // The same can in the same place: only the hand's yaw differs.
      expect(halfWay.objectAtRest.position.distanceTo(quarter.objectAtRest.position)).toBeLessThan(1e-9);
    }
  });
});
