import { Vector3 } from 'three';
import type { Pose } from './pose.ts';

/** An oriented box: centre, unit axes (columns of its rotation) and half extents along them, m. */
export interface Obb {
  readonly centre: Vector3;
  readonly axes: readonly [Vector3, Vector3, Vector3];
  readonly halfExtentsM: readonly [number, number, number];
}

/** The oriented box of half extents `halfExtentsM` centred at `pose`. */
export function obbFromPose(pose: Pose, halfExtentsM: readonly [number, number, number]): Obb {
  const q = pose.quaternion;
  return {
    centre: pose.position.clone(),
    axes: [
      new Vector3(1, 0, 0).applyQuaternion(q),
      new Vector3(0, 1, 0).applyQuaternion(q),
      new Vector3(0, 0, 1).applyQuaternion(q),
    ],
    halfExtentsM,
  };
}

function radiusAlong(box: Obb, axis: Vector3): number {
  return (
    box.halfExtentsM[0] * Math.abs(box.axes[0].dot(axis)) +
    box.halfExtentsM[1] * Math.abs(box.axes[1].dot(axis)) +
    box.halfExtentsM[2] * Math.abs(box.axes[2].dot(axis))
  );
}

/**
 * Separating-axis test over the 15 candidate axes. Returns the smallest overlap of the two boxes' projections,
 * m: positive is the depth they interpenetrate by, zero or negative means they touch or are apart.
 */
export function obbPenetrationM(a: Obb, b: Obb): number {
  const delta = b.centre.clone().sub(a.centre);
  const candidates: Vector3[] = [...a.axes, ...b.axes];
  for (const u of a.axes) {
    for (const v of b.axes) {
      const cross = u.clone().cross(v);
      // Parallel edges give no new axis; the face axes already cover that case.
      if (cross.lengthSq() > 1e-12) candidates.push(cross.normalize());
    }
  }
  let minOverlap = Infinity;
  for (const axis of candidates) {
    const overlap = radiusAlong(a, axis) + radiusAlong(b, axis) - Math.abs(delta.dot(axis));
    if (overlap < minOverlap) minOverlap = overlap;
    if (minOverlap <= 0) return minOverlap;
  }
  return minOverlap;
}
