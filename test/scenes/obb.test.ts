import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { obbFromPose, obbPenetrationM } from '../../src/math/obb.ts';

const at = (x: number, y: number, z: number, q = new Quaternion()) => ({
  position: new Vector3(x, y, z),
  quaternion: q,
});
const yaw = (rad: number) => new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), rad);

describe('obbPenetrationM (separating axis test)', () => {
  const unit = [0.5, 0.5, 0.5] as const;

  it('measures the overlap of axis-aligned boxes and the gap between apart ones', () => {
    expect(obbPenetrationM(obbFromPose(at(0, 0, 0), unit), obbFromPose(at(0.9, 0, 0), unit))).toBeCloseTo(0.1, 12);
    expect(obbPenetrationM(obbFromPose(at(0, 0, 0), unit), obbFromPose(at(1.2, 0, 0), unit))).toBeLessThan(0);
    expect(obbPenetrationM(obbFromPose(at(0, 0, 0), unit), obbFromPose(at(1, 0, 0), unit))).toBeCloseTo(0, 12);
  });

  it('sees a rotated box corner reach into a neighbour', () => {
    // A unit cube turned 45° reaches √2/2 ≈ 0.707 from its centre along x.
    const turned = obbFromPose(at(1.2, 0, 0, yaw(Math.PI / 4)), unit);
    expect(obbPenetrationM(obbFromPose(at(0, 0, 0), unit), turned)).toBeCloseTo(0.5 + Math.SQRT1_2 - 1.2, 9);
  });

  it('separates crossed bars in a tilted frame, and sees them cross when brought together', () => {
    // Two long bars crossed at right angles in a tilted frame, 0.3 m apart, then 0.05 m apart (they intersect).
    const tilt = new Quaternion().setFromAxisAngle(new Vector3(1, 1, 0).normalize(), Math.PI / 4);
    const a = obbFromPose(at(0, 0, 0, tilt), [1, 0.05, 0.05]);
    const b = obbFromPose(at(0, 0, 0.3, tilt.clone().multiply(yaw(Math.PI / 2))), [1, 0.05, 0.05]);
    expect(obbPenetrationM(a, b)).toBeLessThanOrEqual(0);
    const c = obbFromPose(at(0, 0, 0.05, tilt.clone().multiply(yaw(Math.PI / 2))), [1, 0.05, 0.05]);
    expect(obbPenetrationM(a, c)).toBeGreaterThan(0);
  });
});
