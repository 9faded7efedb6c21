import type { Vector2 } from 'three';
import type { WorldModel } from '../../src/world/world-model.ts';
import { boxFootprint, segmentPolygonDistance } from '../../src/math/footprint.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';

/** The tag that marks a world-model object as an obstacle for the base (a cart, a person, a dropped box). */
export const OBSTACLE_TAG = 'obstacle';

/** A world-model obstacle as navigation sees it: its floor outline. */
export interface ObstacleFootprint {
  readonly id: string;
  readonly polygon: readonly Vector2[];
}

/**
 * Floor outlines of the world model's objects tagged `obstacle` that reach into the height band. Only tagged
 * objects count: products on shelves or in the gripper are world-model objects too, and must not stop the base.
 */
export function worldObstacles(world: WorldModel, bandM: readonly [number, number]): ObstacleFootprint[] {
  return world
    .objects()
    .filter((o) => o.tags.includes(OBSTACLE_TAG))
    .map((o) => ({ object: o, footprint: boxFootprint(o.poseInWorld, shapeHalfExtents(o.shape)) }))
    .filter(({ footprint }) => footprint.zMaxM > bandM[0] && footprint.zMinM < bandM[1])
    .map(({ object, footprint }) => ({ id: object.id, polygon: footprint.polygon }));
}

/** The first obstacle closer than `clearanceM` to the polyline, if any. */
export function obstacleOnPath(
  obstacles: readonly ObstacleFootprint[],
  polyline: readonly Vector2[],
  clearanceM: number,
): { readonly id: string; readonly distanceM: number } | undefined {
  for (const obstacle of obstacles) {
    for (let i = 0; i < polyline.length - 1; i++) {
      const distanceM = segmentPolygonDistance(polyline[i]!, polyline[i + 1]!, obstacle.polygon);
      if (distanceM < clearanceM) return { id: obstacle.id, distanceM };
    }
  }
  return undefined;
}
