import { Matrix4, Quaternion, Vector3 } from 'three';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import type { ParallelJawModel, SuctionCupModel } from './types.ts';

// The end effectors datagen tests grasps with. Frame of every parallel-jaw model (ACRONYM's convention): origin at
// the hand's base, +z the approach direction, +x the closing axis; pads and palm are boxes.

/**
 * embody's default jaw: an 80 mm stroke like ACRONYM's Franka Panda, but with flat 50 mm pads centred on the TCP
 * (the Panda's rubber fingertips are 18 mm long and sit at the tip), so it holds longer contact patches.
 */
export const EMBODY_JAW_80MM: ParallelJawModel = {
  kind: 'parallel',
  name: 'embody-parallel-jaw-80mm',
  maxOpeningM: 0.08,
  tcpZM: 0.1034,
  padHalfM: [0.005, 0.01, 0.025],
  padCentreZM: 0.1034,
  fingerMassKg: 0.05,
  palmHalfM: [0.055, 0.02, 0.03],
  palmCentreZM: 0.1034 - 0.025 - 0.03,
};

/**
 * Panda-compatible fingers, for training sets mixed with ACRONYM's `franka_panda` grasps: the Franka hand's 80 mm
 * stroke and TCP 103.4 mm from the hand base, 18 × 20 mm fingertip pads ending 9 mm past the TCP (the fingers'
 * contact surfaces), and the hand body (204 × 63 mm) up to 58.4 mm, where the fingers mount. The fingers' recessed
 * upper parts, which touch nothing thinner than the fingertips, are left out.
 */
export const PANDA_HAND: ParallelJawModel = {
  kind: 'parallel',
  name: 'franka_panda',
  maxOpeningM: 0.08,
  tcpZM: 0.1034,
  padHalfM: [0.005, 0.01, 0.009],
  padCentreZM: 0.1034,
  fingerMassKg: 0.015,
  palmHalfM: [0.102, 0.0315, 0.0292],
  palmCentreZM: 0.0292,
};

/** A 30 mm cup as in GraspGen's suction data. Frame: origin at the mount, +z the approach, lip at z = `tcpZM`. */
export const SUCTION_30MM: SuctionCupModel = {
  kind: 'suction',
  name: 'embody-suction-30mm',
  cupRadiusM: 0.015,
  tcpZM: 0.1,
  stemRadiusM: 0.008,
};

/**
 * A robot's parallel gripper as a datagen jaw, read from its URDF and `<embody>` extras (so the labels use the
 * geometry the robot runs): the hand link's first box is the palm, each finger link's first box a pad, the TCP the
 * arm's tip link. `handFromModel` maps the datagen frame (x closing, z approach) into the hand link's frame.
 */
export function jawModelFromUrdf(
  model: KinematicModel,
  gripperName?: string,
): { readonly jaw: ParallelJawModel; readonly handFromModel: Matrix4 } {
  const g = model.extras.grippers.find((x) => gripperName === undefined || x.name === gripperName);
  if (g === undefined) throw new Error(`${model.name}: no gripper${gripperName ? ` named ${gripperName}` : ''}`);
  const arm = model.extras.arms.find((a) => a.name === g.arm);
  const [jointA, jointB] = g.fingerJoints.map((n) => model.joints.get(n));
  if (jointA === undefined || jointB === undefined || arm === undefined)
    throw new Error(`${model.name}: gripper ${g.name} needs two finger joints and an arm`);
  const zero = Object.fromEntries([...model.joints.keys()].map((n) => [n, 0]));
  const poses = linkTransforms(model, zero, new Matrix4());
  const toHand = poses.get(g.link)!.clone().invert();
  const inHand = (link: string): Matrix4 => toHand.clone().multiply(poses.get(link)!);
  // Datagen x is finger A's opening direction, z the hand's approach axis.
  const xAxis = jointA.axis
    .clone()
    .transformDirection(toHand.clone().multiply(poses.get(jointA.parent)!).multiply(jointA.origin));
  const zAxis = new Vector3(0, 0, 1);
  const handFromModel = new Matrix4().makeBasis(xAxis, zAxis.clone().cross(xAxis), zAxis);
  const toModel = handFromModel.clone().invert();
  const box = (link: string): { half: [number, number, number]; centre: Vector3 } => {
    const shape = model.links.get(link)?.collisions.find((c) => c.geometry.kind === 'box');
    if (shape === undefined || shape.geometry.kind !== 'box') throw new Error(`${model.name}: link ${link} has no box`);
    const inModel = toModel.clone().multiply(inHand(link)).multiply(shape.origin);
    const size = new Vector3(...shape.geometry.sizeM).applyQuaternion(new Quaternion().setFromRotationMatrix(inModel));
    return {
      half: [Math.abs(size.x) / 2, Math.abs(size.y) / 2, Math.abs(size.z) / 2],
      centre: new Vector3().setFromMatrixPosition(inModel),
    };
  };
  const palm = box(g.link);
  const pad = box(jointA.child);
  const tcp = new Vector3().setFromMatrixPosition(toModel.clone().multiply(inHand(arm.tipLink)));
  const stroke = (jointA.limits?.upper ?? 0) - (jointA.limits?.lower ?? 0);
  return {
    jaw: {
      kind: 'parallel',
      name: `${model.name}/${g.name}`,
      maxOpeningM: Math.min(g.maxWidthM, 2 * stroke),
      tcpZM: tcp.z,
      padHalfM: pad.half,
      padCentreZM: pad.centre.z,
      fingerMassKg: model.links.get(jointA.child)?.inertial?.massKg ?? 0.05,
      palmHalfM: palm.half,
      palmCentreZM: palm.centre.z,
    },
    handFromModel,
  };
}
