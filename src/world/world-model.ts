import type { Pose } from '../math/pose.ts';

/** Collision/grasp geometry of a known object, in its own frame (origin at the shape's centre). */
export type ObjectShape =
  | { readonly kind: 'box'; readonly sizeM: readonly [number, number, number] }
  | { readonly kind: 'cylinder'; readonly radiusM: number; readonly heightM: number }
  | { readonly kind: 'sphere'; readonly radiusM: number }
  | { readonly kind: 'capsule'; readonly radiusM: number; readonly heightM: number }
  | { readonly kind: 'mesh'; readonly file: string; readonly boundsM: readonly [number, number, number] };

/** An object the robot knows of: what it is, where it is, how heavy and slippery it is believed to be. */
export interface KnownObject {
  readonly id: string;
  /** Catalog entry (`can-330ml`), when it came from one. */
  readonly type?: string;
  readonly shape: ObjectShape;
  readonly poseInWorld: Pose;
  readonly massKg: number;
  readonly friction: number;
  readonly tags: readonly string[];
}

/** A named pose: a shelf slot, a tote, a base stand-off in front of a shelf. */
export interface NamedPlace {
  readonly name: string;
  readonly poseInWorld: Pose;
  /** Size of the region when the place is an area (slot footprint), in m. */
  readonly sizeM?: readonly [number, number, number];
  readonly tags: readonly string[];
}

/**
 * What skills believe about the world. The sim keeps it true from physics; on hardware, perception updates it.
 * Skills read it to plan and write the poses they observe.
 */
export interface WorldModel {
  objects(): readonly KnownObject[];
  object(id: string): KnownObject | undefined;
  places(): readonly NamedPlace[];
  place(name: string): NamedPlace | undefined;
  /** Records a newly observed pose of an object. */
  updateObjectPose(id: string, poseInWorld: Pose): void;
  /**
   * True for an object the world knew and has since taken out (it fell out of the store, staff tidied it away): a
   * skill that finds it missing met a changed world, not a misnamed object.
   */
  wasRemoved(id: string): boolean;
}
