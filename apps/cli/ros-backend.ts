import type { SchedulerLike } from 'rxjs';
import { loadRosRobotConfig } from '../../hardware/ros/load-ros-config.ts';
import { RosRobot } from '../../hardware/ros/ros-robot.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { servicesForScene } from '../../scenes/skill-services.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { elapsedScheduler } from '../../src/time/elapsed-scheduler.ts';
import type { WorldServices } from '../../src/world/services.ts';
import type { BackendOptions, BackendSession } from './backend-session.ts';

/** What a run on a real robot needs: the robot over rosbridge, the world it acts in, and the wall clock. */
export interface RosSession {
  readonly robot: RosRobot;
  readonly world: InMemoryWorldModel;
  /** What skills need of the scene (mounts, a box scene query over its fixtures, a navigation map); none without one. */
  readonly services: WorldServices;
  /** Real time: hardware moves by itself, so the run's clock is the wall clock. */
  readonly scheduler: SchedulerLike;
  /** Stops following the robot's warnings and object poses (the robot itself stays connected). */
  detach(): void;
  /** `detach()`, then halts and disconnects the robot. */
  close(): Promise<void>;
}

export interface RosSessionOptions {
  /** The robot config (YAML): rosbridge URL, dialect, interface names (see hardware/ros/presets.ts). */
  readonly robotConfigPath: string;
  /** The scene whose objects and places the task sees, and whose robot of the same id gives the mount. */
  readonly scenePath?: string;
  readonly scheduler?: SchedulerLike;
  /** Where the robot's warnings go (a CBOR fallback, a watchdog trip); stderr in the CLI. */
  readonly warn?: (message: string) => void;
  /** Folders besides the scene's own that its paths may point into (`--allow-path`). */
  readonly allowPaths?: readonly string[];
}

/**
 * Opens a robot over rosbridge for a run. The world model starts from the scene file (objects, places, the robot's
 * mount, the scene query over its fixtures) and follows the object poses the robot config's tracking topic reports
 * (`objectPoses`, e.g. a motion-capture system on /tf); without one it stays what the scene said.
 */
export async function openRosSession(options: RosSessionOptions): Promise<RosSession> {
  // The run's own time from its start (the tree and summary); ROS headers keep the epoch (`RosRobot`'s `rosTimeMs`).
  const scheduler = options.scheduler ?? elapsedScheduler();
  const { config, model } = await loadRosRobotConfig(options.robotConfigPath);
  const scene =
    options.scenePath === undefined
      ? undefined
      : await loadScene(options.scenePath, { allowPaths: options.allowPaths ?? [] });
  const world = new InMemoryWorldModel(scene?.objects ?? [], scene?.places ?? []);
  const services = scene === undefined ? {} : servicesForScene(scene, world);
  const mount = scene?.robots.find((r) => r.id === config.robot.id)?.basePoseInWorld;
  if (scene !== undefined && mount === undefined && model.extras.base === undefined)
    options.warn?.(
      `${options.scenePath ?? 'scene'}: no robot '${config.robot.id}' in the scene; the robot stands at the world origin`,
    );
  const robot = new RosRobot(model, config, { scheduler, ...(mount === undefined ? {} : { rootInWorld: mount }) });
  const warnings = robot.warnings$.subscribe((message) => options.warn?.(message));
  const tracking = robot.objectPoses$.subscribe(({ id, poseInWorld }) => {
    if (world.object(id) !== undefined) world.updateObjectPose(id, poseInWorld);
  });
  const detach = (): void => {
    tracking.unsubscribe();
    warnings.unsubscribe();
  };
  return {
    robot,
    world,
    services,
    scheduler,
    detach,
    close: async () => {
      detach();
      await robot.disconnect();
    },
  };
}

/**
 * `embody run --backend ros --robot <config>.yaml`: a real robot (or `embody serve`) over rosbridge, on the wall
 * clock. The run command connects and disconnects the robot; `close` only stops following it.
 */
export async function openRosBackend(options: BackendOptions): Promise<BackendSession> {
  const { scenePath, robotConfigPath, allowPaths } = options;
  if (robotConfigPath === undefined) throw new Error('the ros backend needs a robot config: add --robot <config.yaml>');
  const session = await openRosSession({
    robotConfigPath,
    ...(scenePath === undefined ? {} : { scenePath }),
    ...(allowPaths === undefined ? {} : { allowPaths }),
    warn: (message) => process.stderr.write(`embody: ${message}\n`),
  });
  return {
    robot: session.robot,
    world: session.world,
    services: session.services,
    scheduler: session.scheduler,
    close: () => session.detach(),
  };
}
