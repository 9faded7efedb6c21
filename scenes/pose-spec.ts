import { Euler, MathUtils, Quaternion, Vector3 } from 'three';
import type { Pose } from '../src/math/pose.ts';
import type { PoseSpec } from './schema.ts';

/** A file pose in its own frame (ignoring `frame`): roll/pitch/yaw are fixed x, y, z axes, as in URDF. */
export function poseFromSpec(spec: PoseSpec): Pose {
  const [r, p, y] = spec.rpyDeg ?? [0, 0, spec.yawDeg ?? 0];
  // Three's 'ZYX' order builds Rz·Ry·Rx, i.e. rotations about the fixed x, then y, then z axes.
  const euler = new Euler(MathUtils.degToRad(r), MathUtils.degToRad(p), MathUtils.degToRad(y), 'ZYX');
  return { position: new Vector3(...spec.position), quaternion: new Quaternion().setFromEuler(euler) };
}

/** A pose from a position and a yaw about z (rad); handy for generated places and boxes. */
export function poseXyzYaw(x: number, y: number, z: number, yawRad = 0): Pose {
  return {
    position: new Vector3(x, y, z),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yawRad),
  };
}
