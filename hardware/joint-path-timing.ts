import type { JointLimits } from '../src/kinematics/model.ts';

/** Fraction of the move spent accelerating (and again decelerating) in the shared trapezoidal profile. */
const ACCEL_FRACTION = 0.25;
/** Peak of ds/dt for a unit move of unit duration with that profile. */
const PEAK_RATE = 1 / (1 - ACCEL_FRACTION);
/** URDF has no acceleration limit: each joint may reach its velocity limit in 1/4 s by default. */
const DEFAULT_ACCELERATION_SCALE = 4;

/** Per-joint speed and acceleration bounds, rad/s (m/s) and rad/s² (m/s²). */
export interface JointBounds {
  readonly maxVelocity: number;
  readonly maxAcceleration: number;
}

/**
 * The bounds an arm times its untimed paths with: each joint's URDF velocity limit (1 where the URDF gives none)
 * and `accelerationScale` × that per second.
 */
export function jointBounds(
  limits: readonly JointLimits[],
  accelerationScale = DEFAULT_ACCELERATION_SCALE,
): JointBounds[] {
  return limits.map((l) => {
    const maxVelocity = l.velocity > 0 ? l.velocity : 1;
    return { maxVelocity, maxAcceleration: accelerationScale * maxVelocity };
  });
}

/** Bounds slowed by a velocity scale (0.01..1): velocity by the scale, acceleration by its square. */
export function scaleBounds(bounds: readonly JointBounds[], velocityScale = 1): JointBounds[] {
  const scale = Math.min(1, Math.max(0.01, velocityScale));
  return bounds.map((b) => ({
    maxVelocity: b.maxVelocity * scale,
    maxAcceleration: b.maxAcceleration * scale * scale,
  }));
}

/**
 * A time-parameterised joint path: every joint follows the same trapezoidal velocity profile along a
 * piecewise-linear path through `waypoints`, so all arrive together, none exceeds its speed or acceleration, and
 * the path passes every waypoint without stopping. This is how every backend times an untimed trajectory.
 */
export class TimedJointPath {
  readonly durationS: number;
  /** Path parameter (0..1) at each waypoint. */
  private readonly cumulative: number[];

  constructor(
    readonly waypoints: readonly (readonly number[])[],
    bounds: readonly JointBounds[],
  ) {
    if (waypoints.length < 2) throw new Error('trajectory: needs at least a start and an end');
    // Path parameter: cumulative max-normalised joint distance, so s runs 0..1 along the whole path.
    const lengths = [0];
    let total = 0;
    for (let i = 1; i < waypoints.length; i++) {
      let seg = 0;
      for (let j = 0; j < bounds.length; j++) seg = Math.max(seg, Math.abs(waypoints[i]![j]! - waypoints[i - 1]![j]!));
      total += seg;
      lengths.push(total);
    }
    this.cumulative = lengths.map((l) => (total > 0 ? l / total : 0));
    // Along a segment each joint moves |Δq_j|/Δs per unit of s; the largest ratio bounds how fast s may go.
    let durationS = 0;
    for (let i = 1; i < waypoints.length; i++) {
      const ds = this.cumulative[i]! - this.cumulative[i - 1]!;
      if (ds <= 0) continue;
      for (let j = 0; j < bounds.length; j++) {
        const dqPerS = Math.abs(waypoints[i]![j]! - waypoints[i - 1]![j]!) / ds;
        const b = bounds[j]!;
        durationS = Math.max(durationS, (PEAK_RATE * dqPerS) / b.maxVelocity);
        durationS = Math.max(durationS, Math.sqrt((PEAK_RATE * dqPerS) / (ACCEL_FRACTION * b.maxAcceleration)));
      }
    }
    this.durationS = durationS;
  }

  /** Joint positions at `tS` seconds after the start (clamped to the ends). */
  at(tS: number): number[] {
    const { i, u } = this.locate(profile(this.fraction(tS)));
    const a = this.waypoints[i - 1]!;
    const b = this.waypoints[i]!;
    return a.map((q, j) => q + (b[j]! - q) * u);
  }

  /**
   * Joint velocities at `tS`, rad/s. At a waypoint the path turns, so the velocity jumps; `side` picks the segment
   * before (`'in'`) or after (`'out'`) it.
   */
  velocityAt(tS: number, side: 'in' | 'out' = 'out'): number[] {
    const x = this.fraction(tS);
    const dsDt = this.durationS > 0 ? profileRate(x) / this.durationS : 0;
    const s = profile(x);
    let i = 1;
    while (i < this.cumulative.length - 1 && (side === 'out' ? this.cumulative[i]! <= s : this.cumulative[i]! < s)) i++;
    const ds = this.cumulative[i]! - this.cumulative[i - 1]!;
    const a = this.waypoints[i - 1]!;
    const b = this.waypoints[i]!;
    return a.map((q, j) => (ds > 0 ? ((b[j]! - q) / ds) * dsDt : 0));
  }

  /** When the path passes each waypoint, s after the start (0 for the first, `durationS` for the last). */
  waypointTimesS(): number[] {
    return this.cumulative.map((s) => inverseProfile(s) * this.durationS);
  }

  get end(): readonly number[] {
    return this.waypoints[this.waypoints.length - 1]!;
  }

  private fraction(tS: number): number {
    return this.durationS <= 0 ? 1 : Math.min(1, Math.max(0, tS / this.durationS));
  }

  private locate(s: number): { i: number; u: number } {
    let i = 1;
    while (i < this.cumulative.length - 1 && this.cumulative[i]! < s) i++;
    const s0 = this.cumulative[i - 1]!;
    const s1 = this.cumulative[i]!;
    return { i, u: s1 > s0 ? (s - s0) / (s1 - s0) : 1 };
  }
}

/** Normalised trapezoidal position profile: s(0) = 0, s(1) = 1, zero speed at both ends. */
function profile(x: number): number {
  const a = ACCEL_FRACTION;
  const v = PEAK_RATE;
  if (x < a) return (0.5 * v * x * x) / a;
  if (x > 1 - a) return 1 - (0.5 * v * (1 - x) * (1 - x)) / a;
  return 0.5 * v * a + v * (x - a);
}

/** ds/dx of the profile. */
function profileRate(x: number): number {
  const a = ACCEL_FRACTION;
  const v = PEAK_RATE;
  if (x < a) return (v * x) / a;
  if (x > 1 - a) return (v * (1 - x)) / a;
  return v;
}

/** The x at which the profile reaches s. */
function inverseProfile(s: number): number {
  const a = ACCEL_FRACTION;
  const v = PEAK_RATE;
  const sA = 0.5 * v * a;
  if (s <= 0) return 0;
  if (s >= 1) return 1;
  if (s < sA) return Math.sqrt((2 * a * s) / v);
  if (s > 1 - sA) return 1 - Math.sqrt((2 * a * (1 - s)) / v);
  return a + (s - sA) / v;
}
