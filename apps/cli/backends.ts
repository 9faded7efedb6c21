import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import type { RunBackend } from './backend-session.ts';

/** The scripted double (hardware/scripted): every part, no physics, motions timed by a sim clock. */
const doubleBackend: RunBackend = {
  description: 'the scripted robot double: no physics, motions timed on a sim clock; --scene gives its world',
  async create({ scenePath, allowPaths }) {
    // Loaded only when asked for.
    const { createScriptedRobot } = await import('../../hardware/scripted/scripted-robot.ts');
    const scheduler = new SimScheduler();
    const world = scenePath === undefined ? new InMemoryWorldModel() : await loadSceneWorld(scenePath, allowPaths);
    return { robot: createScriptedRobot(scheduler), world, scheduler };
  },
};

/** The Rapier sim: the scene's first robot, physics stepped at the sim's fixed rate. */
const simBackend: RunBackend = {
  description: 'the Rapier simulator (needs --scene); the default when --scene is given',
  async create({ scenePath, seed, allowPaths }) {
    if (scenePath === undefined) throw new Error('the sim backend needs a scene: add --scene <file>');
    // Loaded lazily: Rapier's WASM and the scene build are only paid for by runs that use them.
    const { openSimSession } = await import('./sim-backend.ts');
    return openSimSession(scenePath, { scheduler: new SimScheduler(), seed, ...(allowPaths && { allowPaths }) });
  },
};

/** A robot over rosbridge (hardware/ros), on the wall clock; `--robot` names its config. */
const rosBackend: RunBackend = {
  description: 'a robot over rosbridge, on the wall clock (needs --robot <config.yaml>; --scene gives its world)',
  async create(options) {
    // Loaded lazily: roslib and the ROS message codecs are only paid for by runs on a robot.
    const { openRosBackend } = await import('./ros-backend.ts');
    return openRosBackend(options);
  },
};

/** The backends `embody run --backend` knows, by name. A new backend (hardware) is one more entry. */
export const BACKENDS: Readonly<Record<string, RunBackend>> = {
  sim: simBackend,
  double: doubleBackend,
  ros: rosBackend,
};

/** The world a scene file describes: its objects and places, as the robot would believe them at the start. */
async function loadSceneWorld(scenePath: string, allowPaths: readonly string[] = []): Promise<WorldModel> {
  const { loadScene } = await import('../../scenes/load-scene.ts');
  const scene = await loadScene(scenePath, { allowPaths });
  return new InMemoryWorldModel(scene.objects, scene.places);
}
