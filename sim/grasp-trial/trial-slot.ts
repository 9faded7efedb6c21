import { Quaternion, Vector3 } from 'three';
import { GROUP } from '../collision-groups.ts';
import type { Collider, World } from '../rapier.ts';
import type { SlotPoses } from './slot-geometry.ts';

/** Gripper parts touch only objects (not each other, not other slots' grippers). */
export const GRIPPER_GROUPS = (GROUP.hand << 16) | GROUP.object;
/** Trial objects touch only grippers. */
export const OBJECT_GROUPS = (GROUP.object << 16) | GROUP.hand;

/** One trial's end effector in a shared world, driven step by step by the chunk runner. */
export interface TrialSlot {
  /** True when the gripper at the grasp pose, or backed off along its approach, intersects the object. */
  approachCollides(): boolean;
  /** Moves the effector to the grasp pose and applies the trial's friction and effort. */
  place(): void;
  /** Sets targets (and forces) for step `k`; called before each world step. */
  drive(k: number): void;
  /** True while the effector holds the object: both pads pushing on it, or the cup sealed. */
  holding(world: World): boolean;
  /** The tool centre point in the world now. */
  tcpInWorld(out: Vector3): Vector3;
  /** Distance between the pads (0 for suction). */
  closedWidthM(): number;
}

/**
 * True when `part` (a gripper collider whose body sits at `bodyInGripper` in the gripper frame), with the gripper
 * backed off `backoffM` along its approach, intersects the object. Poses are composed here rather than read from
 * the colliders, which Rapier only moves with their bodies at the next step.
 */
export function partHitsObject(
  object: Collider,
  poses: SlotPoses,
  part: Collider,
  bodyInGripper: Vector3,
  backoffM: number,
): boolean {
  const objectPose = withLocal(poses.objectPosition, poses.objectRotation, object);
  const body = bodyInGripper
    .clone()
    .setZ(bodyInGripper.z - backoffM)
    .applyMatrix4(poses.gripperInWorld);
  const partPose = withLocal(body, poses.gripperRotation, part);
  return object.shape.intersectsShape(
    objectPose.position,
    objectPose.rotation,
    part.shape,
    partPose.position,
    partPose.rotation,
  );
}

function withLocal(
  bodyPosition: Vector3,
  bodyRotation: Quaternion,
  collider: Collider,
): { position: Vector3; rotation: Quaternion } {
  const t = collider.translationWrtParent() ?? { x: 0, y: 0, z: 0 };
  const r = collider.rotationWrtParent() ?? { x: 0, y: 0, z: 0, w: 1 };
  return {
    position: new Vector3(t.x, t.y, t.z).applyQuaternion(bodyRotation).add(bodyPosition),
    rotation: bodyRotation.clone().multiply(new Quaternion(r.x, r.y, r.z, r.w)),
  };
}
