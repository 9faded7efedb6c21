import { describe, expect, it } from 'vitest';
import type { Pose2D } from '../../../src/math/pose.ts';
import { robustAt } from '../../../skills/planning/stand-offs.ts';
import { ARRIVAL_TOLERANCE_M, ARRIVAL_TOLERANCE_RAD } from '../../../skills/reach/arrival-tolerance.ts';

// A robust stand-off is docked to navigate's usual arrival tolerance, and the base stops anywhere inside it (the
// follower stops turning within half the heading tolerance, and counts itself arrived within all of it): the check
// that calls a stage robust must put the base as far off as that tolerance lets it arrive, in position and heading.
describe('the robustness check of a stand-off covers the arrival tolerance it is docked to', () => {
  const at: Pose2D = { x: 1, y: 2, yawRad: 0.5 };
  const tried: Pose2D[] = [];
  const robust = robustAt({ basePose: at, overrides: { basePose: at } }, (o) => {
    tried.push(o.basePose!);
    return true;
  });

  it('tries the base the whole position tolerance off along x and y, each with the whole heading tolerance', () => {
    expect(robust).toBe(true);
    expect(tried).toHaveLength(4);
    for (const pose of tried) {
      expect(Math.hypot(pose.x - at.x, pose.y - at.y)).toBeCloseTo(ARRIVAL_TOLERANCE_M, 9);
      expect(Math.abs(pose.yawRad - at.yawRad)).toBeCloseTo(ARRIVAL_TOLERANCE_RAD, 9);
    }
    const turns = tried.map((p) => Math.sign(p.yawRad - at.yawRad));
    expect(turns.filter((t) => t > 0)).toHaveLength(2);
  });

  it('is not robust when the stage fails a tolerance off in heading only at the edge', () => {
    const edge = ARRIVAL_TOLERANCE_RAD * 0.9;
    const works = (o: { basePose?: Pose2D }) => Math.abs(o.basePose!.yawRad - at.yawRad) < edge;
    expect(robustAt({ basePose: at, overrides: { basePose: at } }, works)).toBe(false);
  });
});
