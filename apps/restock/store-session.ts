import type { FileSource } from '../../scenes/file-source.ts';
import { heldBy } from '../../skills/arm/held-objects.ts';
import { loadPlanogram } from '../../scenes/load-planogram.ts';
import type { ResolvedObject, ResolvedScene } from '../../scenes/schema.ts';
import { servicesForScene } from '../../scenes/skill-services.ts';
import { createSimulation, type Simulation } from '../../sim/build-scene.ts';
import type { SimRobot } from '../../sim/sim-robot.ts';
import type { Pose } from '../../src/math/pose.ts';
import { seededRandom, type RandomSource, type RandomState, type SeededRandom } from '../../src/math/random.ts';
import { Blackboard } from '../../src/skill/blackboard.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { setPlanogram, type Planogram } from '../../src/world/planogram.ts';
import type { SimScheduler } from '../../src/time/sim-scheduler.ts';
import type { WorldServices } from '../../src/world/services.ts';
import { facingItemPose, facingPlaces, productObject } from './stock-items.ts';

/** How a store session starts. */
export interface StoreOptions {
  /** Planogram file; it names the scene. */
  readonly planogramPath: string;
  /** Where files come from: the file system in Node, `fetchFileSource` in the console page. */
  readonly source?: FileSource;
  readonly seed: number;
  /** Share of facings stocked at the start, 0..1; the rest start empty. */
  readonly initialFill: number;
  /** Facings (place names) that start empty whatever `initialFill` draws. */
  readonly emptyFacings?: readonly string[];
  readonly scheduler?: SimScheduler;
  /** Where a resumed run left the store (a checkpoint): its items instead of the initial fill, and so on. */
  readonly resumeFrom?: StoreResumePoint;
  /** Changes the scene before the sim is built: `withBiped` puts the biped where the scene's robot stands. */
  readonly robotFor?: (scene: ResolvedScene) => ResolvedScene;
}

/** A store as a checkpoint left it: items, robot, clock, item ids given out, the shoppers' random stream. */
export interface StoreResumePoint {
  readonly stepCount: number;
  readonly items: readonly { readonly id: string; readonly sku: string; readonly poseInWorld: Pose }[];
  readonly robot: { readonly rootInWorld: Pose; readonly joints: Readonly<Record<string, number>> };
  readonly itemCounter: number;
  readonly random: RandomState;
}

/**
 * Items a checkpoint saved were resting on boards (contacts are soft: a resting item sinks a little), so they may
 * start this far inside a fixture, m.
 */
const RESUMED_OVERLAP_TOLERANCE_M = 0.005;

/** A store in the sim: the scene stocked from its planogram, the robot, and ids for items added later. */
export interface StoreSession {
  readonly scene: ResolvedScene;
  readonly planogram: Planogram;
  readonly simulation: Simulation;
  readonly robot: SimRobot;
  readonly world: InMemoryWorldModel;
  /** What the robot's skills get in `ctx.services`: the sim's Rapier scene query, mounts, the navigation map. */
  readonly services: WorldServices;
  /**
   * The blackboard every run of this session shares: what a stopped run left in a hand (`held/<object>`) is still
   * known to the next run, which puts it back first.
   */
  readonly blackboard: Blackboard;
  /** The tote stock is picked from (a place of the scene with the tote's inner volume). */
  readonly stockPlace: string;
  readonly random: SeededRandom;
  /** The last number `newItemId` gave out (a checkpoint saves it). */
  itemCounter(): number;
  /** A fresh object id for a product (`stock/can-330ml-17`). */
  newItemId(prefix: string, sku: string): string;
  free(): void;
}

/** What a skill run in this store is given: its robot, world, services, blackboard and sim clock. */
export function storeSkillContext(
  store: StoreSession,
  telemetry: TelemetrySink,
  random: RandomSource = store.random,
): ContextBase {
  const { robot, world, services, blackboard } = store;
  return { robot, world, services, blackboard, scheduler: store.simulation.sim.scheduler, random, telemetry };
}

