import type { Quaternion } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import type { EffectorKind } from '../grasping/candidates.ts';

/** What `grasp` leaves for `place`: which arm holds the object, how, and the object's pose in the tool frame. */
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

const held = new WeakMap<WorldModel, Map<string, HeldObject>>();

/** Records that an object is held. */
export function setHeld(world: WorldModel, entry: HeldObject): void {
  const byId = held.get(world) ?? new Map<string, HeldObject>();
  byId.set(entry.objectId, entry);
  held.set(world, byId);
}

/** The hold on an object, if one is held. */
export function heldObject(world: WorldModel, objectId: string): HeldObject | undefined {
  return held.get(world)?.get(objectId);
}

/** The object an arm holds, if any. */
export function heldBy(world: WorldModel, armName: string): HeldObject | undefined {
  return [...(held.get(world)?.values() ?? [])].find((h) => h.armName === armName);
}

/** Forgets a hold (after a release or a drop). */
export function clearHeld(world: WorldModel, objectId: string): void {
  held.get(world)?.delete(objectId);
}
