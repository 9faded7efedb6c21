import { fixtureBoxes, type FixtureBox } from '../scenes/fixture-geometry.ts';
import type { ResolvedObject, ResolvedScene } from '../scenes/schema.ts';
import type { FileSource } from '../scenes/file-source.ts';
import { resolveRelativePath } from '../scenes/paths.ts';
import { loadUrdf, parseUrdf } from '../src/kinematics/urdf-parser.ts';
import { seededRandom, type RandomSource } from '../src/math/random.ts';
import { InMemoryWorldModel } from '../src/world/in-memory-world-model.ts';
import type { WorldServices } from '../src/world/services.ts';
import { addDynamicObject, addStaticBox, bodyPose, type SimObject } from './bodies.ts';
import { shapeHalfExtents, type SimShape } from './shapes.ts';
import { rapierSceneQuery } from './scene-query.ts';
import { SimRobot } from './sim-robot.ts';
import { SimWorld, type SimWorldOptions } from './sim-world.ts';

export interface CreateSimulationOptions extends SimWorldOptions {
  /** Seeds every random draw of the run (camera noise, data generators). */
  readonly seed: number;
  /** Depth noise σ at 1 m for robot cameras; 0 (noise-free) by default. */
  readonly cameraNoiseAtOneMeterM?: number;
  /** Penetration an object may start with before it counts as intersecting a fixture, m. */
  readonly intersectionToleranceM?: number;
  /** Stop an arm whose hand presses a fixture harder than `HAND_PRESS_LIMIT_N` (default true). */
  readonly handPressStop?: boolean;
  /** Where robot URDFs are read from; the file system when left out (a browser page passes `fetchFileSource`). */
  readonly fileSource?: FileSource;
}

/**
 * A running simulation: the world, its robots and objects, a world model kept in sync with physics, and the
 * services it provides to skills (a Rapier scene query, the robots' mounts): pass `services` in the context.
 */
export interface Simulation {
  readonly scene: ResolvedScene;
  readonly sim: SimWorld;
  readonly robots: ReadonlyMap<string, SimRobot>;
  readonly objects: ReadonlyMap<string, SimObject>;
  readonly fixtures: readonly FixtureBox[];
  readonly worldModel: InMemoryWorldModel;
  /** What skills get in `ctx.services` from the sim: exact Rapier casts, and where each robot is bolted down. */
  readonly services: WorldServices;
  readonly random: RandomSource;
  /** Adds a dynamic object at run time (stock put into a tote) to physics and the world model. */
  addObject(object: ResolvedObject): SimObject;
  /** Takes an object out of physics and the world model (a shopper took it); false when there is none. */
  removeObject(id: string): boolean;
  free(): void;
}

/** An object that starts inside a fixture: a scene error, found before the first step. */
export class SceneIntersectionError extends Error {
  override readonly name = 'SceneIntersectionError';
  constructor(
    readonly scene: string,
    readonly objectId: string,
    readonly fixtureId: string,
    readonly penetrationM: number,
  ) {
    super(
      Number.isFinite(penetrationM)
        ? `${scene}: object '${objectId}' intersects fixture '${fixtureId}' by ${(penetrationM * 1000).toFixed(1)} mm at start`
        : `${scene}: object '${objectId}' has no finite extent (a non-finite vertex, size or pose), so its overlap with fixture '${fixtureId}' cannot be measured`,
    );
  }
}

/** The world model is refreshed from physics every this many steps (48 Hz at 240 Hz). */
const WORLD_SYNC_EVERY_STEPS = 5;

/**
 * Builds a simulation from a resolved scene (what `loadScene` returns): fixtures as static boxes, objects as
 * dynamic bodies, robots from their URDFs. Throws `SceneIntersectionError` when an object starts inside a fixture.
 *
 * @example
 * const simulation = await createSimulation(await loadScene('scenes/tabletop.yaml'), { seed: 1 });
 * simulation.sim.runFor(1000);
 */
export async function createSimulation(scene: ResolvedScene, options: CreateSimulationOptions): Promise<Simulation> {
  const sim = await SimWorld.create(options);
  try {
    return await populate(sim, scene, options);
  } catch (error) {
    sim.free();
    throw error;
  }
}

