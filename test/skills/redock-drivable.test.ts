import { describe, expect, it } from 'vitest';
import { navigableTo } from '../../skills/navigate.ts';
import { redockPose } from '../../skills/reach/redock.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { harness } from './helpers/manipulation-harness.ts';
import { wallBox } from './navigation/nav-fixtures.ts';

// Demo seed 11 (this stop's main, 00:02:18): a carried sauce jar's place did not solve from where the base stopped;
// `dockForPlace` chose a re-dock shifted toward the shelf, and `navigate` then refused that goal ("leaves 0.40 m to
// geometry ...; the footprint needs 0.40 m"), failing the try. The re-dock now asks the navigation planner first.

describe('a re-dock only picks base poses the base can be driven to', () => {
  // The scripted double's base stands 5 cm more than its footprint radius from a wall; its work lies beyond the wall.
  const wall = wallBox('shelf', 1.0, -1, 1.1, 1);
  const h = harness({ boxes: [wall], start: { x: 0, y: 0, yawRad: 0 } });
  const radiusM = h.robot.parts.base!.limits.footprintRadiusM;
  const from: Pose2D = { x: 1.0 - radiusM - 0.05, y: 0, yawRad: 0 };
  const work = { x: 1.2, y: 0 };
  const drivable = (pose: Pose2D) => navigableTo(h.ctx, from, pose);
  const shifted = (m: number): Pose2D => ({ ...from, x: from.x + m });

  it('navigableTo agrees with navigate: room for the footprint is drivable, a pose closer to the wall is not', () => {
    expect(drivable(shifted(0.02))).toBe(true);
    expect(drivable(shifted(0.07))).toBe(false);
  });

  it('passes over a shift toward the wall that leaves the footprint no room', () => {
    // The stage works from anywhere: the nearest shift (+1 cm) wins, drive check or not.
    expect(redockPose(from, work, () => true)?.shiftM).toBeCloseTo(0.01, 9);
    expect(redockPose(from, work, () => true, [], drivable)?.shiftM).toBeCloseTo(0.01, 9);
    // The stage works only from 4.5 cm closer on: the first shift with its margins is +6 cm, 1 cm into the room the
    // footprint needs. Without the drive check that is the re-dock (navigate then refuses it, as on seed 11); with
    // it there is none, and the skill says so instead of driving.
    const closeOnly = (pose: Pose2D) => pose.x >= from.x + 0.045;
    expect(redockPose(from, work, closeOnly)?.shiftM).toBeCloseTo(0.06, 9);
    expect(drivable(shifted(0.06))).toBe(false);
    expect(redockPose(from, work, closeOnly, [], drivable)).toBeUndefined();
  });
});
