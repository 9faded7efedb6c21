import { allFixtureBoxes } from './fixture-geometry.ts';
import type { ResolvedScene } from './schema.ts';
import type { WorldModel } from '../src/world/world-model.ts';
import { NavigationMap, navigationMapOf, setNavigationMap } from '../src/world/navigation/navigation-map.ts';
import { setRobotMount } from '../src/world/robot-mounts.ts';
import { boxSceneQuery } from '../src/world/box-scene-query.ts';
import { sceneQueryOf, setSceneQuery } from '../src/world/scene-query.ts';

/**
 * Registers what the skills need beside a world model for a loaded scene, leaving anything already registered
 * (a backend's own scene query, say) in place: robot mounts, a box scene query over the fixtures and the world
 * model's objects, and a navigation map of the fixtures.
 *
 * @example
 * prepareSceneForSkills(sim.world, scene);
 */
export function prepareSceneForSkills(world: WorldModel, scene: ResolvedScene): void {
  for (const robot of scene.robots) setRobotMount(world, robot.id, robot.basePoseInWorld);
  const boxes = allFixtureBoxes(scene.fixtures);
  if (!sceneQueryOf(world)) setSceneQuery(world, boxSceneQuery(boxes, world));
  if (!navigationMapOf(world))
    setNavigationMap(world, NavigationMap.fromBoxes(boxes.filter((b) => !b.fixtureId.startsWith('floor'))));
}
