import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { padContact, raySpan } from '../../sim/grasp-trial/grip-geometry.ts';
import { pivotInGrip } from '../../apps/verify/grip-pivot.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { quasiStaticCheck } from '../../apps/verify/quasi-static.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';

// The quasi-static check judges labels by statics: a bar gripped at its middle holds, the same bar gripped 60 mm
// from its centre of mass at low μ and squeeze turns in the pads (its weight's moment about the closing axis is
// over what the pads' spin friction carries even with all their force at the patch's far corners).

const JAW = EMBODY_JAW_80MM;
/** 60 mm across the pads, 160 mm along y, 40 mm along the approach: its underside clears the palm by 5 mm. */
const BAR = { kind: 'box', halfExtentsM: [0.03, 0.08, 0.02] } as const;

function grasp(offsetYM: number, friction: number, effort: number): ReplayTrial {
  // The object's frame is the jaw's, shifted: the gripper sits at -offset along y, the pads' centre on the bar.
  return {
    object: 'bar',
    trialIndex: 0,
    label: 'none',
    gripperInObject: new Matrix4().makeTranslation(0, offsetYM, -JAW.padCentreZM),
    objectRotationInWorld: new Quaternion(),
    massKg: 0.5,
    friction,
    effort,
  };
}

describe('grip geometry', () => {
  it('finds where a ray enters and leaves a box and a cylinder, and misses beside them', () => {
    const [a, b] = raySpan(BAR, new Vector3(-1, 0.01, 0), new Vector3(1, 0, 0))!;
    expect(a).toBeCloseTo(0.97, 12);
    expect(b).toBeCloseTo(1.03, 12);
    expect(raySpan(BAR, new Vector3(-1, 0.09, 0), new Vector3(1, 0, 0))).toBeUndefined();
    const can = { kind: 'cylinder', radiusM: 0.03, heightM: 0.1 } as const;
    const [lo, hi] = raySpan(can, new Vector3(-1, 0.018, 0.02), new Vector3(1, 0, 0))!;
    expect(lo).toBeCloseTo(1 - 0.024, 9);
    expect(hi).toBeCloseTo(1 + 0.024, 9);
    expect(raySpan(can, new Vector3(-1, 0, 0.06), new Vector3(1, 0, 0))).toBeUndefined();
  });

  it('gives a face-on box the pad face it covers, and a round side a narrow band with less spin friction', () => {
    const onPads = new Matrix4().makeTranslation(0, 0, JAW.padCentreZM);
    const face = padContact(JAW, BAR, onPads, 1)!;
    // The bar covers the pad's 20 mm width and 40 of its 50 mm length.
    expect(face.centroidM[0]).toBeCloseTo(0, 6);
    expect(face.centroidM[1]).toBeCloseTo(JAW.padCentreZM, 6);
    expect(face.points).toBe(16 * 32);
    expect(face.contactAngleRad).toBeCloseTo(0, 6);
    // A can lying across the pads' width (axis along y) touches in a band along y.
    const can = { kind: 'cylinder', radiusM: 0.03, heightM: 0.1 } as const;
    const across = onPads.clone().multiply(new Matrix4().makeRotationX(Math.PI / 2));
    const band = padContact(JAW, can, across, -1)!;
    expect(band.points).toBeLessThan(face.points / 2);
    expect(band.torsionRadiusM).toBeLessThan(face.torsionRadiusM);
    expect(band.reachRadiusM).toBeGreaterThan(band.torsionRadiusM);
  });
});

describe('quasi-static check', () => {
  it('a bar gripped at its centre of mass holds', () => {
    const c = quasiStaticCheck(JAW, BAR, 'fast', grasp(0, 0.5, 20));
    expect(c.momentNm).toBeCloseTo(0, 9);
    expect(c.palmGapM).toBeCloseTo(0.005, 4);
    expect(c.turnRad[0]).toBeCloseTo(0, 9);
    expect(c.verdict).toBe('holds');
  });

  it('the same bar gripped 60 mm off its centre at μ 0.3 and 10 N turns onto the palm', () => {
    const c = quasiStaticCheck(JAW, BAR, 'fast', grasp(0.06, 0.3, 10));
    // The weight's moment about the closing axis, 0.5 kg × 9.81 × 60 mm, over 0.3 × 20 N × the patch's reach.
    expect(Math.abs(c.momentNm)).toBeGreaterThan(0.5 * 9.81 * 0.06);
    expect(c.steadyDemand).toBeGreaterThan(1);
    expect(c.verdict).toBe('slips');
  });

  it('MuJoCo agrees on both bars (the check and the referee share frames, gravity and protocol)', async () => {
    const mj = await loadMujocoOnce();
    expect(replayTrial(mj, JAW, BAR, 'fast', grasp(0, 0.5, 20)).failure).toBe('none');
    expect(replayTrial(mj, JAW, BAR, 'fast', grasp(0.06, 0.3, 10)).failure).not.toBe('none');
  });
});

describe('turn in the grip', () => {
  const base = {
    shape: BAR,
    massKg: 0.5,
    positionInJaw: new Vector3(0, 0.03, JAW.padCentreZM),
    rotationInJaw: new Quaternion(),
    pivotYZ: [0, JAW.padCentreZM] as const,
    worldToJaw: new Quaternion(),
    friction: 0.5,
    gripForceN: 20,
    palmAtRad: [Math.PI / 2, Math.PI / 2] as const,
  };

  it('stays still while the spin friction carries the moment, and turns when it cannot', () => {
    // 0.5 kg × (9.81 + 7.4) m/s² × 30 mm ≈ 0.26 N·m at the lift's peak; 0.5 × 40 N × 20 mm = 0.4 N·m holds it.
    const still = pivotInGrip({ ...base, torsionRadiiM: [0.02, 0.02] }, trialSchedule('fast'));
    // Protocol 1's shake, a sine from rest, jumped the palm's velocity by 0.31 m/s in one step at each axis's start
    // and end, which turned it about 2° and slid it 3 mm; the windowed shake has no jump, and it stays put.
    expect(Math.max(...still.maxTurnRad)).toBeLessThan(0.005);
    expect(still.slideM).toBeLessThan(0.0002);
    const turning = pivotInGrip({ ...base, torsionRadiiM: [0.005, 0.005] }, trialSchedule('fast'));
    expect(Math.max(...turning.maxTurnRad)).toBeGreaterThan(0.2);
    expect(turning.slideM).toBeLessThan(0.004);
  });
});
