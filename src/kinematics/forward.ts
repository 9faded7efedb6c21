import { Matrix4 } from 'three';
import { jointPosition, setJointMotion } from './joint-motion.ts';
import type { Joint, KinematicModel } from './model.ts';

/** Joints in parent-before-child order, cached per model (models are immutable once parsed). */
const orderCache = new WeakMap<KinematicModel, readonly Joint[]>();

function jointsInTreeOrder(model: KinematicModel): readonly Joint[] {
  const cached = orderCache.get(model);
  if (cached !== undefined) return cached;
  const childJoints = new Map<string, Joint[]>();
  for (const joint of model.joints.values()) {
    const siblings = childJoints.get(joint.parent) ?? [];
    siblings.push(joint);
    childJoints.set(joint.parent, siblings);
  }
  const order: Joint[] = [];
  const pending = [model.rootLink];
  for (let link = pending.pop(); link !== undefined; link = pending.pop()) {
    for (const joint of childJoints.get(link) ?? []) {
      order.push(joint);
      pending.push(joint.child);
    }
  }
  orderCache.set(model, order);
  return order;
}

/**
 * The pose of every link frame for the given joint positions (rad or m, by joint name): root link at
 * `rootInWorld` (identity by default). Missing joints are 0, mimic joints follow their leader.
 *
 * @example
 * const T_world_tool = linkTransforms(model, { elbow: 0.5 }).get('tool0');
 */
export function linkTransforms(
  model: KinematicModel,
  jointPositions: Readonly<Record<string, number>>,
  rootInWorld: Matrix4 = new Matrix4(),
): Map<string, Matrix4> {
  const poses = new Map<string, Matrix4>([[model.rootLink, rootInWorld.clone()]]);
  const motion = new Matrix4();
  for (const joint of jointsInTreeOrder(model)) {
    const parentPose = poses.get(joint.parent);
    if (parentPose === undefined) continue;
    setJointMotion(joint.type, joint.axis, jointPosition(model.joints, joint, jointPositions), motion);
    poses.set(joint.child, parentPose.clone().multiply(joint.origin).multiply(motion));
  }
  return poses;
}
