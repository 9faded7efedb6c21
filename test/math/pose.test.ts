import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { composePoses, invertPose, makePose, matrixToPose, poseToMatrix, wrapAngle } from '../../src/math/pose.ts';

describe('pose math', () => {
  const q90z = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2);

  it('composes: a point 1 m ahead of a frame turned 90° about z lies along +y', () => {
    const frame = makePose([1, 2, 0], q90z);
    const p = composePoses(frame, makePose([1, 0, 0]));
    expect(p).toBeNearPose(makePose([1, 3, 0], q90z), { posM: 1e-12, rotRad: 1e-9 });
  });

  it('inverts: p ∘ p⁻¹ is the identity, and round-trips through a matrix', () => {
    const p = makePose([0.3, -0.2, 1.1], new Quaternion(0.1, 0.2, 0.3, 0.9).normalize());
    expect(composePoses(p, invertPose(p))).toBeNearPose(makePose(), { posM: 1e-12, rotRad: 1e-7 });
    expect(matrixToPose(poseToMatrix(p))).toBeNearPose(p, { posM: 1e-12, rotRad: 1e-7 });
  });

  it('wraps angles into (-π, π]', () => {
    expect(wrapAngle(3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(-Math.PI / 2 - 2 * Math.PI)).toBeCloseTo(-Math.PI / 2, 12);
    expect(wrapAngle(0.5)).toBeCloseTo(0.5, 12);
  });
});