async function populate(sim: SimWorld, scene: ResolvedScene, options: CreateSimulationOptions): Promise<Simulation> {
  const random = seededRandom(options.seed);
  const fixtures = scene.fixtures.flatMap((f) => fixtureBoxes(f));
  const fixtureColliders = fixtures.map((box) => {
    const material = scene.materials[box.material] ?? { friction: 0.6, restitution: 0 };
    return addStaticBox(sim, {
      id: box.id,
      poseInWorld: box.poseInWorld,
      halfExtentsM: box.halfExtentsM,
      friction: material.friction,
      restitution: material.restitution,
    });
  });
  const objects = new Map<string, SimObject>();
  const radii = new Map<string, number>();
  const spawn = (object: ResolvedObject): SimObject => {
    const shape = simShape(object);
    radii.set(object.id, shapeHalfExtents(shape).length());
    const added = addDynamicObject(sim, {
      id: object.id,
      shape,
      poseInWorld: object.poseInWorld,
      material: { friction: object.friction, restitution: object.restitution, massKg: object.massKg },
    });
    objects.set(object.id, added);
    return added;
  };
  for (const object of scene.objects) spawn(object);
  checkIntersections(
    sim,
    scene.name,
    [...objects.values()],
    radii,
    fixtureColliders,
    fixtures,
    options.intersectionToleranceM ?? 0.001,
  );

  const robots = new Map<string, SimRobot>();
  for (const [i, r] of scene.robots.entries()) {
    const source = options.fileSource;
    const model =
      source === undefined
        ? await loadUrdf(r.urdfPath)
        : parseUrdf(await source.readText(r.urdfPath), r.urdfPath, {
            resolveMeshPath: (file) => resolveRelativePath(r.urdfPath, file),
          });
    const noise = options.cameraNoiseAtOneMeterM;
    robots.set(
      r.id,
      new SimRobot(sim, {
        id: r.id,
        model,
        rootInWorld: r.basePoseInWorld,
        initialJointPositions: r.initialJointPositions,
        handPressStop: options.handPressStop ?? true,
        ...(noise === undefined || noise <= 0
          ? {}
          : { cameraNoise: { random: random.fork(1000 + i), stdAtOneMeterM: noise } }),
      }),
    );
  }

  const worldModel = new InMemoryWorldModel(scene.objects, scene.places);
  const sync = (all: boolean): void => {
    for (const [id, o] of objects) {
      const body = sim.body(o.bodyHandle);
      if (all || !body.isSleeping()) worldModel.updateObjectPose(id, bodyPose(sim, o.bodyHandle));
    }
  };
  sim.addPostStep(() => {
    if (sim.stepCount % WORLD_SYNC_EVERY_STEPS === 0) sync(false);
  });
  // After a snapshot restore every pose may have jumped, so refresh them all.
  sim.addStateful({ stateKey: 'world-model', saveState: () => null, loadState: () => sync(true) });
  // Skills get these in their context (servicesForScene keeps them): exact Rapier casts instead of the box
  // approximation, and where each robot is bolted down.
  const services: WorldServices = {
    sceneQuery: rapierSceneQuery(sim),
    robotMounts: new Map(scene.robots.map((r) => [r.id, r.basePoseInWorld])),
    // Read from the bodies, not the world model (synced every few steps): a check right after a motion sees it.
    objectTracking: { poses: () => new Map([...objects].map(([id, o]) => [id, bodyPose(sim, o.bodyHandle)])) },
  };

  const addObject = (object: ResolvedObject): SimObject => {
    if (objects.has(object.id)) throw new Error(`${scene.name}: an object '${object.id}' is already in the sim`);
    const added = spawn(object);
    worldModel.addObject(object);
    return added;
  };
  const removeObject = (id: string): boolean => {
    const object = objects.get(id);
    if (object === undefined) return false;
    sim.removeBody(object.bodyHandle);
    objects.delete(id);
    radii.delete(id);
    worldModel.removeObject(id);
    return true;
  };
  return {
    scene,
    sim,
    robots,
    objects,
    fixtures,
    worldModel,
    services,
    random,
    addObject,
    removeObject,
    free: () => sim.free(),
  };
}

/** The physics shape of a resolved object; meshes become the convex hull of their vertices (or their bounds). */
export function simShape(object: ResolvedObject): SimShape {
  const s = object.shape;
  switch (s.kind) {
    case 'box':
      return { kind: 'box', halfExtentsM: [s.sizeM[0] / 2, s.sizeM[1] / 2, s.sizeM[2] / 2] };
    case 'cylinder':
      return { kind: 'cylinder', radiusM: s.radiusM, heightM: s.heightM };
    case 'sphere':
      return { kind: 'sphere', radiusM: s.radiusM };
    case 'capsule':
      return { kind: 'capsule', radiusM: s.radiusM, heightM: s.heightM };
    case 'mesh':
      return object.meshVerticesM !== undefined && object.meshVerticesM.length >= 12
        ? { kind: 'convex', pointsM: object.meshVerticesM }
        : { kind: 'box', halfExtentsM: [s.boundsM[0] / 2, s.boundsM[1] / 2, s.boundsM[2] / 2] };
  }
}

/** Exact shape-vs-shape contact queries between every object and the fixtures near it, before any step. */
function checkIntersections(
  sim: SimWorld,
  sceneName: string,
  objects: readonly SimObject[],
  radii: ReadonlyMap<string, number>,
  fixtureColliders: readonly number[],
  fixtures: readonly FixtureBox[],
  toleranceM: number,
): void {
  // Broad phase by bounding spheres, since Rapier's own is only built by the first step.
  const spheres = fixtures.map((f) => ({ centre: f.poseInWorld.position, radius: Math.hypot(...f.halfExtentsM) }));
  for (const object of objects) {
    const collider = sim.collider(object.colliderHandle);
    const shape = collider.shape;
    const position = collider.translation();
    const rotation = collider.rotation();
    const objectRadius = radii.get(object.id) ?? 1;
    for (let i = 0; i < fixtureColliders.length; i++) {
      const s = spheres[i]!;
      const d = Math.hypot(position.x - s.centre.x, position.y - s.centre.y, position.z - s.centre.z);
      if (d > s.radius + objectRadius) continue;
      const contact = sim.collider(fixtureColliders[i]!).contactShape(shape, position, rotation, 0);
      if (contact !== null && contact.distance < -toleranceM) {
        throw new SceneIntersectionError(sceneName, object.id, fixtures[i]!.id, -contact.distance);
      }
    }
  }
}
