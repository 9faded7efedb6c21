import { obbFromPose, obbPenetrationM } from '../math/obb.ts';
import type { Pose } from '../math/pose.ts';
import { TOUCH_TOLERANCE_M, type SceneQuery } from './scene-query.ts';
import type { WorldModel } from './world-model.ts';
import { shapeHalfExtents } from './shape-bounds.ts';

/** A static box of the scene (a fixture part), as `scenes` `allFixtureBoxes` gives them. */
export interface SceneBox {
  readonly id: string;
  readonly poseInWorld: Pose;
  readonly halfExtentsM: readonly [number, number, number];
}

/**
 * A scene query over oriented boxes: the fixture boxes given, plus every object in the world model (by its
 * bounding box, read at query time so it follows the model). The sweep is sampled at a fraction of the
 * smallest half extent, so no hit is stepped over; hits are exact to that step.
 *
 * @example
 * const services = { sceneQuery: boxSceneQuery(allFixtureBoxes(scene.fixtures), world) };
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
          .map((o) => ({ what: `object ${o.id}`, obb: obbFromPose(o.poseInWorld, shapeHalfExtents(o.shape)) })),
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
