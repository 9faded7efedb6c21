import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import type { SimRobot } from '../../sim/sim-robot.ts';
import { servicesForScene } from '../../scenes/skill-services.ts';
import type { WorldServices } from '../../src/world/services.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';
import type { RandomSource } from '../../src/math/random.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { CommandLatch } from './command-latch.ts';
import { RecordOptionError } from './record-args.ts';
import { recordingRobot, type RecordingParts } from './recording-robot.ts';
import { resolveCameras, type RecordedCamera } from './rig-cameras.ts';
import { partFeatures, wrenchNames, wrenchValues, type PartFeature } from './robot-features.ts';

/** Column names of the three vector features, in their order. */
export interface FrameLayout {
  readonly state: readonly string[];
  readonly action: readonly string[];
  readonly wrench: readonly string[];
}

/** A camera's frames: depth in metres, row-major, NaN where nothing was hit. */
export interface CameraTrack {
  readonly key: string;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly framesDepthM: Float32Array[];
}

/** What one run of the task produced, sampled at the frame rate. */
export interface EpisodeRecording {
  readonly layout: FrameLayout;
  readonly length: number;
  /** `length` rows of each vector, row-major. */
  readonly state: Float32Array;
  readonly action: Float32Array;
  readonly wrench: Float32Array;
  readonly cameras: readonly CameraTrack[];
  /** Undefined when the task succeeded. */
  readonly failure: { readonly reason: string; readonly node: string; readonly message: string } | undefined;
  /** Sim time from the first frame (the task's start) to its end. */
  readonly taskDurationS: number;
}

/** An episode's world: the sim built from the episode's scene, and the recording robot in it. */
export interface EpisodeWorld {
  readonly simulation: Simulation;
  readonly robot: SimRobot;
  readonly parts: RecordingParts;
  readonly features: readonly PartFeature[];
  readonly latch: CommandLatch;
  readonly scheduler: SimScheduler;
  /** Physics steps per frame. */
  readonly stride: number;
  /** The robot the task (or a replay) commands. */
  readonly commanded: ReturnType<typeof recordingRobot>['robot'];
  /** What the skills get in their context's `services` (scene query, mounts, navigation map). */
  readonly services: WorldServices;
}

/**
 * Builds the sim for one episode, lets it settle for a frame, and wraps its first robot for recording; throws when
 * `fps` does not fit the sim's step rate.
 */
export async function openEpisodeWorld(scene: ResolvedScene, fps: number, simSeed: number): Promise<EpisodeWorld> {
  const scheduler = new SimScheduler();
  const simulation = await createSimulation(scene, { seed: simSeed, scheduler });
  try {
    const robot = [...simulation.robots.values()][0];
    if (robot === undefined) throw new RecordOptionError(`${scene.fileName}: the scene has no robot to record`);
    const stepsPerFrame = 1 / fps / simulation.sim.dtS;
    const stride = Math.round(stepsPerFrame);
    if (stride < 1 || Math.abs(stepsPerFrame - stride) > 1e-6)
      throw new RecordOptionError(
        `--fps ${fps}: frames must fall on physics steps, and ${fps} does not divide the sim's ${Math.round(1 / simulation.sim.dtS)} Hz`,
      );
    const services = servicesForScene(scene, simulation.worldModel, simulation.services);
    // One frame of physics before the episode: objects settle onto what they stand on, and Rapier builds the
    // query structures the depth cameras cast against (a frame before the first step sees nothing).
    for (let i = 0; i < stride; i++) simulation.sim.step();
    const latch = new CommandLatch();
    const { robot: commanded, parts } = recordingRobot(robot, latch);
    await commanded.connect();
    const features = partFeatures(robot.model, parts);
    return { simulation, robot, parts, features, latch, scheduler, stride, commanded, services };
  } catch (error) {
    simulation.free();
    throw error;
  }
}

/** The vector layout of a world's frames. */
export function frameLayout(world: EpisodeWorld): FrameLayout {
  return {
    state: world.features.flatMap((f) => f.stateNames),
    action: world.features.flatMap((f) => f.actionNames),
    wrench: wrenchNames(world.robot),
  };
}

/** Steps between two looks at the event loop, so Ctrl-C and aborts are seen within a fraction of a second. */
const STEPS_PER_SLICE = 120;

/** Thrown when the run was aborted mid-episode; the episode is discarded. */
export class EpisodeAborted extends Error {
  override readonly name = 'EpisodeAborted';
}

