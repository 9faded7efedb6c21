import { describe, expect, it } from 'vitest';
import { planStop } from '../../src/locomotion/stop-plan.ts';
import { planWalk, type GaitSettings, type PlannedStep } from '../../src/locomotion/walk-plan.ts';

const GAIT: GaitSettings = {
  dtS: 1 / 240,
  singleSupportS: 0.7,
  doubleSupportS: 0.15,
  startS: 0.4,
  settleS: 0.8,
  swingHeightM: 0.05,
  comHeightM: 0.85,
  previewS: 1.6,
  sole: { lengthM: 0.22, widthM: 0.11 },
};
const START = { left: { x: 0, y: 0.1, zM: 0, yawRad: 0 }, right: { x: 0, y: -0.1, zM: 0, yawRad: 0 } };

/** Straight steps of `lengthM`, feet alternating from the left, closing with the feet side by side. */
function straight(count: number, lengthM: number, zM = 0): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (let i = 1; i <= count; i++) {
    const foot = i % 2 === 1 ? 'left' : 'right';
    steps.push({ foot, to: { x: i * lengthM, y: foot === 'left' ? 0.1 : -0.1, zM, yawRad: 0 } });
  }
  const last = steps[steps.length - 1]!;
  const foot = last.foot === 'left' ? 'right' : 'left';
  steps.push({ foot, to: { x: last.to.x, y: foot === 'left' ? 0.1 : -0.1, zM, yawRad: 0 } });
  return steps;
}

describe('planWalk', () => {
  it('keeps the ZMP inside the support polygon all along a level walk, and ends at rest over the feet', () => {
    const plan = planWalk(START, straight(8, 0.25), GAIT);
    expect(plan.minMarginM).toBeGreaterThan(0.03);
    const last = plan.samples[plan.samples.length - 1]!;
    // At rest over the feet's midpoint within the settle time, to a few millimetres.
    expect(Math.abs(last.com.x - 2)).toBeLessThan(0.003);
    expect(Math.abs(last.com.y)).toBeLessThan(0.003);
    expect(last.support).toBe('double');
    expect(plan.samples.every((s) => s.marginM === undefined || s.marginM >= plan.minMarginM)).toBe(true);
  });

  it('lifts each swing foot to the swing height and lands it exactly on its footstep', () => {
    const steps = straight(4, 0.25);
    const plan = planWalk(START, steps, GAIT);
    const swing = plan.samples.filter((s) => s.stepIndex === 1 && s.support === 'left');
    expect(Math.max(...swing.map((s) => s.right.liftM))).toBeCloseTo(0.05, 6);
    const landed = swing[swing.length - 1]!.right;
    expect([landed.x, landed.y, landed.zM]).toEqual([steps[1]!.to.x, steps[1]!.to.y, 0]);
    // The stance foot does not move while the other swings.
    expect(new Set(swing.map((s) => `${s.left.x},${s.left.y}`)).size).toBe(1);
  });

  it('walks up onto a 10 cm platform with the body rising over a whole step, not in one weight shift', () => {
    const plan = planWalk(START, straight(2, 0.3, 0.1), GAIT);
    expect(plan.minMarginM).toBeGreaterThan(0.02);
    expect(plan.samples[plan.samples.length - 1]!.groundZ).toBeCloseTo(0.1, 6);
    expect(Math.max(...plan.samples.map((s) => Math.abs(s.comAcc.z)))).toBeLessThan(1.5);
  });

  it('shows a CoM that would rest ahead of the toes as a ZMP outside the support polygon', () => {
    const plan = planWalk(START, straight(2, 0.25), GAIT, undefined, { forwardM: 0.14, leftM: 0 });
    expect(plan.minMarginM).toBeLessThan(0);
    expect(plan.minMarginAtS).toBeGreaterThan(plan.durationS - GAIT.settleS - 2 * GAIT.doubleSupportS);
  });

  it('shows a stop asked of a fast CoM within the feet it has as a ZMP outside them', () => {
    const plan = planWalk(START, [], GAIT, { x: [0.05, 1.2, 0], y: [0, 0, 0], zmp: { x: 0.05, y: 0 } });
    expect(plan.minMarginM).toBeLessThan(0);
  });

  it('stops a moving CoM over the feet by its capture point, with the ZMP inside and no jump in the CoM', () => {
    const plan = planStop(START, { x: [0.02, 0.25, 0], y: [0, 0.05, 0], zmp: { x: 0.02, y: 0 } }, { x: 0, y: 0 }, GAIT);
    expect(plan.samples[0]!.com.x).toBeCloseTo(0.02, 9);
    const step = Math.abs(plan.samples[1]!.com.x - plan.samples[0]!.com.x);
    expect(step).toBeCloseTo(0.25 * GAIT.dtS, 4);
    const last = plan.samples[plan.samples.length - 1]!;
    expect(Math.hypot(last.com.x, last.com.y)).toBeLessThan(0.001);
    expect(plan.minMarginM).toBeGreaterThan(0);
  });
});
