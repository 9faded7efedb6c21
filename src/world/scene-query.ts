import type { Vector3 } from 'three';
import type { Pose } from '../math/pose.ts';

// The scene-query contract lives beside the world model (not in skills/) so that a backend such as the sim can
// implement one without importing skills: backends and launch files provide it in `WorldServices`, skills read it
// from their context.

/** The first thing a swept box meets. */
export interface SceneHit {
  /** Distance along the sweep at first contact, m. */
  readonly distanceM: number;
  /** What was hit: a fixture part id (`table/top`) or `object <id>`. */
  readonly what: string;
}

/**
 * Collision queries skills need from the world, answered by whatever backend knows the geometry: the sim answers
 * with Rapier shape casts (`sim/scene-query.ts`); `boxSceneQuery` (skills/grasping) answers from fixture boxes and
 * the world model's objects.
 */
export interface SceneQuery {
  /**
   * Sweeps an oriented box (centre pose, half extents) along `directionInWorld` (unit) for `distanceM`; returns the
   * first hit, ignoring the objects whose ids are listed (the one being grasped or held). Touching (penetration
   * within about 2 mm) is not a hit, so a pad resting against a wall is fine. `distanceM` 0 is an overlap test:
   * a box already overlapping something is a hit at distance 0.
   */
  castBox(
    poseInWorld: Pose,
    halfExtentsM: readonly [number, number, number],
    directionInWorld: Vector3,
    distanceM: number,
    ignoreObjectIds: readonly string[],
  ): SceneHit | undefined;
}

/** The id of the world-model object a hit names (`object <id>`), or undefined for a fixture part. */
export function hitObjectId(what: string): string | undefined {
  return what.startsWith('object ') ? what.slice('object '.length) : undefined;
}

/** Contact closer than this counts as touching, not colliding, m: a pad resting against a wall is fine. */
export const TOUCH_TOLERANCE_M = 0.002;
