import type { Robot } from '../../hardware/robot.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import { servicesForScene } from '../../scenes/skill-services.ts';
import type { WorldServices } from '../../src/world/services.ts';
import type { SimScheduler } from '../../src/time/sim-scheduler.ts';
import type { WorldStepper } from '../../src/task/run-task.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

/** What a run on the simulator needs: the robot, the world model physics keeps true, and the world's step. */
export interface SimSession {
  readonly simulation: Simulation;
  readonly robot: Robot;
  readonly world: WorldModel;
  /** The sim's services (Rapier scene query, mounts) plus the scene's navigation map, for the context. */
  readonly services: WorldServices;
  readonly worldStep: WorldStepper;
  /** The run's clock, stepped with the physics. */
  readonly scheduler: SimScheduler;
  close(): void;
}

/**
 * Loads a scene into the Rapier sim on the run's clock and registers what skills need beside the world model
 * (navigation map, scene query, robot mounts). The first robot of the scene is the one the task drives.
 */
export async function openSimSession(
  scenePath: string,
  options: { readonly scheduler: SimScheduler; readonly seed: number; readonly allowPaths?: readonly string[] },
): Promise<SimSession> {
  const scene = await loadScene(scenePath, { allowPaths: options.allowPaths ?? [] });
  const simulation = await createSimulation(scene, { seed: options.seed, scheduler: options.scheduler });
  const robot = [...simulation.robots.values()][0];
  if (robot === undefined) {
    simulation.free();
    throw new Error(`${scenePath}: the scene has no robot to run the task on`);
  }
  return {
    simulation,
    robot,
    world: simulation.worldModel,
    services: servicesForScene(scene, simulation.worldModel, simulation.services),
    scheduler: options.scheduler,
    worldStep: { stepMs: simulation.sim.dtS * 1000, step: () => simulation.sim.step() },
    close: () => simulation.free(),
  };
}
