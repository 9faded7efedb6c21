import { Quaternion } from 'three';
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
