import type { Quaternion } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import { keyFamily, type BlackboardView } from '../../src/skill/blackboard.ts';
import type { EffectorKind } from '../grasping/candidates.ts';

/** What `grasp` leaves for `place` on the blackboard (`held/<objectId>`): which arm holds the object, how, and the object's pose in the tool frame. */
export interface HeldObject {
  readonly objectId: string;
  readonly armName: string;
  readonly effector: EffectorKind;
  /** T_tool_object at the moment of the grasp. */
  readonly objectInTool: Pose;
  /** Payload force the wrist showed after the lift, N (0 when there was no wrist sensor). */
  readonly payloadN: number;
  /** The object's orientation in the world when it rested before the grasp: which way is up for it. */
  readonly restQuaternion: Quaternion;
  /** Pad gap when the grasp closed, m (gripper only). */
  readonly gripWidthM?: number;
}

/**
 * The blackboard entries of held objects, one per object: `grasp` writes `held/<objectId>`, `place` reads and
 * clears it, the carry and reach nodes read it. Telemetry shows the arm, the effector and where the object sits in
 * the tool.
 */
export const HELD = keyFamily<HeldObject>('held', (hold) => ({
  objectId: hold.objectId,
  arm: hold.armName,
  effector: hold.effector,
  objectInToolM: hold.objectInTool.position.toArray().map((v) => Math.round(v * 1e4) / 1e4),
  payloadN: Math.round(hold.payloadN * 100) / 100,
  ...(hold.gripWidthM === undefined ? {} : { gripWidthM: Math.round(hold.gripWidthM * 1e4) / 1e4 }),
}));

/** The hold on an object, if one is held. */
export function heldObject(blackboard: BlackboardView, objectId: string): HeldObject | undefined {
  return blackboard.get(HELD.of(objectId));
}

/** The object an arm holds, if any. */
export function heldBy(blackboard: BlackboardView, armName: string): HeldObject | undefined {
  return blackboard.entries(HELD).find(([, hold]) => hold.armName === armName)?.[1];
}
