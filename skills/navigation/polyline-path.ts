import { type Vector2 } from 'three';

/** A path of straight legs with arc-length bookkeeping: projection of a position and points at an arc length. */
export class PolylinePath {
  readonly points: readonly Vector2[];
  /** Arc length at each waypoint, m. */
  readonly cumulativeM: readonly number[];
  readonly lengthM: number;

  constructor(points: readonly Vector2[]) {
    if (points.length === 0) throw new RangeError('a path needs at least one point');
    this.points = points.map((p) => p.clone());
    const cumulative = [0];
    for (let i = 1; i < points.length; i++) cumulative.push(cumulative[i - 1]! + points[i]!.distanceTo(points[i - 1]!));
    this.cumulativeM = cumulative;
    this.lengthM = cumulative[cumulative.length - 1]!;
  }

  get goal(): Vector2 {
    return this.points[this.points.length - 1]!;
  }

  /** The point at arc length `s` (clamped to the path). */
  pointAt(sM: number): Vector2 {
    const s = Math.min(this.lengthM, Math.max(0, sM));
    const i = this.segmentAt(s);
    const a = this.points[i]!;
    const b = this.points[Math.min(i + 1, this.points.length - 1)]!;
    const legM = this.cumulativeM[i + 1] === undefined ? 0 : this.cumulativeM[i + 1]! - this.cumulativeM[i]!;
    return legM > 0 ? a.clone().lerp(b, (s - this.cumulativeM[i]!) / legM) : a.clone();
  }

  /** Heading of the leg at arc length `s`, rad. */
  headingAt(sM: number): number {
    const i = this.segmentAt(Math.min(this.lengthM, Math.max(0, sM)));
    const a = this.points[i]!;
    const b = this.points[Math.min(i + 1, this.points.length - 1)]!;
    return Math.atan2(b.y - a.y, b.x - a.x);
  }

  /**
   * Arc length of the point of the path nearest to `p` within [fromM, fromM + windowM]: the window keeps progress
   * monotonic, so a path that doubles back near itself is not skipped ahead.
   */
  project(p: Vector2, fromM = 0, windowM = Infinity): number {
    const lo = Math.max(0, fromM);
    const hi = Math.min(this.lengthM, fromM + windowM);
    let bestS = lo;
    let bestD = Infinity;
    for (let i = 0; i < this.points.length - 1; i++) {
      const s0 = this.cumulativeM[i]!;
      const s1 = this.cumulativeM[i + 1]!;
      if (s1 < lo || s0 > hi || s1 === s0) continue;
      const a = this.points[i]!;
      const b = this.points[i + 1]!;
      const t = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / ((s1 - s0) * (s1 - s0));
      const s = Math.min(hi, Math.max(lo, s0 + Math.min(1, Math.max(0, t)) * (s1 - s0)));
      const d = this.pointAt(s).distanceTo(p);
      if (d < bestD - 1e-12) {
        bestD = d;
        bestS = s;
      }
    }
    return bestS;
  }

  /** The waypoints still ahead of arc length `s`, starting with the point at `s`. */
  remainingFrom(sM: number): Vector2[] {
    const rest = this.points.filter((_, i) => this.cumulativeM[i]! > sM);
    return [this.pointAt(sM), ...rest];
  }

  private segmentAt(s: number): number {
    for (let i = 0; i < this.points.length - 1; i++) if (s <= this.cumulativeM[i + 1]!) return i;
    return Math.max(0, this.points.length - 2);
  }
}
