import type { Matrix4, Vector3 } from 'three';
import type { Joint, JointType } from './model.ts';

/** True for the joint types a single `q` moves: revolute, continuous, prismatic. */
export function isMovable(type: JointType): boolean {
  return type === 'revolute' || type === 'continuous' || type === 'prismatic';
}

/**
 * Writes the joint's own motion for position `q` into `out`: a rotation about the axis (rad) or a translation
 * along it (m). Fixed, floating and planar joints contribute identity, since one number cannot pose them.
 */
export function setJointMotion(type: JointType, axis: Vector3, q: number, out: Matrix4): Matrix4 {
  if (type === 'revolute' || type === 'continuous') return out.makeRotationAxis(axis, q);
  if (type === 'prismatic') return out.makeTranslation(axis.x * q, axis.y * q, axis.z * q);
  return out.identity();
}

/**
 * A joint's position from a name→position record: a mimic joint follows its leader (multiplier·q + offset),
 * held within its own position limits when it has them (a follower stops at its end stop while the leader moves
 * on, e.g. a waist that only starts to bend once the squat is deep), a missing joint is 0. Mimic loops are
 * rejected by the parser.
 */
export function jointPosition(
  joints: ReadonlyMap<string, Joint>,
  joint: Joint,
  positions: Readonly<Record<string, number>>,
): number {
  if (joint.mimic === undefined) return positions[joint.name] ?? 0;
  const leader = joints.get(joint.mimic.joint);
  const leaderQ = leader === undefined ? 0 : jointPosition(joints, leader, positions);
  return mimicClamp(joint, joint.mimic.multiplier * leaderQ + joint.mimic.offset);
}

/** A mimic follower's position held within its limits (continuous joints and joints without limits are not). */
export function mimicClamp(joint: Joint, q: number): number {
  const limits = joint.limits;
  if (limits === undefined || joint.type === 'continuous' || !(limits.upper > limits.lower)) return q;
  return Math.min(limits.upper, Math.max(limits.lower, q));
}
