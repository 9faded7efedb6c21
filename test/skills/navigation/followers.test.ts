import { Vector2 } from 'three';
import { describe, expect, it } from 'vitest';
import type { BaseLimits, Twist2D } from '../../../hardware/mobile-base.ts';
import { differentialFollower } from '../../../skills/navigation/differential-follower.ts';
import type { PathFollower } from '../../../skills/navigation/follower.ts';
import { holonomicFollower } from '../../../skills/navigation/holonomic-follower.ts';
import { PolylinePath } from '../../../skills/navigation/polyline-path.ts';
import type { Pose2D } from '../../../src/math/pose.ts';

const LIMITS: BaseLimits = { maxLinearMps: 0.5, maxAngularRadps: 1, maxLinearAccelMps2: 0.5, footprintRadiusM: 0.3 };
const DT = 0.02;

/** Drives an ideal base with the follower until it reports arrival; returns poses and commands. */
function simulate(
  follower: PathFollower,
  start: Pose2D,
  maxTicks = 5000,
): { poses: Pose2D[]; twists: Twist2D[]; arrived: boolean } {
  let pose = start;
  const poses = [pose];
  const twists: Twist2D[] = [];
  for (let i = 0; i < maxTicks; i++) {
    const step = follower.step(pose, DT);
    twists.push(step.twist);
    if (step.arrived) return { poses, twists, arrived: true };
    const { vxMps, vyMps, wzRadps } = step.twist;
    const mid = pose.yawRad + (wzRadps * DT) / 2;
    pose = {
      x: pose.x + (Math.cos(mid) * vxMps - Math.sin(mid) * vyMps) * DT,
      y: pose.y + (Math.sin(mid) * vxMps + Math.cos(mid) * vyMps) * DT,
      yawRad: pose.yawRad + wzRadps * DT,
    };
    poses.push(pose);
  }
  return { poses, twists, arrived: false };
}

/** Largest distance from any pose to the path polyline. */
function maxCrossTrack(path: PolylinePath, poses: readonly Pose2D[]): number {
  return Math.max(
    ...poses.map((p) => {
      const q = new Vector2(p.x, p.y);
      return path.pointAt(path.project(q)).distanceTo(q);
    }),
  );
}

// An L: 2 m east, then 1.5 m north.
const L_PATH = new PolylinePath([new Vector2(0, 0), new Vector2(2, 0), new Vector2(2, 1.5)]);
const SETTINGS = { limits: LIMITS, toleranceM: 0.03, toleranceRad: 0.05 };

describe('holonomicFollower', () => {
  it('tracks an L-shaped path closely and arrives within tolerance', () => {
    const run = simulate(holonomicFollower(L_PATH, Math.PI / 2, SETTINGS), { x: 0, y: 0, yawRad: 0 });
    expect(run.arrived).toBe(true);
    const end = run.poses.at(-1)!;
    expect(Math.hypot(end.x - 2, end.y - 1.5)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(end.yawRad - Math.PI / 2)).toBeLessThanOrEqual(0.05);
    // Slowing for the bend keeps it within 5 cm of the corner (the planner's margin).
    expect(maxCrossTrack(L_PATH, run.poses)).toBeLessThan(0.05);
    // About 3.5 m at up to 0.5 m/s with ramps and a bend: between 7 and 14 s.
    expect(run.twists.length * DT).toBeGreaterThan(7);
    expect(run.twists.length * DT).toBeLessThan(14);
  });

  it('pulls back onto the path from a lateral offset', () => {
    const straight = new PolylinePath([new Vector2(0, 0), new Vector2(3, 0)]);
    const run = simulate(holonomicFollower(straight, 0, SETTINGS), { x: 0, y: 0.2, yawRad: 0 });
    expect(run.arrived).toBe(true);
    const halfway = run.poses.find((p) => p.x > 1.5)!;
    expect(Math.abs(halfway.y)).toBeLessThan(0.01);
  });
});

describe('differentialFollower', () => {
  it('never commands sideways motion and arrives at the end of the L', () => {
    const run = simulate(differentialFollower(L_PATH, Math.PI / 2, SETTINGS), { x: 0, y: 0, yawRad: 0 });
    expect(run.arrived).toBe(true);
    expect(run.twists.every((t) => t.vyMps === 0)).toBe(true);
    const end = run.poses.at(-1)!;
    expect(Math.hypot(end.x - 2, end.y - 1.5)).toBeLessThanOrEqual(0.03);
    expect(maxCrossTrack(L_PATH, run.poses)).toBeLessThan(0.15);
  });

  it('turns on the spot before driving to a goal behind it', () => {
    const behind = new PolylinePath([new Vector2(0, 0), new Vector2(-2, 0)]);
    const run = simulate(differentialFollower(behind, Math.PI, SETTINGS), { x: 0, y: 0, yawRad: 0 });
    expect(run.arrived).toBe(true);
    // While the heading is more than 0.5 rad off, the base does not drive forward.
    const turning = run.twists.filter((_, i) => Math.abs(Math.PI - Math.abs(run.poses[i]!.yawRad)) > 0.6);
    expect(turning.length).toBeGreaterThan(10);
    expect(Math.max(...turning.map((t) => Math.abs(t.vxMps)))).toBeLessThan(0.02);
  });
});
