import { Vector3 } from 'three';
import type { CameraIntrinsics } from '../../hardware/camera.ts';
import type { Pose } from '../../src/math/pose.ts';
import type { ClutterWorld } from './settle-clutter.ts';

/** A rendered view: depth along the optical axis (NaN: no hit) and the object index hit by each pixel's ray. */
export interface ClutterView {
  readonly depthM: Float32Array;
  /** Index into `ClutterWorld.objects`, −1 for the bin, the floor or nothing. Row-major like `depthM`. */
  readonly segmentation: Int32Array;
}

/** Ray-cast range of the camera. */
export interface RenderRange {
  readonly minRangeM: number;
  readonly maxRangeM: number;
}

/**
 * Renders depth and instance segmentation of the settled bin from a pinhole camera whose optical frame (z forward,
 * x right, y down) sits at `cameraInWorld`: one ray per pixel, as `SimDepthCamera` does, also reporting which
 * collider each ray hit.
 */
export function renderClutter(
  clutter: ClutterWorld,
  k: CameraIntrinsics,
  cameraInWorld: Pose,
  range: RenderRange = { minRangeM: 0.05, maxRangeM: 5 },
): ClutterView {
  const { sim } = clutter;
  const depthM = new Float32Array(k.widthPx * k.heightPx);
  const segmentation = new Int32Array(k.widthPx * k.heightPx);
  const dir = new Vector3();
  const origin = new Vector3();
  const ray = new sim.rapier.Ray(origin, dir);
  for (let v = 0; v < k.heightPx; v++) {
    for (let u = 0; u < k.widthPx; u++) {
      dir.set((u - k.cx) / k.fx, (v - k.cy) / k.fy, 1);
      const norm = dir.length();
      dir.divideScalar(norm).applyQuaternion(cameraInWorld.quaternion);
      origin.copy(cameraInWorld.position).addScaledVector(dir, range.minRangeM);
      ray.origin = origin;
      ray.dir = dir;
      const hit = sim.world.castRay(ray, range.maxRangeM - range.minRangeM, true);
      const i = v * k.widthPx + u;
      depthM[i] = hit === null ? Number.NaN : (hit.timeOfImpact + range.minRangeM) / norm;
      segmentation[i] = hit === null ? -1 : (clutter.objectOfCollider.get(hit.collider.handle) ?? -1);
    }
  }
  return { depthM, segmentation };
}
