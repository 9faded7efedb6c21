import { allFixtureBoxes } from './fixture-geometry.ts';
import type { ResolvedScene } from './schema.ts';
import type { WorldModel } from '../src/world/world-model.ts';
import { NavigationMap } from '../src/world/navigation/navigation-map.ts';
import { boxSceneQuery } from '../src/world/box-scene-query.ts';
import type { WorldServices } from '../src/world/services.ts';

/**
 * The services skills need for a loaded scene, keeping what a backend already provides (the sim's Rapier scene
 * query, say): the robots' mounts, a box scene query over the fixtures and the world model's objects, and a
 * navigation map of the fixtures. Pass the result as the context's `services`.
 *
 * @example
 * const services = servicesForScene(scene, simulation.worldModel, simulation.services);
 * runSkill(pick({ object: 'can-1' }), { robot, world: simulation.worldModel, services, ... });
 */
export function servicesForScene(scene: ResolvedScene, world: WorldModel, provided: WorldServices = {}): WorldServices {
  const boxes = allFixtureBoxes(scene.fixtures);
  return {
    robotMounts: provided.robotMounts ?? new Map(scene.robots.map((robot) => [robot.id, robot.basePoseInWorld])),
    sceneQuery: provided.sceneQuery ?? boxSceneQuery(boxes, world),
    navigationMap:
      provided.navigationMap ?? NavigationMap.fromBoxes(boxes.filter((b) => !b.fixtureId.startsWith('floor'))),
    ...(provided.objectTracking ? { objectTracking: provided.objectTracking } : {}),
  };
}
