import { EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BalanceState } from '../../hardware/mobile-base.ts';
import type { Lift } from '../../hardware/lift.ts';
import { standUpHeight } from '../../sim/biped/stand-up.ts';
import type { SimBipedBase } from '../../sim/sim-biped-base.ts';
import type { WalkPlan } from '../../src/locomotion/walk-plan.ts';
import { simHarness } from '../skills/e2e/sim-harness.ts';

// The biped stands at the top of its lift for a high shelf (0.97 m: the knees all but straight). A walk asked for
// there found no height to walk from: the search only went up (a deep squat's cure), and the top of the lift is no
// place to step from. It now goes down too, to the nearest height the legs can step from.

const lift: Lift = {
  jointName: 'pelvis_height_joint',
  heightRangeM: [0.5, 0.97],
  maxSpeedMps: 0.12,
  height$: EMPTY,
  moveTo: (heightM) => ({ applied: heightM, execution$: EMPTY }),
  stop: () => undefined,
};
const PLAN = {} as WalkPlan;

/** Legs that can walk from pelvis heights in [loM, hiM] only. */
function legsWalkingBetween(joints: Record<string, number>, loM: number, hiM: number) {
  return () => {
    const h = joints['pelvis_height_joint']!;
    return h >= loM - 1e-9 && h <= hiM + 1e-9 ? undefined : `the left leg cannot reach its sole at ${h.toFixed(2)} m`;
  };
}

describe('the height a biped walks from (sim/biped/stand-up.ts)', () => {
  it('squats from the top of the lift to the nearest height the legs can step from', () => {
    const joints = { pelvis_height_joint: 0.97 };
    expect(standUpHeight(joints, lift, PLAN, legsWalkingBetween(joints, 0.6, 0.93))).toBeCloseTo(0.92, 9);
    expect(joints.pelvis_height_joint).toBe(0.97);
  });

  it('still stands up out of a deep squat first, and walks from where it can without moving', () => {
    const joints = { pelvis_height_joint: 0.5 };
    expect(standUpHeight(joints, lift, PLAN, legsWalkingBetween(joints, 0.6, 0.93))).toBeCloseTo(0.6, 9);
    joints.pelvis_height_joint = 0.8;
    expect(standUpHeight(joints, lift, PLAN, legsWalkingBetween(joints, 0.6, 0.93))).toBeUndefined();
  });

  it('is refused, naming the range, when no height lets the legs walk', () => {
    const joints = { pelvis_height_joint: 0.97 };
    expect(() => standUpHeight(joints, lift, PLAN, legsWalkingBetween(joints, 2, 3))).toThrow(
      /cannot reach its sole at 0\.97 m, at every pelvis height from 0\.5 to 0\.97 m/,
    );
  });
});

describe('the biped walks off from the top of its lift (sim, biped-tabletop.yaml, seed 1)', () => {
  it('squats to a height it can step from, walks 1 m and turns about, balanced throughout', async () => {
    const h = await simHarness('biped-tabletop.yaml', 'biped', 1);
    try {
      const { sim } = h.simulation;
      const robot = h.simulation.robots.get('biped')!;
      const base = robot.parts.base as SimBipedBase;
      const bipedLift = robot.parts.lift!;
      const topM = bipedLift.heightRangeM[1];
      expect(topM).toBeGreaterThanOrEqual(0.95);
      let up = false;
      bipedLift.moveTo(topM).execution$.subscribe({ complete: () => (up = true) });
      sim.runUntil(() => up, 20_000);
      const heights: number[] = [];
      bipedLift.height$.subscribe((s) => heights.push(s.heightM));
      const balance: BalanceState[] = [];
      base.balance$.subscribe((b) => balance.push(b));
      const from = base.pose();
      const outcome: { done: boolean; error?: string } = { done: false };
      base.goTo({ x: from.x - 1, y: from.y, yawRad: from.yawRad + Math.PI }).execution$.subscribe({
        complete: () => (outcome.done = true),
        error: (e: unknown) => Object.assign(outcome, { done: true, error: String(e) }),
      });
      sim.runUntil(() => outcome.done, 60_000);
      expect(outcome).toEqual({ done: true });
      expect(heights[0]).toBeCloseTo(topM, 2);
      expect(Math.min(...heights)).toBeLessThan(0.93);
      expect(Math.hypot(base.pose().x - (from.x - 1), base.pose().y - from.y)).toBeLessThan(0.05);
      expect(balance.length).toBeGreaterThan(1000);
      expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0);
    } finally {
      h.simulation.free();
    }
  }, 120_000);
});
