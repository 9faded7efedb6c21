import type { SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { WorldStepper } from '../../src/task/run-task.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import type { WorldServices } from '../../src/world/services.ts';

/** What a backend gives a run: a robot, the world model it acts in, and the clock the run's skills use. */
export interface BackendSession {
  readonly robot: Robot;
  readonly world: WorldModel;
  /**
   * The run's clock. A `SimScheduler` (or any clock with `advanceTo`/`nextDueMs`) is driven by the run, so a sim
   * run goes as fast as it computes; a wall-clock scheduler (hardware) moves by itself.
   */
  readonly scheduler: SchedulerLike;
  /** What the backend provides to skills (scene query, mounts, navigation map): the context's `services`. */
  readonly services?: WorldServices;
  /** Physics backends step their world to move time (see `runTask`). */
  readonly worldStep?: WorldStepper;
  /** Frees what the backend holds (a Rapier world, a connection) once the run is over. */
  close?(): void | Promise<void>;
}

/** What `embody run` asks of a backend: its session for a scene and a seed. */
export interface BackendOptions {
  /** Absolute path of `--scene`, when given. */
  readonly scenePath?: string;
  readonly seed: number;
  /** Folders besides the scene's own that its paths may point into (`--allow-path`), absolute. */
  readonly allowPaths?: readonly string[];
  /** Absolute path of `--robot`: the robot config of a backend that drives a real robot (ros). */
  readonly robotConfigPath?: string;
}

/** A robot `embody run --backend <name>` can drive. One entry of `BACKENDS` per backend. */
export interface RunBackend {
  /** One line for `embody run -h`. */
  readonly description: string;
  create(options: BackendOptions): Promise<BackendSession>;
}

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
