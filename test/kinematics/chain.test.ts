import { readFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { seededRandom } from '../../src/math/random.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/urdf/${name}`, import.meta.url), 'utf8');
const planarModel = parseUrdf(fixture('planar2.urdf'), 'planar2.urdf');
const extrasModel = parseUrdf(fixture('extras_robot/extras-robot.urdf'), 'extras-robot.urdf');
const arm7Model = parseUrdf(fixture('arm7.urdf'), 'arm7.urdf');
const planar = KinematicChain.fromModel(planarModel, 'base_link', 'tool0');

/** Twist that carries pose a to pose b in unit time: linear velocity and angular velocity (axis·angle). */
function twist(a: Matrix4, b: Matrix4): number[] {
  const dp = new Vector3().setFromMatrixPosition(b).sub(new Vector3().setFromMatrixPosition(a));
  const dq = new Quaternion().setFromRotationMatrix(b).multiply(new Quaternion().setFromRotationMatrix(a).invert());
  if (dq.w < 0) dq.set(-dq.x, -dq.y, -dq.z, -dq.w);
  const sinHalf = Math.hypot(dq.x, dq.y, dq.z);
  const scale = sinHalf > 1e-15 ? (2 * Math.atan2(sinHalf, dq.w)) / sinHalf : 2;
  return [dp.x, dp.y, dp.z, dq.x * scale, dq.y * scale, dq.z * scale];
}

/** Central finite-difference Jacobian, column by column. */
function numericJacobian(chain: KinematicChain, q: readonly number[], stepRad = 1e-6): number[][] {
  const rows: number[][] = [[], [], [], [], [], []];
  q.forEach((_, c) => {
    const plus = [...q];
    const minus = [...q];
    plus[c] = (plus[c] ?? 0) + stepRad;
    minus[c] = (minus[c] ?? 0) - stepRad;
    twist(chain.fk(minus), chain.fk(plus)).forEach((v, r) => rows[r]?.push(v / (2 * stepRad)));
  });
  return rows;
}

function expectMatrixClose(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) =>
    row.forEach((value, c) => expect(Math.abs(value - (expected[r]?.[c] ?? NaN))).toBeLessThan(tolerance)),
  );
}

