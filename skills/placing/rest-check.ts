import { Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';

/** How far an object came to rest from where it was meant to: centre distance and tilt of its up axis. */
export interface RestError {
  readonly positionM: number;
  readonly tiltRad: number;
}

/**
 * Compares a rest pose with the intended one. Tilt is the angle between the object axis that was meant to
 * point up and where it points now; heading about z is not an error (the slot does not care).
 */
export function restError(actual: Pose, intended: Pose): RestError {
  const up = new Vector3(0, 0, 1);
  const axisInObject = up.clone().applyQuaternion(intended.quaternion.clone().invert());
  const nowUp = axisInObject.applyQuaternion(actual.quaternion);
  return { positionM: actual.position.distanceTo(intended.position), tiltRad: nowUp.angleTo(up) };
}

/** Half the object's extent along world z in a given orientation (its oriented box). */
export function halfHeightInWorld(
  halfExtentsM: readonly [number, number, number],
  orientation: Pose['quaternion'],
): number {
  const axes = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)].map((a) =>
    a.applyQuaternion(orientation),
  );
  return axes.reduce((sum, axis, i) => sum + Math.abs(axis.z) * halfExtentsM[i]!, 0);
}

/** Half the object's extent along a horizontal world direction in a given orientation. */
export function halfExtentAlong(
  halfExtentsM: readonly [number, number, number],
  orientation: Pose['quaternion'],
  direction: Vector3,
): number {
  const axes = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)].map((a) =>
    a.applyQuaternion(orientation),
  );
  return axes.reduce((sum, axis, i) => sum + Math.abs(axis.dot(direction)) * halfExtentsM[i]!, 0);
}
