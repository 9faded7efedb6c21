import type { Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { PlaceGoal } from './place-target.ts';

/** What a place chose among the ways it tried: the load's heading, and how far out of a slot the way in starts. */
export interface PlaceChoice {
  readonly yawRad: number;
  /** Shelf slots: the pre-place distance out of the slot, m. */
  readonly outM?: number;
}

/** A planned place: tool waypoints in the world, their joint solutions, and the object pose meant to result. */
export interface PlacePlan {
  readonly goal: PlaceGoal;
  readonly choice: PlaceChoice;
  /** Where the object's centre should come to rest, and its orientation. */
  readonly objectAtRest: Pose;
  /**
   * Tool waypoints up to the descent start: above the spot (open surfaces); or, for a shelf slot, samples along
   * the straight line from the tool's present pose to a point in front of the slot at hover height, then the
   * hover inside the slot (the arm moves linearly, never swinging through the shelf's boards).
   */
  readonly approachInWorld: readonly Pose[];
  /**
   * IK for each approach waypoint, then the hover and the rest pose (`arm.jointNames` order); shelf slots: every
   * sample of `frontPath`, the rest pose among them.
   */
  readonly joints: readonly number[][];
  /** Index in `approachInWorld` of the pre-place pose (in front of the slot, or above the spot). */
  readonly prePlaceIndex: number;
  /** Tool pose at the start of the guarded descent. */
  readonly hoverInWorld: Pose;
  /** Height of the descent start above contact, m. */
  readonly hoverM: number;
  readonly retreat: readonly Vector3[];
  /**
   * Shelf slots: the joint samples of the way to the pre-place, into the slot (to the hover) and out
   * (back off, then out), executed joint move by joint move, exactly as checked.
   */
  readonly frontPath?: { readonly toPrePlace: number[][]; readonly intoSlot: number[][]; readonly out: number[][] };
}