describe('KinematicChain', () => {
  it('lists the movable joints base to tip with their limits', () => {
    expect(planar.baseLink).toBe('base_link');
    expect(planar.tipLink).toBe('tool0');
    expect(planar.jointNames).toEqual(['shoulder', 'elbow']);
    expect(planar.dof).toBe(2);
    expect(planar.limits).toEqual([
      { lower: -3.1, upper: 3.1, velocity: 2, effort: 20 },
      { lower: -3.1, upper: 3.1, velocity: 2, effort: 10 },
    ]);
    const head = KinematicChain.fromModel(extrasModel, 'torso_link', 'head_camera_optical');
    expect(head.jointNames).toEqual(['head_pan_joint']);
    expect(head.limits).toEqual([{ lower: -Infinity, upper: Infinity, velocity: 1.5, effort: 5 }]);
  });

  it.each([
    [0, 0, 0.8, 0],
    [Math.PI / 2, 0, 0, 0.8],
    [0, Math.PI / 2, 0.5, 0.3],
    [Math.PI / 4, -Math.PI / 2, 0.8 * Math.SQRT1_2, 0.2 * Math.SQRT1_2],
    [Math.PI, Math.PI / 2, -0.5, -0.3],
  ])('fk of the planar arm at q = (%f, %f) is the hand-computed tip (%f, %f)', (q1, q2, x, y) => {
    const tip = planar.fk([q1, q2]);
    const position = new Vector3().setFromMatrixPosition(tip);
    expect(position.x).toBeCloseTo(x, 12);
    expect(position.y).toBeCloseTo(y, 12);
    expect(position.z).toBeCloseTo(0, 12);
    const expectedRotation = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), q1 + q2);
    expect(new Quaternion().setFromRotationMatrix(tip).angleTo(expectedRotation)).toBeLessThan(1e-7);
  });

  it('fk writes into a caller-provided matrix', () => {
    const out = new Matrix4();
    expect(planar.fk([0, 0], out)).toBe(out);
  });

  it('gives the hand-computed planar Jacobian', () => {
    const [q1, q2] = [0.7, -1.1];
    const [s1, c1, s12, c12] = [Math.sin(q1), Math.cos(q1), Math.sin(q1 + q2), Math.cos(q1 + q2)];
    expectMatrixClose(
      planar.jacobian([q1, q2]),
      [
        [-0.5 * s1 - 0.3 * s12, -0.3 * s12],
        [0.5 * c1 + 0.3 * c12, 0.3 * c12],
        [0, 0],
        [0, 0],
        [0, 0],
        [1, 1],
      ],
      1e-12,
    );
  });

  it.each([
    ['the 7-DOF arm', KinematicChain.fromModel(arm7Model, 'arm7_base', 'arm7_tcp')],
    ['a prismatic lift plus a tilted revolute arm', KinematicChain.fromModel(extrasModel, 'base_link', 'right_tool0')],
  ])('matches central finite differences on %s', (_name, chain) => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const q = chain.randomConfiguration(random);
      expectMatrixClose(chain.jacobian(q), numericJacobian(chain, q), 1e-6);
    }
  });

  it('agrees with linkTransforms for every link on the chain, fixed ones included', () => {
    const chain = KinematicChain.fromModel(extrasModel, 'torso_link', 'right_tool0');
    expect(chain.jointNames).toEqual(['right_shoulder_joint']);
    const poses = chain.linkPosesInBase([0.4]);
    expect([...poses.keys()]).toEqual([
      'torso_link',
      'right_arm_base',
      'right_upper_arm',
      'right_ft_link',
      'right_tool0',
    ]);
    const inModel = linkTransforms(extrasModel, { right_shoulder_joint: 0.4, torso_lift_joint: 0.3 });
    const torsoInverse = (inModel.get('torso_link') ?? new Matrix4()).clone().invert();
    for (const [link, pose] of poses) {
      const expected = torsoInverse.clone().multiply(inModel.get(link) ?? new Matrix4());
      pose.elements.forEach((value, i) => expect(value).toBeCloseTo(expected.elements[i] ?? NaN, 12));
    }
    expect(chain.fk([0.4]).equals(poses.get('right_tool0') ?? new Matrix4())).toBe(true);
  });

  it('drives a mimic joint on the chain from its leader, in fk and in the Jacobian', () => {
    const model = parseUrdf(`<robot name="m">
      <link name="a"/><link name="b"/><link name="c"/>
      <joint name="j1" type="revolute"><parent link="a"/><child link="b"/><axis xyz="0 0 1"/><limit lower="-1" upper="1" velocity="1" effort="1"/></joint>
      <joint name="j2" type="revolute"><parent link="b"/><child link="c"/><origin xyz="1 0 0"/><axis xyz="0 0 1"/>
        <limit lower="-3" upper="3" velocity="1" effort="1"/><mimic joint="j1" multiplier="2" offset="0.1"/></joint>
    </robot>`);
    const chain = KinematicChain.fromModel(model, 'a', 'c');
    expect(chain.jointNames).toEqual(['j1']);
    const tip = chain.fk([0.3]);
    const yaw = Math.atan2(tip.elements[1] ?? NaN, tip.elements[0] ?? NaN);
    expect(yaw).toBeCloseTo(0.3 + (2 * 0.3 + 0.1), 12);
    expectMatrixClose(chain.jacobian([0.3]), numericJacobian(chain, [0.3]), 1e-6);
    expect(chain.jacobian([0.3])[5]).toEqual([3]);
  });

  it('holds a mimic joint at its end stop while its leader moves on, in fk, in the Jacobian and by name', () => {
    // j2 follows j1 ×-12 + 7.2 within [0, 1.2]: still while j1 is above 0.6, at its upper stop once j1 is below 0.5
    // (a biped's waist that only bends in a deep squat).
    const model = parseUrdf(`<robot name="m">
      <link name="a"/><link name="b"/><link name="c"/>
      <joint name="j1" type="prismatic"><parent link="a"/><child link="b"/><axis xyz="0 0 1"/><limit lower="0.4" upper="0.9" velocity="1" effort="1"/></joint>
      <joint name="j2" type="revolute"><parent link="b"/><child link="c"/><origin xyz="0 0 0.5"/><axis xyz="0 1 0"/>
        <limit lower="0" upper="1.2" velocity="1" effort="1"/><mimic joint="j1" multiplier="-12" offset="7.2"/></joint>
    </robot>`);
    const chain = KinematicChain.fromModel(model, 'a', 'c');
    const pitch = (q: number) => {
      const m = chain.fk([q]);
      return Math.atan2(m.elements[8] ?? NaN, m.elements[10] ?? NaN);
    };
    expect(pitch(0.8)).toBeCloseTo(0, 12);
    expect(pitch(0.55)).toBeCloseTo(0.6, 12);
    expect(pitch(0.45)).toBeCloseTo(1.2, 12);
    // Moving, the follower adds its column; at a stop it adds none (the finite difference agrees on both sides).
    expectMatrixClose(chain.jacobian([0.55]), numericJacobian(chain, [0.55]), 1e-6);
    expectMatrixClose(chain.jacobian([0.8]), numericJacobian(chain, [0.8]), 1e-6);
    expectMatrixClose(chain.jacobian([0.45]), numericJacobian(chain, [0.45]), 1e-6);
    expect(chain.jacobian([0.8])[4]).toEqual([0]);
    expect(chain.jacobian([0.55])[4]).toEqual([-12]);
    // Forward kinematics by joint name clamps it the same way.
    expect(
      linkTransforms(model, { j1: 0.45 })
        .get('c')!
        .equals(chain.fk([0.45])),
    ).toBe(true);
  });

  it('rejects a tip that is not below the base, an unknown link, and a mimic led from off the chain', () => {
    expect(() => KinematicChain.fromModel(extrasModel, 'right_arm_base', 'left_suction_cup')).toThrow(
      'extras_robot: tip link "left_suction_cup" is not below base link "right_arm_base"; no chain joins them',
    );
    expect(() => KinematicChain.fromModel(extrasModel, 'base_link', 'gripper')).toThrow(
      'extras_robot: link "gripper" is not defined',
    );
    expect(() => KinematicChain.fromModel(extrasModel, 'right_tool0', 'right_finger_b')).toThrow(
      'joint "right_finger_b_joint" mimics "right_finger_a_joint", which is not on the chain right_tool0 → right_finger_b',
    );
  });

  it('clamps to limits and samples random configurations inside them', () => {
    expect(planar.clampToLimits([4, -3.5])).toEqual([3.1, -3.1]);
    expect(planar.clampToLimits([0.5, -0.5])).toEqual([0.5, -0.5]);
    const head = KinematicChain.fromModel(extrasModel, 'torso_link', 'head_camera_optical');
    expect(head.clampToLimits([10])).toEqual([10]); // continuous
    const chain = KinematicChain.fromModel(arm7Model, 'arm7_base', 'arm7_tcp');
    const random = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const q = chain.randomConfiguration(random);
      expect(chain.clampToLimits(q)).toEqual(q);
    }
    const sample = head.randomConfiguration(seededRandom(5))[0] ?? NaN;
    expect(Math.abs(sample)).toBeLessThanOrEqual(Math.PI);
  });
});
