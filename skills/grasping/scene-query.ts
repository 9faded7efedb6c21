import { Vector3 } from 'three';
import { obbFromPose, obbPenetrationM } from '../../scenes/obb.ts';
import type { Pose } from '../../src/math/pose.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import { halfExtents } from './candidates.ts';

/** The first thing a swept box meets. */
export interface SceneHit {
  /** Distance along the sweep at first contact, m. */
  readonly distanceM: number;
  /** What was hit: a fixture part id (`table/top`) or `object <id>`. */
  readonly what: string;
}

/** A static box of the scene (a fixture part), as `scenes` `allFixtureBoxes` gives them. */
export interface SceneBox {
  readonly id: string;
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
}

/**
 * Collision queries skills need from the world, answered by whatever backend knows the geometry: the sim answers
 * with Rapier shape casts; `boxSceneQuery` answers from fixture boxes and the world model's objects.
 */
export interface SceneQuery {
  /**
   * Sweeps an oriented box (centre pose, half extents) along `directionInWorld` (unit) for `distanceM`; returns the
   * first hit, ignoring the objects whose ids are listed (the one being grasped or held).
   */
  castBox(
    poseInWorld: Pose,
    halfExtentsM: readonly [number, number, number],
    directionInWorld: Vector3,
    distanceM: number,
    ignoreObjectIds: readonly string[],
  ): SceneHit | undefined;
}

const queries = new WeakMap<WorldModel, SceneQuery>();

/** Registers the collision queries of the scene `world` describes (the sim does this for its world model). */
export function setSceneQuery(world: WorldModel, query: SceneQuery): void {
  queries.set(world, query);
}

/** The registered scene query, if any; skills skip collision checks (and say so) without one. */
export function sceneQueryOf(world: WorldModel): SceneQuery | undefined {
  return queries.get(world);
}

/** Contact closer than this counts as touching, not colliding, m: a pad resting against a wall is fine. */
const TOUCH_TOLERANCE_M = 0.002;

/**
 * A scene query over oriented boxes: the fixture boxes given, plus every object in the world model (by its
 * bounding box, read at query time so it follows the model). The sweep is sampled at a fraction of the
 * smallest half extent, so no hit is stepped over; hits are exact to that step.
 *
 * @example
 * setSceneQuery(world, boxSceneQuery(allFixtureBoxes(scene.fixtures), world));
 */
export function boxSceneQuery(fixtures: readonly SceneBox[], world: WorldModel): SceneQuery {
  const fixtureObbs = fixtures.map((box) => ({ what: box.id, obb: obbFromPose(box.poseInWorld, box.halfExtentsM) }));
  return {
    castBox(poseInWorld, half, direction, distanceM, ignore) {
      const obstacles = [
        ...fixtureObbs,
        ...world
          .objects()
          .filter((o) => !ignore.includes(o.id))
          .map((o) => ({ what: `object ${o.id}`, obb: obbFromPose(o.poseInWorld, halfExtents(o.shape)) })),
      ];
      const stepM = Math.max(0.002, Math.min(...half) * 0.5);
      const steps = Math.max(1, Math.ceil(distanceM / stepM));
      for (let i = 0; i <= steps; i++) {
        const travelled = (distanceM * i) / steps;
        const centre = poseInWorld.position.clone().addScaledVector(direction, travelled);
        const moving = obbFromPose({ position: centre, quaternion: poseInWorld.quaternion }, half);
        for (const { what, obb } of obstacles) {
          if (obbPenetrationM(moving, obb) > TOUCH_TOLERANCE_M) return { distanceM: travelled, what };
        }
      }
      return undefined;
    },
  };
}
