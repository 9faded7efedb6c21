import type { Pose } from '../../src/math/pose.ts';
import type { SimShape } from '../shapes.ts';

// Plain data between the scene planner (apps/datagen/clutter) and the clutter physics here.

/** A static box of the bin or the floor, with its surface. */
export interface ClutterFixtureBox {
  readonly id: string;
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
  readonly friction: number;
  readonly restitution: number;
}

/** The usable inside of the bin: an oriented box (centre pose and half extents) objects must end up in. */
export interface BinRegion {
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
}

/** One object to drop: its (already scaled) shape, mass and surface, where above the bin and how turned. */
export interface ClutterDrop {
  /** Caller's id of the object kind (e.g. the datagen object index); carried through to the result. */
  readonly kind: number;
  readonly shape: SimShape;
  readonly massKg: number;
  readonly friction: number;
  /** Drop point in the bin's inner floor plane, as fractions of the free half extents, each in [-1, 1]. */
  readonly xyFraction: readonly [number, number];
  /** Orientation at release (x, y, z, w). */
  readonly rotation: readonly [number, number, number, number];
}

/** What to settle: fixtures, the bin's inside and the objects in drop order. */
export interface ClutterSpec {
  readonly fixtures: readonly ClutterFixtureBox[];
  readonly bin: BinRegion;
  readonly drops: readonly ClutterDrop[];
}

/** Limits of the settling, in sim time. */
export interface SettleOptions {
  /** Longest wait after each drop before the next one, s. */
  readonly perDropS: number;
  /** Longest wait for the whole pile to come to rest at the end, s. */
  readonly finalS: number;
  /** At rest: every body asleep, or all slower than these. */
  readonly restSpeedMps: number;
  readonly restSpinRadps: number;
}

/** 0.6 s per drop, up to 4 s at the end; rest below 5 mm/s and 0.05 rad/s. */
export const DEFAULT_SETTLE: SettleOptions = { perDropS: 0.6, finalS: 4, restSpeedMps: 0.005, restSpinRadps: 0.05 };
