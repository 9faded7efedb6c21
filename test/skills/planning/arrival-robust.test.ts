import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { HOLD_SLIDE_M, slidHolds } from '../../../skills/planning/place-stage.ts';
import { arrivalErrors, robustAt, type StandOffTry } from '../../../skills/planning/stand-offs.ts';
import { ARRIVAL_TOLERANCE_M, ARRIVAL_TOLERANCE_RAD } from '../../../skills/reach/reach-skills.ts';
import type { FrameOverrides } from '../../../skills/arm/robot-frames.ts';

// A plan stage is robust when it stays feasible wherever navigate may stop the base (within 10 mm and 1° of the
// stand-off) and, for a place, with the load slid up to 1 cm along the tool's axis. Demo seed 3: the base stopped
// 9.85 mm and 0.80° off and the jar had slid 7.2 mm toward the palm; the plan had sampled 10 mm with 0.69°, no slide.
const AT: StandOffTry = { basePose: { x: 1, y: 2, yawRad: 0.5 }, overrides: { joints: { lift: 0.2 } } };
/** How far the hand is from the base's origin, m: a heading error moves it this much per radian. */
const LEVER_M = 0.8;

/** Feasible while the hand is at most `withinM` off where the stand-off puts it (position plus heading's lever). */
const handWithin = (withinM: number) => (o: FrameOverrides) => {
  const p = o.basePose!;
  const offM = Math.hypot(p.x - AT.basePose!.x, p.y - AT.basePose!.y) + LEVER_M * Math.abs(p.yawRad - 0.5);
  return offM <= withinM + 1e-9;
};

describe('a stage is robust over the whole arrival tolerance and a hold slide', () => {
  it('samples the position off by the whole tolerance in four directions, each with the heading off by 1° either way', () => {
    const errors = arrivalErrors();
    expect(errors).toHaveLength(8);
    for (const e of errors) {
      expect(Math.hypot(e.dxM, e.dyM)).toBeCloseTo(ARRIVAL_TOLERANCE_M, 9);
      expect(Math.abs(e.dyawRad)).toBeCloseTo(ARRIVAL_TOLERANCE_RAD, 9);
    }
    expect(ARRIVAL_TOLERANCE_RAD).toBeCloseTo((1 * Math.PI) / 180, 9);
    const directions = new Set(errors.map((e) => `${Math.sign(e.dxM)},${Math.sign(e.dyM)}`));
    expect(directions.size).toBe(4);
    for (const d of directions) {
      const yaws = errors.filter((e) => `${Math.sign(e.dxM)},${Math.sign(e.dyM)}` === d).map((e) => e.dyawRad);
      expect(yaws.map(Math.sign).sort()).toEqual([-1, 1]);
    }
  });

  it('calls a stage fragile that fails only with the base 10 mm and 1° off (10 mm and 0.012 rad passed it)', () => {
    // 10 mm + 0.8 m × 0.012 rad = 19.6 mm: inside 20 mm; 10 mm + 0.8 m × 1° = 24.0 mm: outside.
    expect(robustAt(AT, handWithin(0.02))).toBe(false);
    expect(robustAt(AT, handWithin(0.025))).toBe(true);
    // The other joints the try supposes are kept.
    const seen: FrameOverrides[] = [];
    robustAt(AT, (o) => (seen.push(o), true));
    expect(seen.every((o) => o.joints?.['lift'] === 0.2)).toBe(true);
    // A robot without a base has nothing to dock.
    expect(robustAt({ overrides: {} }, () => false)).toBe(true);
  });

  it("slides a gripper's load 1 cm along the tool's axis both ways; a cup's hold stays as sealed", () => {
    const hold: HeldObject = {
      objectId: 'jar-90',
      armName: 'right',
      effector: 'gripper',
      objectInTool: { position: new Vector3(0.001, 0, 0.03), quaternion: new Quaternion(0, 0, 0.6, 0.8) },
      payloadN: 4,
      restQuaternion: new Quaternion(),
      gripWidthM: 0.07,
    };
    const slid = slidHolds(hold);
    expect(HOLD_SLIDE_M).toBe(0.01);
    expect(slid.map((h) => h.objectInTool.position.z).sort()).toEqual([0.02, 0.04].map((z) => expect.closeTo(z, 9)));
    for (const h of slid) {
      expect(h.objectInTool.position.x).toBe(0.001);
      expect(h.objectInTool.quaternion.equals(hold.objectInTool.quaternion)).toBe(true);
    }
    expect(hold.objectInTool.position.z).toBe(0.03);
    expect(slidHolds({ ...hold, effector: 'suction' })).toHaveLength(1);
  });
});
