/**
 * How far a corner blend may leave the corner it rounds, rad (m for a prismatic joint), in the largest joint. The
 * arm sweep check samples a path 1/40 rad apart (so it already trusts the straight line between samples to
 * 1/80 rad); a blend within 0.005 rad of the corner stays inside that checked tolerance, and so does the geometry
 * the backends were handed.
 */
export const BLEND_TOLERANCE_RAD = 0.005;

/** One stretch of a blended path: straight along a segment, or a parabola rounding a corner. */
export interface PathPiece {
  /** Path length (max-norm joint distance) where the piece starts and ends. */
  readonly fromL: number;
  readonly toL: number;
  /** Direction of travel (dq/dL) on entering and leaving; equal on a straight piece. */
  readonly dirIn: readonly number[];
  readonly dirOut: readonly number[];
  /** Joint values at `fromL`. */
  readonly start: readonly number[];
}

/**
 * A piecewise-linear joint path with each corner rounded by a parabola (a quadratic Bézier whose control point is
 * the corner), so the joint direction dq/dL is continuous: timed by a continuous path speed, no joint's velocity
 * jumps at a waypoint. Each blend stays within `toleranceRad` of its corner and within the two segments' halves;
 * the path passes the corner's nearest point at the corner's arc length. L is the max-norm joint distance along
 * the unrounded path, so it is also the arc length of the straight pieces.
 */
export class BlendedJointPath {
  readonly pieces: readonly PathPiece[];
  readonly lengthL: number;
  /** L of each waypoint (duplicates share one). */
  readonly waypointL: readonly number[];

  constructor(waypoints: readonly (readonly number[])[], toleranceRad = BLEND_TOLERANCE_RAD) {
    const dof = waypoints[0]!.length;
    const distinct: (readonly number[])[] = [waypoints[0]!];
    const waypointL = [0];
    const lengths: number[] = [];
    let total = 0;
    for (const w of waypoints.slice(1)) {
      const last = distinct[distinct.length - 1]!;
      const seg = maxNorm(w.map((q, j) => q - last[j]!));
      if (seg > 1e-12) {
        distinct.push(w);
        lengths.push(seg);
        total += seg;
      }
      waypointL.push(total);
    }
    this.lengthL = total;
    this.waypointL = waypointL;
    const dirs = lengths.map((len, i) => distinct[i + 1]!.map((q, j) => (q - distinct[i]![j]!) / len));
    // Half-length (in L) of the blend at each interior corner.
    const half = dirs.map((_, i) => {
      if (i === 0) return 0;
      const turn = maxNorm(dirs[i]!.map((d, j) => d - dirs[i - 1]![j]!));
      if (turn < 1e-9) return 0;
      return Math.min((4 * toleranceRad) / turn, lengths[i - 1]! / 2, lengths[i]! / 2);
    });
    const pieces: PathPiece[] = [];
    let cornerL = 0;
    for (let i = 0; i < lengths.length; i++) {
      const dir = dirs[i]!;
      const inB = half[i]!;
      const outB = i + 1 < lengths.length ? half[i + 1]! : 0;
      if (inB > 0) {
        const dirIn = dirs[i - 1]!;
        const start = distinct[i]!.map((q, j) => q - inB * dirIn[j]!);
        pieces.push({ fromL: cornerL - inB, toL: cornerL + inB, dirIn, dirOut: dir, start });
      }
      const fromL = cornerL + inB;
      const toL = cornerL + lengths[i]! - outB;
      if (toL > fromL) {
        pieces.push({ fromL, toL, dirIn: dir, dirOut: dir, start: distinct[i]!.map((q, j) => q + inB * dir[j]!) });
      }
      cornerL += lengths[i]!;
    }
    if (pieces.length === 0)
      pieces.push({ fromL: 0, toL: 0, dirIn: zeros(dof), dirOut: zeros(dof), start: distinct[0]! });
    this.pieces = pieces;
  }

  /** The piece holding path length `l` (clamped to the path). */
  pieceAt(l: number): PathPiece {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pieces[mid]!.fromL <= l) lo = mid;
      else hi = mid - 1;
    }
    return this.pieces[lo]!;
  }

  /** Joint values at path length `l`. */
  positionAt(l: number): number[] {
    const p = this.pieceAt(l);
    const x = Math.min(Math.max(l, p.fromL), p.toL) - p.fromL;
    const span = p.toL - p.fromL;
    // Direction changes linearly across a blend, so the position is the start plus its integral.
    const u = span > 0 ? x / span : 0;
    return p.start.map((q, j) => q + x * (p.dirIn[j]! + 0.5 * u * (p.dirOut[j]! - p.dirIn[j]!)));
  }

  /** dq/dL at path length `l`: continuous along the whole path. */
  directionAt(l: number): number[] {
    const p = this.pieceAt(l);
    const span = p.toL - p.fromL;
    const u = span > 0 ? Math.min(1, Math.max(0, (l - p.fromL) / span)) : 0;
    return p.dirIn.map((d, j) => d + u * (p.dirOut[j]! - d));
  }
}

function maxNorm(v: readonly number[]): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

function zeros(n: number): number[] {
  return Array.from({ length: n }, () => 0);
}
