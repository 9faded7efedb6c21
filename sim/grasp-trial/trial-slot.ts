import { Quaternion, Vector3 } from 'three';
import { GROUP } from '../collision-groups.ts';
import type { World } from '../rapier.ts';
import { boxPolytope, overlapDepthM, shapePolytope, type ConvexPolytope } from './convex-overlap.ts';
import { effectorParts } from './effector-parts.ts';
import { TRIAL_PROTOCOL } from './protocol.ts';
import type { SlotPoses } from './slot-geometry.ts';
import type { EffectorModel } from './types.ts';

/**
 * Collision groups of everything in slot `j` of a trial world: one bit per slot, so nothing meets anything of
 * another slot, however far it flies (in a world turned into a gripper's frame a dropped object falls sideways,
 * through the neighbouring slots, and hit their grippers while a decided trial ran on to the end of the protocol).
 * Within a slot, `GRIPPER_SOLVER_GROUPS` and `OBJECT_SOLVER_GROUPS` let the solver push only between gripper and
 * object. Hence at most 16 slots per world (`TRIAL_PROTOCOL.trialsPerWorld`).
 */
export function slotCollisionGroups(j: number): number {
  if (!Number.isInteger(j) || j < 0 || j >= 16) throw new Error(`trial slot ${j}: a world has slots 0 to 15`);
  return ((1 << j) << 16) | (1 << j);
}
/** Gripper parts push only on objects (not on each other). */
export const GRIPPER_SOLVER_GROUPS = (GROUP.hand << 16) | GROUP.object;
/** Trial objects push only on grippers. */
export const OBJECT_SOLVER_GROUPS = (GROUP.object << 16) | GROUP.hand;

/** One trial's end effector in a shared world, driven step by step by the chunk runner. */
export interface TrialSlot {
  /** True when the open effector at the grasp pose, or backed off along its approach, overlaps the object. */
  approachCollides(object: ConvexPolytope): boolean;
  /** Moves the effector to the grasp pose and applies the trial's effort. */
  place(): void;
  /** Sets targets (and forces) for step `k`; called before each world step. */
  drive(k: number): void;
  /** True while the effector holds the object: both pads pushing on it, or the cup sealed. */
  holding(world: World): boolean;
  /** True while anything of the effector's grip still holds on: a pad pushing, or the cup sealed. */
  touching(world: World): boolean;
  /** The palm's normal force on the object over the last step, N (0 for a suction cup, which has no palm). */
  palmForceN(world: World): number;
  /** The point slip is measured against: the pads' midpoint, or the cup face centre, in the world. */
  gripPoint(out: Vector3): Vector3;
  /** Distance between the pads (0 for suction). */
  closedWidthM(): number;
}

/** A gripper part for the approach check: its convex shape and pose in the gripper frame. */
export interface GripperPart {
  readonly polytope: ConvexPolytope;
  readonly positionInGripper: Vector3;
  readonly rotationInGripper: Quaternion;
}

/** The open effector's parts (`effector-parts.ts`) as polytopes for the approach check. */
export function gripperParts(effector: EffectorModel): GripperPart[] {
  return effectorParts(effector).map((part) => {
    const [a, , c] = part.halfExtentsM;
    return {
      polytope:
        part.kind === 'box'
          ? boxPolytope(part.halfExtentsM)
          : shapePolytope({ kind: 'cylinder', radiusM: a, heightM: 2 * c }),
      positionInGripper: new Vector3(...part.centreInGripper),
      rotationInGripper: new Quaternion(),
    };
  });
}

/**
 * True when any part, with the gripper at the grasp pose backed off by any of `backoffsM` along its approach (−z
 * of the gripper frame), overlaps the object deeper than the protocol's tolerance. Exact for polytopes
 * (`convex-overlap.ts`); poses are composed here, not read from colliders Rapier has not moved yet.
 */
export function approachOverlaps(
  object: ConvexPolytope,
  poses: SlotPoses,
  parts: readonly GripperPart[],
  backoffsM: readonly number[],
): boolean {
  const position = new Vector3();
  const rotation = new Quaternion();
  return backoffsM.some((backoff) =>
    parts.some((part) => {
      position
        .copy(part.positionInGripper)
        .setZ(part.positionInGripper.z - backoff)
        .applyMatrix4(poses.gripperInWorld);
      rotation.copy(poses.gripperRotation).multiply(part.rotationInGripper);
      const depth = overlapDepthM(
        object,
        poses.objectPosition,
        poses.objectRotation,
        part.polytope,
        position,
        rotation,
      );
      return depth > TRIAL_PROTOCOL.approachToleranceM;
    }),
  );
}