/** The items the robot's hands hold now, by what the skills left on the blackboard. */
export function heldItemIds(store: Pick<StoreSession, 'robot' | 'blackboard'>): ReadonlySet<string> {
  const ids = store.robot.parts.arms.map((arm) => heldBy(store.blackboard, arm.name)?.objectId);
  return new Set(ids.filter((id) => id !== undefined));
}

/** Name of the tote the demo's stock goes into. */
export const STOCK_TOTE = 'stock-tote';

/**
 * Opens a store: loads the planogram and its scene, stocks `initialFill` of the facings (each where `place` would
 * put it), registers the facings as places and the planogram beside the world model, builds the Rapier sim and the skills'
 * services, and starts the session's blackboard.
 * The tote starts empty; `ToteStocker` fills it.
 */
export async function openStore(options: StoreOptions): Promise<StoreSession> {
  const loaded = await loadPlanogram(options.planogramPath, options.source);
  const { planogram } = loaded;
  const bare = options.robotFor ? options.robotFor(loaded.scene) : loaded.scene;
  const resume = options.resumeFrom;
  const random = seededRandom(options.seed, resume?.random);
  const stocking = random.fork(1);
  const places = [...bare.places, ...facingPlaces(planogram.facings)];
  const layoutWorld = new InMemoryWorldModel([], places);
  let counter = resume?.itemCounter ?? 0;
  const newItemId = (prefix: string, sku: string): string => `${prefix}/${sku}-${++counter}`;
  const shelfItems: ResolvedObject[] = [];
  const empty = new Set(options.emptyFacings ?? []);
  const unknown = [...empty].filter((name) => !planogram.facings.some((f) => f.name === name));
  if (unknown.length > 0) throw new Error(`${planogram.fileName}: no facing ${unknown.join(', ')} in the planogram`);
  for (const facing of planogram.facings) {
    if (resume !== undefined || stocking.next() >= options.initialFill || empty.has(facing.name)) continue;
    const pose = facingItemPose(layoutWorld, facing);
    shelfItems.push(productObject(bare, facing.sku, newItemId('shelf', facing.sku), pose, []));
  }
  for (const item of resume?.items ?? []) shelfItems.push(productObject(bare, item.sku, item.id, item.poseInWorld, []));
  const robots =
    resume === undefined
      ? bare.robots
      : bare.robots.map((r) => ({
          ...r,
          basePoseInWorld: resume.robot.rootInWorld,
          initialJointPositions: resume.robot.joints,
        }));
  // A checkpoint holds every object still in the sim, the scene's own included.
  const objects = resume === undefined ? [...bare.objects, ...shelfItems] : shelfItems;
  const scene: ResolvedScene = { ...bare, places, robots, objects };
  const simulation = await createSimulation(scene, {
    seed: options.seed,
    ...(resume === undefined ? {} : { intersectionToleranceM: RESUMED_OVERLAP_TOLERANCE_M }),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.source ? { fileSource: options.source } : {}),
  });
  const robot = [...simulation.robots.values()][0];
  if (robot === undefined || scene.places.every((p) => p.name !== STOCK_TOTE)) {
    simulation.free();
    throw new Error(`${scene.fileName}: the store scene needs a robot and a tote named ${STOCK_TOTE}`);
  }
  if (resume !== undefined) {
    // One step at rest before anything moves, ending on the saved clock: the contacts the store starts with (a
    // hand resting against the tote's lip, soak seed 1 at 5.6 h) begin in it, as they had begun in the run that was
    // saved, not during the robot's first motion, which would take them for a new touch (a protective stop).
    simulation.sim.startClockAt(Math.max(0, resume.stepCount - 1));
    simulation.sim.step();
  }
  setPlanogram(simulation.worldModel, planogram);
  return {
    scene,
    planogram,
    simulation,
    robot,
    world: simulation.worldModel,
    services: servicesForScene(scene, simulation.worldModel, simulation.services),
    blackboard: new Blackboard(),
    stockPlace: STOCK_TOTE,
    random,
    itemCounter: () => counter,
    newItemId,
    free: () => simulation.free(),
  };
}
