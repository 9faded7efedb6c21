import { Euler, MathUtils, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { poseFromSpec } from '../../scenes/pose-spec.ts';

describe('file poses', () => {
  it('reads rpyDeg as fixed-axis roll, pitch, yaw (URDF order) and yawDeg as a shorthand', () => {
    const q = poseFromSpec({ position: [1, 2, 3], rpyDeg: [30, 20, 10] }).quaternion;
    const rad = MathUtils.degToRad;
    const expected = new Quaternion()
      .setFromAxisAngle(new Vector3(0, 0, 1), rad(10))
      .multiply(new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), rad(20)))
      .multiply(new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), rad(30)));
    expect(q.angleTo(expected)).toBeLessThan(1e-6);
    expect(q.angleTo(new Quaternion().setFromEuler(new Euler(rad(30), rad(20), rad(10), 'XYZ')))).toBeGreaterThan(0.01);
    const yawed = poseFromSpec({ position: [0, 0, 0], yawDeg: 90 });
    expect(new Vector3(1, 0, 0).applyQuaternion(yawed.quaternion).y).toBeCloseTo(1, 12);
  });
});
