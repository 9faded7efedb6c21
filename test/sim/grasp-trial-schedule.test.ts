import { describe, expect, it } from 'vitest';
import {
  palmOffsetAt,
  peakShakeAccelMps2,
  totalSteps,
  TRIAL_DT_S,
  trialSchedule,
  type TrialSchedule,
} from '../../sim/grasp-trial/schedule.ts';

/** The palm's velocity over each step (m/s), per world axis, from its displacement at consecutive steps. */
function stepVelocities(s: TrialSchedule): number[][] {
  const at = (k: number): number[] => palmOffsetAt(s, k, [0, 0, 0]);
  const v: number[][] = [];
  for (let k = 0; k < totalSteps(s); k++) v.push(at(k).map((x, i) => (x - at(k - 1)[i]!) / TRIAL_DT_S));
  return v;
}

/** The largest change of the palm's velocity from one step to the next along the shaken axes, m/s. */
function largestShakeJumpMps(s: TrialSchedule): number {
  const v = stepVelocities(s);
  let jump = 0;
  for (let k = 1; k < v.length; k++)
    for (const axis of s.shakeAxes.filter((a) => a !== 2))
      jump = Math.max(jump, Math.abs(v[k]![axis]! - v[k - 1]![axis]!));
  return jump;
}

describe('the trial protocol', () => {
  it("shakes the fast protocol's palm with no velocity jump, at the plain 1 cm, 5 Hz sine's peak acceleration", () => {
    const fast = trialSchedule('fast');
    const peak = peakShakeAccelMps2(fast);
    expect(peak).toBeCloseTo(0.01 * (10 * Math.PI) ** 2, 6);
    // A continuous acceleration changes the velocity by at most peak × dt per step; the sine from rest jumped 0.31 m/s.
    const jump = largestShakeJumpMps(fast);
    expect(jump).toBeLessThanOrEqual(peak * TRIAL_DT_S * 1.001);
    // ... and reaches that peak, within the sampling of a 48-step cycle.
    expect(jump).toBeGreaterThan(peak * TRIAL_DT_S * 0.98);
    // The acceleration itself starts and ends near zero on every axis: the velocity's second difference is small.
    const v = stepVelocities(fast);
    const shakeStart = fast.closeSteps + fast.liftSteps + fast.holdSteps - 1;
    for (let a = 0; a < fast.shakeAxes.length; a++) {
      const axis = fast.shakeAxes[a]!;
      // The first and last steps of this axis's cycle.
      for (const k of [shakeStart + a * fast.shakeStepsPerAxis, shakeStart + (a + 1) * fast.shakeStepsPerAxis - 1]) {
        const accel = (v[k + 1]![axis]! - v[k]![axis]!) / TRIAL_DT_S;
        expect(Math.abs(accel)).toBeLessThan(0.2 * peak);
      }
    }
    // Each axis's cycle ends where it began: the palm is back at the top of the lift.
    expect(palmOffsetAt(fast, totalSteps(fast) - 1, [0, 0, 0])).toEqual([0, 0, fast.liftM]);
  });

  it("keeps the peers' long protocol a plain sine, velocity jumps included", () => {
    const long = trialSchedule('long');
    const omega = (2 * Math.PI) / (long.shakeStepsPerAxis * TRIAL_DT_S);
    expect(largestShakeJumpMps(long)).toBeGreaterThan(0.9 * long.shakeAmplitudeM * omega);
  });
});
