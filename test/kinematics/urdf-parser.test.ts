import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { loadUrdf, parseUrdf } from '../../src/kinematics/urdf-parser.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/urdf/extras_robot/extras-robot.urdf', import.meta.url));
const FIXTURE_DIR = dirname(FIXTURE);

const translationOf = (m: Matrix4): number[] => new Vector3().setFromMatrixPosition(m).toArray();
const rotate = (m: Matrix4, v: [number, number, number]): number[] =>
  new Vector3(...v)
    .transformDirection(m)
    .toArray()
    .map((x) => Math.round(x * 1e9) / 1e9 + 0);

describe('parseUrdf on a good URDF', () => {
  const load = async (): Promise<KinematicModel> => parseUrdf(await readFile(FIXTURE, 'utf8'), 'extras-robot.urdf');

  it('reads the robot name, the root, and every link and joint by its URDF name', async () => {
    const model = await load();
    expect(model.name).toBe('extras_robot');
    expect(model.rootLink).toBe('base_link');
    expect([...model.links.keys()]).toContain('head_camera_optical');
    expect(model.links.size).toBe(12);
    expect([...model.joints.keys()]).toEqual([
      'torso_lift_joint',
      'head_pan_joint',
      'head_camera_joint',
      'right_arm_mount',
      'right_shoulder_joint',
      'right_ft_joint',
      'right_tool_joint',
      'right_finger_a_joint',
      'right_finger_b_joint',
      'left_arm_mount',
      'left_shoulder_joint',
    ]);
  });

  it('reads joint types, parents, limits, normalised axes and default axes', async () => {
    const { joints } = await load();
    const lift = joints.get('torso_lift_joint');
    expect(lift).toMatchObject({ type: 'prismatic', parent: 'base_link', child: 'torso_link' });
    expect(lift?.limits).toEqual({ lower: 0, upper: 0.5, velocity: 0.1, effort: 500 });
    expect(lift?.axis.toArray()).toEqual([0, 0, 1]); // "0 0 2" normalised
    expect(translationOf(lift?.origin ?? new Matrix4())).toEqual([0, 0, 0.2]);
    expect(joints.get('head_pan_joint')?.limits).toEqual({
      lower: -Infinity,
      upper: Infinity,
      velocity: 1.5,
      effort: 5,
    });
    expect(joints.get('right_tool_joint')?.axis.toArray()).toEqual([1, 0, 0]); // URDF default
    expect(joints.get('right_tool_joint')?.limits).toBeUndefined();
    expect(joints.get('right_finger_b_joint')?.mimic).toEqual({
      joint: 'right_finger_a_joint',
      multiplier: 1,
      offset: 0.001,
    });
    expect(joints.get('right_shoulder_joint')?.origin.equals(new Matrix4())).toBe(true); // no <origin>
  });

  it('reads origin rpy as fixed-axis roll-pitch-yaw: R = Rz(yaw)·Ry(pitch)·Rx(roll)', async () => {
    const { joints } = await load();
    const mount = joints.get('right_arm_mount')?.origin ?? new Matrix4();
    const expected = new Matrix4()
      .makeRotationZ(0.3)
      .multiply(new Matrix4().makeRotationY(0.2))
      .multiply(new Matrix4().makeRotationX(0.1))
      .setPosition(0.1, -0.2, 0.4);
    mount.elements.forEach((value, i) => expect(value).toBeCloseTo(expected.elements[i] ?? NaN, 12));
    // ROS optical frame (rpy = -π/2 0 -π/2): optical z looks along the head's x, optical x to its -y, y to -z.
    const optical = joints.get('head_camera_joint')?.origin ?? new Matrix4();
    expect(rotate(optical, [0, 0, 1])).toEqual([1, 0, 0]);
    expect(rotate(optical, [1, 0, 0])).toEqual([0, -1, 0]);
    expect(rotate(optical, [0, 1, 0])).toEqual([0, 0, -1]);
  });

  it('reads box, cylinder, sphere and mesh geometry, shape origins and inertials', async () => {
    const { links } = await load();
    const base = links.get('base_link');
    expect(base?.visuals.map((v) => v.geometry)).toEqual([{ kind: 'box', sizeM: [0.6, 0.5, 0.2] }]);
    expect(translationOf(base?.visuals[0]?.origin ?? new Matrix4())).toEqual([0, 0, 0.1]);
    expect(base?.collisions.map((c) => c.geometry)).toEqual([
      { kind: 'mesh', filename: 'package://extras_robot/meshes/base_collision.stl', scale: [0.001, 0.001, 0.001] },
    ]);
    expect(base?.inertial?.massKg).toBe(25);
    expect(base?.inertial?.inertia).toEqual([1.1, 0.01, 0.02, 1.2, 0.03, 1.3]);
    expect(translationOf(base?.inertial?.origin ?? new Matrix4())).toEqual([0, 0, 0.08]);
    expect(links.get('torso_link')?.visuals[0]?.geometry).toEqual({
      kind: 'mesh',
      filename: 'meshes/torso.dae',
      scale: [1, 1, 1],
    });
    expect(links.get('head_link')?.visuals[0]?.geometry).toEqual({ kind: 'sphere', radiusM: 0.1 });
    const upper = links.get('right_upper_arm')?.visuals[0];
    expect(upper?.geometry).toEqual({ kind: 'cylinder', radiusM: 0.04, lengthM: 0.3 });
    const quaternion = new Quaternion().setFromRotationMatrix(upper?.origin ?? new Matrix4());
    expect(quaternion.angleTo(new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), Math.PI / 2))).toBeLessThan(1e-9);
    expect(links.get('right_ft_link')).toEqual({ name: 'right_ft_link', visuals: [], collisions: [] });
  });

  it('reads the <embody> extras', async () => {
    const { extras } = await load();
    expect(extras).toEqual({
      base: { kind: 'holonomic', link: 'base_link' },
      lift: { joint: 'torso_lift_joint' },
      arms: [
        { name: 'right', baseLink: 'right_arm_base', tipLink: 'right_tool0' },
        { name: 'left', baseLink: 'left_arm_base', tipLink: 'left_suction_cup' },
      ],
      grippers: [
        {
          name: 'right_gripper',
          arm: 'right',
          link: 'right_tool0',
          fingerJoints: ['right_finger_a_joint', 'right_finger_b_joint'],
          maxWidthM: 0.1,
          maxForceN: 60,
        },
      ],
      suctionCups: [{ name: 'left_suction', arm: 'left', link: 'left_suction_cup', diameterM: 0.03, vacuumKPa: 60 }],
      ftSensors: [{ name: 'right_wrist_ft', arm: 'right', link: 'right_ft_link' }],
      cameras: [{ name: 'head_camera', link: 'head_camera_optical', widthPx: 160, heightPx: 120, fovYRad: 0.9 }],
      postures: [],
    });
  });

  it('gives a plain ROS URDF (no <embody>) empty extras', () => {
    const model = parseUrdf('<robot name="r"><link name="only"/></robot>');
    expect(model.rootLink).toBe('only');
    expect(model.extras).toEqual({ arms: [], grippers: [], suctionCups: [], ftSensors: [], cameras: [], postures: [] });
  });
});

describe('loadUrdf', () => {
  it('resolves package:// and relative mesh filenames against the URDF file, keeping them as strings', async () => {
    const model = await loadUrdf(FIXTURE);
    expect(model.links.get('base_link')?.collisions[0]?.geometry).toMatchObject({
      kind: 'mesh',
      filename: join(FIXTURE_DIR, 'meshes', 'base_collision.stl'),
    });
    expect(model.links.get('torso_link')?.visuals[0]?.geometry).toMatchObject({
      filename: join(FIXTURE_DIR, 'meshes', 'torso.dae'),
    });
  });

  it('rejects a missing file with the path in the error', async () => {
    await expect(loadUrdf(join(FIXTURE_DIR, 'missing.urdf'))).rejects.toThrow(/ENOENT.*missing\.urdf/);
  });
});
