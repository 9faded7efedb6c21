import { Vector2, Vector3 } from 'three';
import type { Pose } from './pose.ts';

/**
 * An oriented box of static geometry. Structurally the `FixtureBox` of `scenes/fixture-geometry.ts`, declared
 * here so navigation takes a plain list and does not depend on scenes.
 */
export interface StaticBox {
  readonly id: string;
  /** Pose of the box centre in the world. */
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
}

/** What an oriented box covers on the floor: its convex xy outline and its z range. */
export interface Footprint {
  /** Convex hull of the box's corners projected on the floor, counter-clockwise. */
  readonly polygon: readonly Vector2[];
  readonly zMinM: number;
  readonly zMaxM: number;
}

/** The floor footprint of an oriented box (the whole box projected, so a tilted box is over-approximated). */
export function boxFootprint(poseInWorld: Pose, halfExtentsM: readonly [number, number, number]): Footprint {
  const [hx, hy, hz] = halfExtentsM;
  const corner = new Vector3();
  const points: Vector2[] = [];
  let zMinM = Infinity;
  let zMaxM = -Infinity;
  for (const sx of [-1, 1]) {
    for (const sy of [-1, 1]) {
      for (const sz of [-1, 1]) {
        corner
          .set(sx * hx, sy * hy, sz * hz)
          .applyQuaternion(poseInWorld.quaternion)
          .add(poseInWorld.position);
        points.push(new Vector2(corner.x, corner.y));
        zMinM = Math.min(zMinM, corner.z);
        zMaxM = Math.max(zMaxM, corner.z);
      }
    }
  }
  return { polygon: convexHull(points), zMinM, zMaxM };
}

/** x closer than this counts as the same column of the sort, m (rounding apart, not geometry). */
const SAME_X_M = 1e-9;

/** Andrew's monotone chain; counter-clockwise, without collinear or repeated points. */
export function convexHull(points: readonly Vector2[]): Vector2[] {
  // Points a rounding error apart in x are ordered by y: ordered by that error instead, a column of points (two
  // feet side by side, their corners 1e-16 m apart) is walked out of order, and the collinear test below then drops
  // one of its ends, cutting a corner off the hull.
  const sorted = [...points].sort((a, b) => (Math.abs(a.x - b.x) > SAME_X_M ? a.x - b.x : a.y - b.y));
  const cross = (o: Vector2, a: Vector2, b: Vector2): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const half = (list: Vector2[]): Vector2[] => {
    const out: Vector2[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 1e-12) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  if (sorted.length < 3) return sorted;
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** Distance from a point to a convex polygon (0 inside). */
export function pointPolygonDistance(p: Vector2, polygon: readonly Vector2[]): number {
  if (polygon.length === 0) return Infinity;
  if (containsPoint(polygon, p)) return 0;
  let best = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    best = Math.min(best, pointSegmentDistance(p, polygon[i]!, polygon[(i + 1) % polygon.length]!));
  }
  return best;
}

/** Distance from segment ab to a convex polygon (0 when they touch). */
export function segmentPolygonDistance(a: Vector2, b: Vector2, polygon: readonly Vector2[]): number {
  if (polygon.length === 0) return Infinity;
  if (containsPoint(polygon, a) || containsPoint(polygon, b)) return 0;
  let best = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const c = polygon[i]!;
    const d = polygon[(i + 1) % polygon.length]!;
    if (segmentsCross(a, b, c, d)) return 0;
    best = Math.min(best, pointSegmentDistance(c, a, b), pointSegmentDistance(a, c, d), pointSegmentDistance(b, c, d));
  }
  return best;
}

/**
 * Whether a convex polygon overlaps the axis-aligned square [x0, x1] × [y0, y1] with positive area (separating
 * axis test): touching edges do not count, so a box ending exactly on a cell border leaves that cell free.
 */
export function polygonOverlapsRect(
  polygon: readonly Vector2[],
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): boolean {
  const eps = 1e-9;
  const rect = [new Vector2(x0, y0), new Vector2(x1, y0), new Vector2(x1, y1), new Vector2(x0, y1)];
  const axes = [new Vector2(1, 0), new Vector2(0, 1)];
  for (let i = 0; i < polygon.length; i++) {
    const e = polygon[(i + 1) % polygon.length]!.clone().sub(polygon[i]!);
    if (e.lengthSq() > 0) axes.push(new Vector2(-e.y, e.x).normalize());
  }
  for (const axis of axes) {
    const [aMin, aMax] = project(polygon, axis);
    const [bMin, bMax] = project(rect, axis);
    if (aMax <= bMin + eps || bMax <= aMin + eps) return false;
  }
  return true;
}

function project(points: readonly Vector2[], axis: Vector2): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    const d = p.dot(axis);
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return [lo, hi];
}

function containsPoint(polygon: readonly Vector2[], p: Vector2): boolean {
  if (polygon.length < 3) return false;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) < 0) return false;
  }
  return true;
}

function pointSegmentDistance(p: Vector2, a: Vector2, b: Vector2): number {
  const abx = b.x - a.x;
  const aby = b.y - a.y;
  const lengthSq = abx * abx + aby * aby;
  const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * abx + (p.y - a.y) * aby) / lengthSq));
  return Math.hypot(p.x - (a.x + t * abx), p.y - (a.y + t * aby));
}

function segmentsCross(a: Vector2, b: Vector2, c: Vector2, d: Vector2): boolean {
  const orient = (p: Vector2, q: Vector2, r: Vector2): number =>
    Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}
