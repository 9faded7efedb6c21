import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';

/**
 * How a shape is symmetric, so that a turn of it changes nothing a place can see: `axis` about its own z (cylinders
 * and capsules stand along z), `any` about every axis (a sphere), undefined for shapes that look different turned.
 */
export function shapeSymmetry(shape: ObjectShape): 'axis' | 'any' | undefined {
  switch (shape.kind) {
    case 'cylinder':
    case 'capsule':
      return 'axis';
    case 'sphere':
      return 'any';
    default:
      return undefined;
  }
}

/**
 * The held object's orientation in the tool as seen (`seenInTool`) without the turn about its own symmetry axis it
 * took since `recordedInTool` (the grasp's): a can spun 17° in the fingers on the way is the same load, so the place
 * keeps the tool where it planned it for the object's heading; a tilt of the axis in the fingers is kept. A shape
 * without a symmetry keeps `seenInTool`.
 *
 * @example
 * objectInTool.quaternion.copy(withoutAxialSpin(object.shape, hold.objectInTool.quaternion, seen.quaternion))
 */
export function withoutAxialSpin(shape: ObjectShape, recordedInTool: Quaternion, seenInTool: Quaternion): Quaternion {
  const symmetry = shapeSymmetry(shape);
  if (symmetry === undefined) return seenInTool.clone();
  if (symmetry === 'any') return recordedInTool.clone();
  // seen = recorded · swing · twist, the twist about the object's own z (applied first, in its frame): drop it.
  const turn = recordedInTool.clone().invert().multiply(seenInTool);
  const norm = Math.hypot(turn.z, turn.w);
  // A half turn of the axis itself (tip over) has no defined twist; nothing is dropped then.
  if (norm < 1e-9) return seenInTool.clone();
  const twist = new Quaternion(0, 0, turn.z / norm, turn.w / norm);
  const swing = turn.multiply(twist.invert());
  return recordedInTool.clone().multiply(swing).normalize();
}

/**
 * The pose a clearance check sizes a load at: a round load (`shapeSymmetry`) turned about its own axis so that its
 * box's x axis points as near `squareToRad` (a heading in the world) as the axis lets it, so the box is square to
 * what it is checked against (a slot's walls, the robot's base) and the load is sized by its radius about the axis,
 * whatever its spin: a can turned 45° in the hand is the same can, but its box turned 45° is √2 wider. Any spin of a
 * round load's box holds the load, so the check stays on the safe side. Other shapes keep `pose`.
 *
 * @example
 * const checked = squaredAbout(object.shape, objectPose, Math.atan2(goal.outward.y, goal.outward.x));
 */
export function squaredAbout(shape: ObjectShape, pose: Pose, squareToRad: number): Pose {
  if (shapeSymmetry(shape) === undefined) return pose;
  const x = new Vector3(1, 0, 0).applyQuaternion(pose.quaternion);
  // The box's x points straight up or down (the load lying with its axis level across): no heading to square.
  if (Math.hypot(x.x, x.y) < 1e-9) return pose;
  const axis = new Vector3(0, 0, 1).applyQuaternion(pose.quaternion);
  // The turn about the load's own axis that brings its x's heading to `squareToRad`, made exact for an upright axis
  // and a valid turn (the same load) for any other: the box is square to the heading within its 90° symmetry.
  const turnRad = squareToRad - Math.atan2(x.y, x.x);
  const spin = new Quaternion().setFromAxisAngle(axis, turnRad);
  return { position: pose.position, quaternion: spin.multiply(pose.quaternion).normalize() };
}
