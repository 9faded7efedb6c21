import { readFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/urdf/${name}`, import.meta.url), 'utf8');
const planar = parseUrdf(fixture('planar2.urdf'), 'planar2.urdf');
const extras = parseUrdf(fixture('extras_robot/extras-robot.urdf'), 'extras-robot.urdf');

const positionOf = (m: Matrix4 | undefined): Vector3 => new Vector3().setFromMatrixPosition(m ?? new Matrix4());
const yawOf = (m: Matrix4 | undefined): number => {
  const x = new Vector3(1, 0, 0).transformDirection(m ?? new Matrix4());
  return Math.atan2(x.y, x.x);
};

describe('linkTransforms', () => {
  it.each([
    [0, 0],
    [Math.PI / 2, 0],
    [0, Math.PI / 2],
    [Math.PI / 4, -Math.PI / 2],
    [-2.0, 1.2],
  ])('poses the planar arm at q = (%f, %f) as hand-computed', (q1, q2) => {
    const poses = linkTransforms(planar, { shoulder: q1, elbow: q2 });
    // Hand-computed: elbow at 0.5·(cos q1, sin q1); tool 0.3 further along q1 + q2.
    const elbow = positionOf(poses.get('forearm'));
    expect(elbow.x).toBeCloseTo(0.5 * Math.cos(q1), 12);
    expect(elbow.y).toBeCloseTo(0.5 * Math.sin(q1), 12);
    const tool = positionOf(poses.get('tool0'));
    expect(tool.x).toBeCloseTo(0.5 * Math.cos(q1) + 0.3 * Math.cos(q1 + q2), 12);
    expect(tool.y).toBeCloseTo(0.5 * Math.sin(q1) + 0.3 * Math.sin(q1 + q2), 12);
    expect(tool.z).toBeCloseTo(0, 12);
    expect(Math.cos(yawOf(poses.get('tool0')) - (q1 + q2))).toBeCloseTo(1, 12);
  });

  it('returns every link, treats missing joints as 0 and places the root at rootInWorld', () => {
    const rootInWorld = new Matrix4().makeRotationZ(Math.PI / 2).setPosition(1, 2, 3);
    const poses = linkTransforms(planar, {}, rootInWorld);
    expect([...poses.keys()].sort()).toEqual(['base_link', 'forearm', 'tool0', 'upper_arm']);
    expect(poses.get('base_link')?.equals(rootInWorld)).toBe(true);
    expect(poses.get('base_link')).not.toBe(rootInWorld);
    // Straight arm along base x, which the root rotation turns to world y.
    const tool = positionOf(poses.get('tool0'));
    expect(tool.x).toBeCloseTo(1, 12);
    expect(tool.y).toBeCloseTo(2.8, 12);
    expect(tool.z).toBeCloseTo(3, 12);
  });

  it('moves prismatic joints along their axis, applies fixed rpy origins, and makes mimic joints follow', () => {
    const poses = linkTransforms(extras, {
      torso_lift_joint: 0.25,
      right_finger_a_joint: 0.02,
      right_finger_b_joint: 0.9,
    });
    expect(positionOf(poses.get('torso_link')).toArray()).toEqual([0, 0, 0.45]);
    const tool = poses.get('right_tool0') ?? new Matrix4();
    // finger_b mimics finger_a (×1 + 0.001) along -y of the tool, whatever value is passed for it.
    const fingerB = positionOf(
      tool
        .clone()
        .invert()
        .multiply(poses.get('right_finger_b') ?? new Matrix4()),
    );
    expect(fingerB.x).toBeCloseTo(0, 12);
    expect(fingerB.y).toBeCloseTo(-0.021, 12);
    const fingerA = positionOf(
      tool
        .clone()
        .invert()
        .multiply(poses.get('right_finger_a') ?? new Matrix4()),
    );
    expect(fingerA.y).toBeCloseTo(0.02, 12);
    // The arm mount's rotation (rpy 0.1 0.2 0.3) carries through to the shoulder's child.
    const mountRotation = new Quaternion().setFromRotationMatrix(poses.get('right_arm_base') ?? new Matrix4());
    const expected = new Quaternion().setFromRotationMatrix(
      new Matrix4()
        .makeRotationZ(0.3)
        .multiply(new Matrix4().makeRotationY(0.2))
        .multiply(new Matrix4().makeRotationX(0.1)),
    );
    expect(mountRotation.angleTo(expected)).toBeLessThan(1e-7); // angleTo is acos-limited near 0
  });
});
