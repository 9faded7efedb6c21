import { describe, expect, it } from 'vitest';
import { BLEND_TOLERANCE_RAD } from '../../hardware/blended-joint-path.ts';
import { jointBounds, TimedJointPath } from '../../hardware/joint-path-timing.ts';
import {
  planTrajectory,
  TRAJECTORY_SAMPLE_PERIOD_MS,
  TrajectoryTargetError,
  type ArmJointSpace,
} from '../../hardware/trajectory-plan.ts';

const limits = [
  { lower: -3, upper: 3, velocity: 1, effort: 10 },
  { lower: -1, upper: 1, velocity: 2, effort: 10 },
];
const space: ArmJointSpace = { jointNames: ['a', 'b'], limits, bounds: jointBounds(limits) };

describe('planTrajectory: one plan for every backend', () => {
  it('times an untimed path through every point without stopping, within the velocity limits', () => {
    const points = [{ positions: [0.5, 0.2] }, { positions: [1, 0.6] }, { positions: [1.2, 0.6] }];
    const plan = planTrajectory(space, [0, 0], { points });
    const path = new TimedJointPath([[0, 0], ...points.map((p) => p.positions)], space.bounds);
    expect(plan.durationS).toBeCloseTo(path.durationS, 9);
    // Each waypoint is a point of the applied trajectory (its corner blend's middle, within the blend tolerance of
    // it), reached at the time the path passes it, moving.
    const times = path.waypointTimesS();
    for (const [i, p] of points.entries()) {
      const applied = plan.applied.points.find((q) => Math.abs(q.timeFromStartMs - times[i + 1]! * 1000) < 1e-6)!;
      applied.positions.forEach((q, j) =>
        expect(Math.abs(q - p.positions[j]!)).toBeLessThanOrEqual(BLEND_TOLERANCE_RAD + 1e-12),
      );
      if (i < points.length - 1) expect(Math.abs(applied.velocities![0]!)).toBeGreaterThan(0.1);
    }
    const last = plan.applied.points.at(-1)!;
    expect(last.velocities).toEqual([0, 0]);
    expect(last.timeFromStartMs).toBeCloseTo(plan.applied.durationMs, 9);
    // Samples every 50 ms between them; times strictly increase; no joint faster than its limit between samples.
    const all = [{ positions: [0, 0], timeFromStartMs: 0 }, ...plan.applied.points];
    for (let i = 1; i < all.length; i++) {
      const dtMs = all[i]!.timeFromStartMs - all[i - 1]!.timeFromStartMs;
      expect(dtMs).toBeGreaterThan(0);
      expect(dtMs).toBeLessThanOrEqual(TRAJECTORY_SAMPLE_PERIOD_MS + 1e-6);
      all[i]!.positions.forEach((q, j) =>
        expect(Math.abs(q - all[i - 1]!.positions[j]!) / (dtMs / 1000)).toBeLessThanOrEqual(limits[j]!.velocity + 1e-9),
      );
    }
  });

  it('clips positions to the joint limits and says which joints it clipped', () => {
    const plan = planTrajectory(space, [0, 0], { points: [{ positions: [4, 0.5] }, { positions: [0, -2] }] });
    expect(plan.applied.clipped).toEqual(['a', 'b']);
    expect(plan.applied.positions).toEqual([0, -1]);
    // The clipped corner is rounded by the blend, never past the limit.
    const highest = Math.max(...plan.applied.points.map((p) => p.positions[0]!));
    expect(highest).toBeLessThanOrEqual(3);
    expect(highest).toBeGreaterThanOrEqual(3 - BLEND_TOLERANCE_RAD);
  });

  it('runs timed points at their times, slowed uniformly where a segment would break a velocity limit', () => {
    const fast = planTrajectory(space, [0, 0], {
      points: [
        { positions: [0.5, 0], timeFromStartMs: 1000 },
        { positions: [2.5, 0], timeFromStartMs: 2000 },
      ],
    });
    // 2 rad in 1 s needs 2 s at 1 rad/s: everything takes twice as long.
    expect(fast.applied.durationMs).toBeCloseTo(4000, 6);
    expect(fast.applied.points.map((p) => p.timeFromStartMs)).toEqual([2000, 4000]);
    expect(fast.at(2)).toEqual([0.5, 0]);
    expect(fast.at(3)[0]).toBeCloseTo(1.5, 9);
    // Within the limits, the times stand; with velocities the interpolation is cubic through them.
    const cubic = planTrajectory(space, [0, 0], {
      points: [
        { positions: [0.4, 0], velocities: [0.5, 0], timeFromStartMs: 1000 },
        { positions: [0.8, 0], velocities: [0, 0], timeFromStartMs: 2000 },
      ],
    });
    expect(cubic.applied.durationMs).toBe(2000);
    expect(cubic.at(1)).toEqual([0.4, 0]);
    // Hermite at the middle of the first segment: h01 = 1/2 of the end, h11 = -1/8 of its velocity × 1 s.
    expect(cubic.at(0.5)[0]).toBeCloseTo(0.5 * 0.4 - 0.125 * 0.5, 9);
    expect(cubic.at(5)).toEqual([0.8, 0]);
  });

  it('refuses malformed targets with a reason', () => {
    const bad = (target: Parameters<typeof planTrajectory>[2]): string => {
      try {
        planTrajectory(space, [0, 0], target);
      } catch (error) {
        expect(error).toBeInstanceOf(TrajectoryTargetError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(bad({ points: [] })).toBe('trajectory has no points');
    expect(bad({ points: [{ positions: [1] }] })).toBe('point 0: 1 positions for 2 joints');
    expect(bad({ points: [{ positions: [1, Number.NaN] }] })).toBe('point 0: positions not finite');
    expect(bad({ points: [{ positions: [1, 0], timeFromStartMs: 100 }, { positions: [1, 0] }] })).toMatch(
      /every point or on none/,
    );
    expect(
      bad({
        points: [
          { positions: [1, 0], timeFromStartMs: 100 },
          { positions: [1, 0], timeFromStartMs: 100 },
        ],
      }),
    ).toBe('point 1: time_from_start 100 ms is not after 100 ms');
  });
});