export interface RunEpisodeOptions {
  readonly root: Skill;
  readonly random: RandomSource;
  readonly limitS: number;
  readonly cameraKeys: readonly string[];
  readonly cameraSizePx: readonly [number, number];
  readonly signal?: AbortSignal;
}

/**
 * Runs the task once on the world's recording robot, sampling a frame every `stride` physics steps: the latch is
 * flushed first (commands take effect at the frame), then state, action, wrench and camera depth are read. The
 * episode ends on the first frame after the task ends (success, failure or time limit).
 */
export async function runEpisode(world: EpisodeWorld, options: RunEpisodeOptions): Promise<EpisodeRecording> {
  const { simulation, latch, stride, scheduler } = world;
  const sim = simulation.sim;
  const cameras = resolveCameras(options.cameraKeys, sim, world.robot, options.cameraSizePx);
  const frames = new FrameBuffer(world, cameras);
  frames.sample();
  const removeHook = sim.addPostStep(() => {
    if (sim.stepCount % stride !== 0) return;
    latch.flush();
    frames.sample();
  });
  let ended: { failure: SkillFailure | undefined; atMs: number } | undefined;
  const subscription = runSkill(options.root, {
    robot: world.commanded,
    world: simulation.worldModel,
    scheduler,
    random: options.random,
    telemetry: { emit: () => undefined },
    services: world.services,
  }).subscribe({
    error: (error: unknown) => (ended = { failure: toSkillFailure(error), atMs: scheduler.now() }),
    complete: () => (ended = { failure: undefined, atMs: scheduler.now() }),
  });
  const startMs = sim.timeMs;
  const limitMs = startMs + options.limitS * 1000;
  let timedOut = false;
  try {
    while (ended === undefined) {
      for (let i = 0; i < STEPS_PER_SLICE && ended === undefined && sim.timeMs < limitMs; i++) sim.step();
      if (ended === undefined && sim.timeMs >= limitMs) {
        timedOut = true;
        // Cancelling halts what the task moved (through the latch, at the next frame).
        subscription.unsubscribe();
        ended = { failure: undefined, atMs: sim.timeMs };
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.signal?.aborted === true) throw new EpisodeAborted('recording stopped');
    }
    // The last frame is the first one at or after the end, so it shows the state the task left.
    const framesAtEnd = frames.length;
    while (frames.length === framesAtEnd) sim.step();
  } finally {
    subscription.unsubscribe();
    removeHook();
  }
  const failure = timedOut
    ? { reason: 'time-limit', node: '', message: `no result after ${options.limitS} s of sim time` }
    : ended.failure === undefined
      ? undefined
      : { reason: ended.failure.reason, node: ended.failure.path ?? '', message: ended.failure.message };
  return frames.finish(failure, (ended.atMs - startMs) / 1000);
}

/** Frames as they are sampled, packed into rows at the end. */
class FrameBuffer {
  private readonly rows: { state: number[]; action: number[]; wrench: number[] }[] = [];
  private readonly depth: Float32Array[][];

  constructor(
    private readonly world: EpisodeWorld,
    private readonly cameras: readonly RecordedCamera[],
  ) {
    this.depth = cameras.map(() => []);
  }

  get length(): number {
    return this.rows.length;
  }

  sample(): void {
    const features = this.world.features;
    this.rows.push({
      state: features.flatMap((f) => f.state()),
      action: features.flatMap((f) => f.action()),
      wrench: wrenchValues(this.world.robot),
    });
    this.cameras.forEach((c, i) => {
      c.camera.captureDepth().subscribe((frame) => this.depth[i]!.push(frame.depthM));
    });
  }

  finish(failure: EpisodeRecording['failure'], taskDurationS: number): EpisodeRecording {
    const pack = (pick: (row: (typeof this.rows)[number]) => number[]): Float32Array =>
      Float32Array.from(this.rows.flatMap(pick));
    return {
      layout: frameLayout(this.world),
      length: this.rows.length,
      state: pack((r) => r.state),
      action: pack((r) => r.action),
      wrench: pack((r) => r.wrench),
      cameras: this.cameras.map((c, i) => ({
        key: c.key,
        widthPx: c.camera.intrinsics.widthPx,
        heightPx: c.camera.intrinsics.heightPx,
        framesDepthM: this.depth[i]!,
      })),
      failure,
      taskDurationS,
    };
  }
}
