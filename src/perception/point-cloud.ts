import { Vector3 } from 'three';
import type { CameraIntrinsics, DepthFrame } from '../../hardware/camera.ts';

/** Pinhole intrinsics for an image size and vertical field of view (square pixels, centred principal point). */
export function intrinsicsFromFov(widthPx: number, heightPx: number, fovYRad: number): CameraIntrinsics {
  const fy = heightPx / 2 / Math.tan(fovYRad / 2);
  return { widthPx, heightPx, fx: fy, fy, cx: (widthPx - 1) / 2, cy: (heightPx - 1) / 2 };
}

/**
 * The point pixel (`u`, `v`) sees at depth `zM`, in the camera's optical frame (REP 103: z forward, x right, y
 * down), written into `out`: the pinhole model every depth reader and writer back-projects with.
 */
export function pixelToOptical(u: number, v: number, zM: number, k: CameraIntrinsics, out: Vector3): Vector3 {
  return out.set(((u - k.cx) / k.fx) * zM, ((v - k.cy) / k.fy) * zM, zM);
}

/**
 * Back-projects a depth image (ROS optical frame: z forward, x right, y down) into world-frame points,
 * x, y, z per valid pixel; NaN pixels are skipped.
 *
 * @example
 * const cloud = depthToPointCloud(frame); // cloud.length / 3 points
 */
export function depthToPointCloud(frame: DepthFrame): Float32Array {
  const { intrinsics: k, depthM, cameraPoseInWorld: pose } = frame;
  const out = new Float32Array(depthM.length * 3);
  const p = new Vector3();
  let n = 0;
  for (let v = 0; v < k.heightPx; v++) {
    for (let u = 0; u < k.widthPx; u++) {
      const z = depthM[v * k.widthPx + u]!;
      if (!Number.isFinite(z)) continue;
      pixelToOptical(u, v, z, k, p).applyQuaternion(pose.quaternion).add(pose.position);
      out[n++] = p.x;
      out[n++] = p.y;
      out[n++] = p.z;
    }
  }
  return out.slice(0, n);
}
