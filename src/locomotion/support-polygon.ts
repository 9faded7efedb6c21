import { Vector2 } from 'three';
import { convexHull } from '../math/footprint.ts';

/** A foot flat on a surface: the sole centre on the ground and its heading. */
export interface FootPlacement {
  readonly x: number;
  readonly y: number;
  /** Height of the surface the sole rests on, m. */
  readonly zM: number;
  readonly yawRad: number;
}

/** The sole's rectangle, length along the foot's heading. */
export interface SoleSize {
  readonly lengthM: number;
  readonly widthM: number;
}

/** The four corners of a sole on the floor plane, counter-clockwise. */
export function soleCorners(foot: FootPlacement, sole: SoleSize): Vector2[] {
  const c = Math.cos(foot.yawRad);
  const s = Math.sin(foot.yawRad);
  const hl = sole.lengthM / 2;
  const hw = sole.widthM / 2;
  return [
    [hl, hw],
    [-hl, hw],
    [-hl, -hw],
    [hl, -hw],
  ].map(([u, v]) => new Vector2(foot.x + c * u! - s * v!, foot.y + s * u! + c * v!));
}

/**
 * The support polygon of the feet on the ground: one sole's rectangle in single support, the convex hull of both
 * in double support (projected on the floor plane, which is exact on level ground and conservative across a step).
 */
export function supportPolygon(feet: readonly FootPlacement[], sole: SoleSize): Vector2[] {
  return convexHull(feet.flatMap((foot) => soleCorners(foot, sole)));
}

/**
 * How far a point lies inside a convex counter-clockwise polygon, m: the distance to the nearest edge, positive
 * inside, negative outside (then the distance to the nearest edge line, which bounds the true distance from below).
 */
export function stabilityMargin(point: Vector2, polygon: readonly Vector2[]): number {
  let margin = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    const ex = b.x - a.x;
    const ey = b.y - a.y;
    const length = Math.hypot(ex, ey);
    if (length < 1e-12) continue;
    margin = Math.min(margin, (ex * (point.y - a.y) - ey * (point.x - a.x)) / length);
  }
  return margin;
}
