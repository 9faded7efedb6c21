import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import type { RosDialect } from '../../hardware/ros/dialect.ts';
import { exposeRobot } from './expose-robot.ts';
import { RosbridgeServer } from './rosbridge-server.ts';
import { RosGraph } from './ros-graph.ts';

export interface ServeOptions {
  readonly scenePath: string;
  readonly port: number;
  readonly dialect: RosDialect;
  /** Sim seconds per wall second (1: real time). */
  readonly timeScale: number;
  /** `/joint_states` rate, wall-clock Hz. */
  readonly stateHz: number;
  readonly seed: number;
}

/** A running `embody serve`: the sim, paced by the wall clock, and the rosbridge server exposing its robot. */
export interface ServeSession {
  readonly port: number;
  readonly simulation: Simulation;
  readonly robotId: string;
  readonly graph: RosGraph;
  /** Set when the sim could not keep pace with the wall clock (it then runs as fast as it can). */
  readonly behind: boolean;
  close(): Promise<void>;
}

/**
 * A loop turn steps for at most this long (wall time) before it publishes and lets the server read its sockets, so
 * state keeps flowing (and the clients' watchdogs stay quiet) even when a busy CPU makes the sim lag.
 */
const MAX_TURN_MS = 8;

/** Wall-clock epoch time in ms with sub-millisecond resolution (header stamps, like ROS time on the robot). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Loads a scene into the sim and serves its first robot over rosbridge on 127.0.0.1. The physics steps in real
 * time (times `timeScale`): each turn of the loop steps up to the wall-clock target, then publishes state.
 */
export async function startServe(options: ServeOptions): Promise<ServeSession> {
  const scene = await loadScene(options.scenePath);
  const simulation = await createSimulation(scene, { seed: options.seed });
  const robot = [...simulation.robots.values()][0];
  if (robot === undefined) {
    simulation.free();
    throw new Error(`${options.scenePath}: the scene has no robot to serve`);
  }
  await robot.connect();
  const graph = new RosGraph();
  const exposed = exposeRobot(graph, simulation, robot, {
    dialect: options.dialect,
    stateHz: options.stateHz,
    clockMs: wallClockMs,
    simTimeMs: () => simulation.sim.timeMs,
  });
  let server: RosbridgeServer;
  try {
    server = await RosbridgeServer.start({ graph, dialect: options.dialect, port: options.port });
  } catch (error) {
    exposed.dispose();
    simulation.free();
    throw error;
  }
  const { sim } = simulation;
  const stepMs = sim.dtS * 1000;
  const wallStart = performance.now();
  const simStart = sim.timeMs;
  let behind = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const turn = (): void => {
    const turnStart = performance.now();
    const targetMs = simStart + (turnStart - wallStart) * options.timeScale;
    while (sim.timeMs + stepMs <= targetMs) {
      if (performance.now() - turnStart > MAX_TURN_MS) {
        behind = true;
        break;
      }
      sim.step();
    }
    exposed.afterSteps();
    timer = setTimeout(turn, 1);
  };
  turn();
  return {
    port: server.port,
    simulation,
    robotId: robot.id,
    graph,
    get behind() {
      return behind;
    },
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      robot.stop();
      await server.close();
      exposed.dispose();
      simulation.free();
    },
  };
}
