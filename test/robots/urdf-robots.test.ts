import { type Matrix4, Vector3 } from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';

const position = (m: Matrix4) => new Vector3().setFromMatrixPosition(m);
const axis = (m: Matrix4, i: 0 | 1 | 2) => new Vector3().setFromMatrixColumn(m, i);

function expectEveryPhysicalLinkComplete(model: KinematicModel, frameLinks: readonly string[]): void {
  for (const link of model.links.values()) {
    expect(link.inertial?.massKg, link.name).toBeGreaterThan(0);
    if (frameLinks.includes(link.name)) continue;
    expect(link.collisions.length, link.name).toBeGreaterThan(0);
    for (const c of link.collisions) expect(['box', 'cylinder', 'sphere']).toContain(c.geometry.kind);
  }
}

describe('wheeled humanoid URDF', () => {
  let model: KinematicModel;
  beforeAll(async () => {
    model = await loadUrdf('hardware/robots/wheeled-humanoid.urdf');
  });

  it('has a holonomic base, a wide torso lift, two 7-DOF arms and the effectors in <embody>', () => {
    expect(model.rootLink).toBe('base_link');
    expect(model.extras.base).toEqual({ kind: 'holonomic', link: 'base_link' });
    expect(model.extras.lift).toEqual({ joint: 'torso_lift_joint' });
    const lift = model.joints.get('torso_lift_joint')!;
    expect(lift.type).toBe('prismatic');
    expect(lift.limits!.upper - lift.limits!.lower).toBeGreaterThanOrEqual(0.9);
    expect(model.extras.arms.map((a) => a.name)).toEqual(['left', 'right']);
    expect(model.extras.grippers).toEqual([
      {
        name: 'right_gripper',
        arm: 'right',
        link: 'right_gripper_base',
        fingerJoints: ['right_finger_a_joint', 'right_finger_b_joint'],
        maxWidthM: 0.1,
        maxForceN: 60,
      },
    ]);
    expect(model.extras.suctionCups).toEqual([
      { name: 'left_suction', arm: 'left', link: 'left_suction_cup', diameterM: 0.035, vacuumKPa: 60 },
    ]);
    expect(model.extras.ftSensors.map((s) => s.link)).toEqual(['left_ft_link', 'right_ft_link']);
    expect(model.extras.cameras).toEqual([
      { name: 'head_camera', link: 'head_camera_optical', widthPx: 160, heightPx: 120, fovYRad: 0.9 },
    ]);
  });

  it.each(['left', 'right'])('%s arm: 7 revolute joints from arm base to tool, with realistic limits', (side) => {
    const arm = model.extras.arms.find((a) => a.name === side)!;
    const parentOf = new Map([...model.joints.values()].map((j) => [j.child, j]));
    const chain = [];
    for (let link = arm.tipLink; link !== arm.baseLink;) {
      const joint = parentOf.get(link)!;
      if (joint.type !== 'fixed') chain.unshift(joint);
      link = joint.parent;
    }
    expect(chain.map((j) => j.name.replace(`${side}_`, ''))).toEqual([
      'shoulder_pan_joint',
      'shoulder_lift_joint',
      'upperarm_roll_joint',
      'elbow_flex_joint',
      'forearm_roll_joint',
      'wrist_flex_joint',
      'wrist_roll_joint',
    ]);
    for (const j of chain) {
      expect(j.type).toBe('revolute');
      expect(j.limits!.velocity).toBeGreaterThanOrEqual(2);
      expect(j.limits!.velocity).toBeLessThanOrEqual(2.6);
      expect(j.limits!.effort).toBeGreaterThan(0);
      expect(j.limits!.lower).toBeLessThan(0);
      expect(j.limits!.upper).toBeGreaterThan(0);
    }
    // ~0.6 m from the shoulder to the flange (the F/T sensor), arm straight.
    const poses = linkTransforms(model, {});
    const reachM = position(poses.get(`${side}_ft_link`)!).distanceTo(position(poses.get(arm.baseLink)!));
    expect(reachM).toBeGreaterThan(0.55);
    expect(reachM).toBeLessThan(0.75);
  });

  it('right gripper opens to 0.10 m with two prismatic fingers moving apart', () => {
    const a = model.joints.get('right_finger_a_joint')!;
    const b = model.joints.get('right_finger_b_joint')!;
    expect([a.type, b.type]).toEqual(['prismatic', 'prismatic']);
    expect(a.limits!.upper + b.limits!.upper).toBeCloseTo(0.1, 9);
    expect(a.limits!.effort).toBeGreaterThanOrEqual(60);
    const closed = linkTransforms(model, {});
    const open = linkTransforms(model, { right_finger_a_joint: 0.05, right_finger_b_joint: 0.05 });
    const gap = (p: Map<string, Matrix4>) =>
      position(p.get('right_finger_a')!).distanceTo(position(p.get('right_finger_b')!));
    expect(gap(open) - gap(closed)).toBeCloseTo(0.1, 9);
  });

  it('tool frames have z along the approach; the camera optical frame is z forward, x right, y down', () => {
    const poses = linkTransforms(model, {});
    for (const side of ['left', 'right']) {
      const tool = poses.get(`${side}_tool0`)!;
      // Zero pose: arms straight forward, so the approach (tool z) is the robot's +x, ahead of the F/T link.
      expect(axis(tool, 2).x).toBeCloseTo(1, 4);
      expect(position(tool).x).toBeGreaterThan(position(poses.get(`${side}_ft_link`)!).x);
    }
    const cam = poses.get('head_camera_optical')!;
    expect(axis(cam, 2).x).toBeCloseTo(1, 4);
    expect(axis(cam, 0).y).toBeCloseTo(-1, 4);
    expect(axis(cam, 1).z).toBeCloseTo(-1, 4);
  });

  it('over the torso lift range the right tool reaches from 0.1 m to 1.9 m, in front of the base', () => {
    const lift = model.joints.get('torso_lift_joint')!.limits!;
    const shoulder = model.joints.get('right_shoulder_lift_joint')!.limits!;
    const heights: number[] = [];
    for (const liftM of [lift.lower, lift.upper]) {
      for (let i = 0; i <= 60; i++) {
        const q = shoulder.lower + ((shoulder.upper - shoulder.lower) * i) / 60;
        const tool = position(
          linkTransforms(model, { torso_lift_joint: liftM, right_shoulder_lift_joint: q }).get('right_tool0')!,
        );
        // Only count reaches ahead of the 0.6 m base (front at x = 0.3), where a real target could be.
        if (tool.x > 0.35) heights.push(tool.z);
      }
    }
    expect(Math.min(...heights)).toBeLessThanOrEqual(0.1);
    expect(Math.max(...heights)).toBeGreaterThanOrEqual(1.9);
  });

  it('every link has an inertial, and every physical link simple collision geometry', () => {
    expectEveryPhysicalLinkComplete(model, ['head_camera_optical', 'left_tool0', 'right_tool0']);
  });
});

