import { Matrix4, Quaternion, Vector3 } from 'three';

/** A rigid pose: position in metres and orientation as a unit quaternion, in some named frame. */
export interface Pose {
  readonly position: Vector3;
  readonly quaternion: Quaternion;
}

/** A planar pose of a mobile base on the floor: x, y in metres, heading in radians. */
export interface Pose2D {
  readonly x: number;
  readonly y: number;
  readonly yawRad: number;
}

export function makePose(
  position: readonly [number, number, number] | Vector3 = [0, 0, 0],
  quaternion: readonly [number, number, number, number] | Quaternion = [0, 0, 0, 1],
): Pose {
  return {
    position: position instanceof Vector3 ? position.clone() : new Vector3(...position),
    quaternion: quaternion instanceof Quaternion ? quaternion.clone() : new Quaternion(...quaternion),
  };
}

export function poseToMatrix(pose: Pose, out = new Matrix4()): Matrix4 {
  return out.compose(pose.position, pose.quaternion, new Vector3(1, 1, 1));
}

export function matrixToPose(matrix: Matrix4): Pose {
  const position = new Vector3();
  const quaternion = new Quaternion();
  matrix.decompose(position, quaternion, new Vector3());
  return { position, quaternion };
}

/** `a ∘ b`: b expressed in a's frame, mapped to a's parent frame. */
export function composePoses(a: Pose, b: Pose): Pose {
  return {
    position: b.position.clone().applyQuaternion(a.quaternion).add(a.position),
    quaternion: a.quaternion.clone().multiply(b.quaternion),
  };
}

export function invertPose(p: Pose): Pose {
  const q = p.quaternion.clone().invert();
  return { position: p.position.clone().negate().applyQuaternion(q), quaternion: q };
}

/** Translation distance (m) and rotation angle (rad) between two poses. */
export function poseError(a: Pose, b: Pose): { positionM: number; rotationRad: number } {
  return { positionM: a.position.distanceTo(b.position), rotationRad: a.quaternion.angleTo(b.quaternion) };
}

/** A 2D pose lifted to 3D (z up). */
export function pose2DToPose(p: Pose2D, z = 0): Pose {
  return {
    position: new Vector3(p.x, p.y, z),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), p.yawRad),
  };
}

/** Wraps an angle to (-π, π]. */
export function wrapAngle(rad: number): number {
  const a = (rad + Math.PI) % (2 * Math.PI);
  return (a <= 0 ? a + 2 * Math.PI : a) - Math.PI;
}
