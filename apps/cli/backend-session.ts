import type { SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { WorldStepper } from '../../src/task/run-task.ts';
import type { WorldServices } from '../../src/world/services.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

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