describe('UR-style arm URDF', () => {
  let model: KinematicModel;
  beforeAll(async () => {
    model = await loadUrdf('hardware/robots/ur-arm.urdf');
  });

  it('uses the UR joint names with UR5e limits and a fixed base', () => {
    const names = [
      'shoulder_pan_joint',
      'shoulder_lift_joint',
      'elbow_joint',
      'wrist_1_joint',
      'wrist_2_joint',
      'wrist_3_joint',
    ];
    const revolute = [...model.joints.values()].filter((j) => j.type === 'revolute').map((j) => j.name);
    expect(revolute).toEqual(names);
    expect(model.joints.get('elbow_joint')!.limits!.upper).toBeCloseTo(Math.PI, 5);
    expect(model.joints.get('shoulder_pan_joint')!.limits!.upper).toBeCloseTo(2 * Math.PI, 5);
    expect(model.joints.get('wrist_3_joint')!.limits!.effort).toBe(28);
    expect(model.extras.base).toBeUndefined();
    expect(model.extras.lift).toBeUndefined();
    expect(model.extras.arms).toEqual([{ name: 'arm', baseLink: 'base_link', tipLink: 'gripper_tcp' }]);
    expect(model.extras.ftSensors).toEqual([{ name: 'wrist_ft', arm: 'arm', link: 'ft_link' }]);
  });

  it('has UR5e geometry: 0.817 m from the shoulder to the wrist at zero, flange 0.2329 m to the side', () => {
    const tool0 = position(linkTransforms(model, {}).get('tool0')!);
    expect(tool0.x).toBeCloseTo(0.425 + 0.3922, 4);
    expect(tool0.y).toBeCloseTo(0.2329, 4);
    expect(tool0.z).toBeCloseTo(0.1625 - 0.0997, 4);
  });

  it('carries a 2F-85-like gripper: 0.085 m opening, fingers and TCP ahead of the flange along tool z', () => {
    const [gripper] = model.extras.grippers;
    expect(gripper).toMatchObject({
      link: 'gripper_base',
      fingerJoints: ['finger_a_joint', 'finger_b_joint'],
      maxWidthM: 0.085,
    });
    const a = model.joints.get('finger_a_joint')!.limits!;
    const b = model.joints.get('finger_b_joint')!.limits!;
    expect(a.upper + b.upper).toBeCloseTo(0.085, 9);
    const poses = linkTransforms(model, { shoulder_lift_joint: -1.2, elbow_joint: 1.0 });
    const tool0 = poses.get('tool0')!;
    const tcpInTool = position(poses.get('gripper_tcp')!).applyMatrix4(tool0.clone().invert());
    expect(tcpInTool.toArray()).toEqual([expect.closeTo(0, 9), expect.closeTo(0, 9), expect.closeTo(0.1725, 9)]);
  });

  it('every link has an inertial, and every physical link simple collision geometry', () => {
    expectEveryPhysicalLinkComplete(model, ['tool0', 'gripper_tcp']);
  });
});
