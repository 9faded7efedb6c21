import { Matrix4, Quaternion, Vector3 } from 'three';
import type { TrialSpec } from './types.ts';

/** Trial slots sit on a grid this far apart, so no two trials in one world can touch within a trial's motion. */
export const SLOT_SPACING_M = 1.5;
/** Idle grippers (collision trials, unused slots) wait this far above their slot's object. */
export const PARKED_HEIGHT_M = 0.6;

/** Gravity of the trial world, m/s². */
export const TRIAL_GRAVITY_MPS2 = { x: 0, y: 0, z: -9.81 } as const;

/** World position of slot `j`'s object origin. */
export function slotOrigin(j: number): Vector3 {
  return new Vector3((j % 8) * SLOT_SPACING_M, Math.floor(j / 8) * SLOT_SPACING_M, 0);
}

/** Object and gripper poses of one trial in its slot. */
export interface SlotPoses {
  readonly objectInWorld: Matrix4;
  readonly gripperInWorld: Matrix4;
  readonly gripperPosition: Vector3;
  readonly gripperRotation: Quaternion;
  readonly objectPosition: Vector3;
  readonly objectRotation: Quaternion;
}

/** Places a trial in slot `j`: the object at the slot origin with its randomized rotation, the gripper on it. */
export function slotPoses(j: number, spec: TrialSpec): SlotPoses {
  const objectPosition = slotOrigin(j);
  const objectRotation = new Quaternion(...spec.objectRotationInWorld).normalize();
  const objectInWorld = new Matrix4().compose(objectPosition, objectRotation, new Vector3(1, 1, 1));
  const gripperInWorld = objectInWorld.clone().multiply(new Matrix4().fromArray(spec.gripperInObject));
  const gripperPosition = new Vector3();
  const gripperRotation = new Quaternion();
  gripperInWorld.decompose(gripperPosition, gripperRotation, new Vector3());
  return { objectInWorld, gripperInWorld, gripperPosition, gripperRotation, objectPosition, objectRotation };
}

/**
 * The same trial turned about its slot origin so that the gripper frame is the world's (the rotation returned maps
 * world directions into it: gravity, the palm's lift and shake). A trial world built this way can lock its fingers
 * to world axes (`JawJoints` 'locked'); the physics is the same turned, up to float rounding.
 */
export function inGripperFrame(poses: SlotPoses, origin: Vector3): { poses: SlotPoses; worldToFrame: Quaternion } {
  const worldToFrame = poses.gripperRotation.clone().invert();
  const turn = (p: Vector3) => p.clone().sub(origin).applyQuaternion(worldToFrame).add(origin);
  const gripperPosition = turn(poses.gripperPosition);
  const objectPosition = turn(poses.objectPosition);
  const gripperRotation = new Quaternion();
  const objectRotation = worldToFrame.clone().multiply(poses.objectRotation);
  const one = new Vector3(1, 1, 1);
  return {
    poses: {
      objectInWorld: new Matrix4().compose(objectPosition, objectRotation, one),
      gripperInWorld: new Matrix4().compose(gripperPosition, gripperRotation, one),
      gripperPosition,
      gripperRotation,
      objectPosition,
      objectRotation,
    },
    worldToFrame,
  };
}

/** A point given in the gripper frame, in the world. */
export function gripperPoint(poses: SlotPoses, x: number, y: number, z: number): Vector3 {
  return new Vector3(x, y, z).applyMatrix4(poses.gripperInWorld);
}
