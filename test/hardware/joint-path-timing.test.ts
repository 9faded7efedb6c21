import { describe, expect, it } from 'vitest';
import { BLEND_TOLERANCE_RAD } from '../../hardware/blended-joint-path.ts';
import { TimedJointPath, type JointBounds } from '../../hardware/joint-path-timing.ts';

const bounds: JointBounds[] = [
  { maxVelocity: 1, maxAcceleration: 4 },
  { maxVelocity: 2, maxAcceleration: 8 },
];
const DT_S = 1e-3;

/** Velocity and acceleration (finite differences of the velocity) of every joint, sampled every millisecond. */
function sampled(path: TimedJointPath): { positions: number[][]; velocities: number[][]; accelerations: number[][] } {
  const positions: number[][] = [];
  const velocities: number[][] = [];
  const accelerations: number[][] = [];
  for (let tS = 0; tS <= path.durationS + DT_S; tS += DT_S) {
    positions.push(path.at(tS));
    velocities.push(path.velocityAt(tS));
    if (velocities.length > 1) {
      const [a, b] = velocities.slice(-2) as [number[], number[]];
      accelerations.push(b.map((v, j) => (v - a[j]!) / DT_S));
    }
  }
  return { positions, velocities, accelerations };
}

/** Max-norm distance from `q` to the polyline through `waypoints`. */
function distanceToPolyline(q: readonly number[], waypoints: readonly (readonly number[])[]): number {
  let best = Infinity;
  for (let i = 1; i < waypoints.length; i++) {
    const a = waypoints[i - 1]!;
    const b = waypoints[i]!;
    // The max-norm distance to a segment is convex in the segment parameter: a fine scan finds its minimum.
    for (let k = 0; k <= 200; k++) {
      const u = k / 200;
      best = Math.min(best, Math.max(...q.map((x, j) => Math.abs(x - (a[j]! + u * (b[j]! - a[j]!))))));
    }
  }
  return best;
}

describe('TimedJointPath: untimed joint paths timed with blended corners', () => {
  it('a straight move is the time-optimal trapezoid: at the velocity limit, accelerating at the limit', () => {
    const path = new TimedJointPath(
      [
        [0, 0],
        [1, 0.5],
      ],
      bounds,
    );
    // Joint 0 binds: 1 rad at 1 rad/s plus the time spent reaching it (v/a).
    expect(path.durationS).toBeCloseTo(1 + 1 / 4, 3);
    expect(path.at(0)).toEqual([0, 0]);
    expect(path.at(path.durationS)).toEqual([1, 0.5]);
    expect(path.velocityAt(path.durationS / 2)[0]).toBeCloseTo(1, 6);
  });

  it('a move shorter than the node spacing takes the bang-bang time, not one tick', () => {
    // 1 cm: a biped's lift step where the waist bends (it had run in one tick, tilting a held can 17°).
    const path = new TimedJointPath([[0.6], [0.59]], [{ maxVelocity: 0.05, maxAcceleration: 0.1 }]);
    expect(path.durationS).toBeCloseTo(2 * Math.sqrt(0.01 / 0.1), 6);
    expect(path.at(path.durationS / 2)[0]).toBeCloseTo(0.595, 6);
    const { accelerations } = sampled(path);
    expect(Math.max(...accelerations.slice(0, -2).map((a) => Math.abs(a[0]!)))).toBeLessThanOrEqual(0.1 + 1e-6);
  });

  it('a reversing corner is rounded: the velocity passes through zero instead of jumping, within the bounds', () => {
    const waypoints = [
      [0, 0],
      [1, 0.2],
      [0, 0.4],
    ];
    const path = new TimedJointPath(waypoints, bounds);
    const { positions, velocities, accelerations } = sampled(path);
    for (const v of velocities)
      v.forEach((x, j) => expect(Math.abs(x)).toBeLessThanOrEqual(bounds[j]!.maxVelocity + 1e-9));
    // C1: no joint's velocity changes by more than its acceleration bound allows over a millisecond.
    for (const a of accelerations)
      a.forEach((x, j) => expect(Math.abs(x)).toBeLessThanOrEqual(bounds[j]!.maxAcceleration * 1.01));
    // Joint 0 reverses: its velocity crosses zero at the corner.
    const cornerS = path.waypointTimesS()[1]!;
    expect(Math.abs(path.velocityAt(cornerS)[0]!)).toBeLessThan(0.05);
    // The geometry stays within the blend tolerance of the path that was checked, and the corner is nearly reached.
    for (const q of positions) expect(distanceToPolyline(q, waypoints)).toBeLessThanOrEqual(BLEND_TOLERANCE_RAD + 1e-6);
    expect(path.at(cornerS)[0]).toBeGreaterThan(1 - BLEND_TOLERANCE_RAD - 1e-9);
  });

  it('a densely sampled curve runs through without stopping, and duplicate waypoints are harmless', () => {
    const waypoints = Array.from({ length: 41 }, (_, i) => [Math.sin((i / 40) * Math.PI), (i / 40) * 0.6]);
    waypoints.splice(20, 0, [...waypoints[20]!]);
    const path = new TimedJointPath(waypoints, bounds);
    const times = path.waypointTimesS();
    expect(times).toHaveLength(waypoints.length);
    expect(times[20]).toBe(times[21]);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    // Mid-path the arm keeps moving; it only stops at the end.
    for (const w of [10, 25, 35]) expect(Math.hypot(...path.velocityAt(times[w]!))).toBeGreaterThan(0.2);
    const { positions, accelerations } = sampled(path);
    for (const a of accelerations)
      a.forEach((x, j) => expect(Math.abs(x)).toBeLessThanOrEqual(bounds[j]!.maxAcceleration * 1.01));
    for (const q of positions.filter((_, i) => i % 10 === 0))
      expect(distanceToPolyline(q, waypoints)).toBeLessThanOrEqual(BLEND_TOLERANCE_RAD + 1e-4);
    expect(path.at(path.durationS + 1)).toEqual(waypoints.at(-1));
  });

  it('a path that does not move takes no time', () => {
    const path = new TimedJointPath(
      [
        [0.3, 0.1],
        [0.3, 0.1],
      ],
      bounds,
    );
    expect(path.durationS).toBe(0);
    expect(path.at(0)).toEqual([0.3, 0.1]);
    expect(path.velocityAt(0)).toEqual([0, 0]);
  });
});
