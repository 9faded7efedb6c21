import { Quaternion, Vector3 } from 'three';
import type { StaticBox } from '../../../src/math/footprint.ts';
import type { Pose } from '../../../src/math/pose.ts';

/** A pose from a position and a yaw about z. */
export function poseXyzYaw(x: number, y: number, z: number, yawRad = 0): Pose {
  return {
    position: new Vector3(x, y, z),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yawRad),
  };
}

/** An upright 1 m tall wall box from (x0, y0) to (x1, y1) on the floor. */
export function wallBox(id: string, x0: number, y0: number, x1: number, y1: number): StaticBox {
  return {
    id,
    poseInWorld: poseXyzYaw((x0 + x1) / 2, (y0 + y1) / 2, 0.5),
    halfExtentsM: [Math.abs(x1 - x0) / 2, Math.abs(y1 - y0) / 2, 0.5],
  };
}
