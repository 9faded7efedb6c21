/** Fraction of the move spent accelerating (and again decelerating) in the shared trapezoidal profile. */
const ACCEL_FRACTION = 0.25;
/** Peak of ds/dt for a unit move of unit duration with that profile. */
const PEAK_RATE = 1 / (1 - ACCEL_FRACTION);

/** Per-joint speed and acceleration bounds, rad/s (m/s) and rad/s² (m/s²). */
export interface JointBounds {
  readonly maxVelocity: number;
  readonly maxAcceleration: number;
}

/**
 * A time-parameterised joint path: every joint follows the same trapezoidal velocity profile along a
 * piecewise-linear path through `waypoints`, so all arrive together and none exceeds its speed or acceleration.
 */
export class JointTrajectory {
  readonly durationS: number;
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
    const s = profile(this.durationS <= 0 ? 1 : Math.min(1, Math.max(0, tS / this.durationS)));
    let i = 1;
    while (i < this.cumulative.length - 1 && this.cumulative[i]! < s) i++;
    const s0 = this.cumulative[i - 1]!;
    const s1 = this.cumulative[i]!;
    const u = s1 > s0 ? (s - s0) / (s1 - s0) : 1;
    const a = this.waypoints[i - 1]!;
    const b = this.waypoints[i]!;
    return a.map((q, j) => q + (b[j]! - q) * u);
  }

  get end(): readonly number[] {
    return this.waypoints[this.waypoints.length - 1]!;
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
