import RAPIER, { type World } from '@dimforge/rapier3d-deterministic-compat';

// The one file that imports Rapier. The deterministic build gives bit-equal results on every machine, so a seed
// names one dataset everywhere; the SIMD build (`engine: 'simd'`, datagen's `--engine simd`) steps grasp trials
// about 1.8× faster but its float rounding depends on the CPU, so its labels are not bit-identical across machines.

/** The Rapier module, once `loadRapier()` has resolved. */
export type Rapier = typeof RAPIER;

/** Which Rapier build steps a world. */
export type RapierEngine = 'deterministic' | 'simd';

export type {
  Collider,
  ColliderDesc,
  EventQueue,
  ImpulseJoint,
  JointAxesMask,
  PrismaticImpulseJoint,
  RigidBody,
  RigidBodyDesc,
  TempContactManifold,
  Vector,
  World,
} from '@dimforge/rapier3d-deterministic-compat';

const loading = new Map<RapierEngine, Promise<Rapier>>();
/** The builds `loadRapier` has initialised. */
const loaded: Rapier[] = [];

/**
 * Loads and initialises a Rapier WASM module once; later calls return the same module. The SIMD build
 * (rapier3d-simd-compat 0.20) has the API the sim uses, so it is typed as the deterministic one.
 */
export function loadRapier(engine: RapierEngine = 'deterministic'): Promise<Rapier> {
  let module = loading.get(engine);
  if (module === undefined) {
    module =
      engine === 'deterministic'
        ? RAPIER.init().then(() => RAPIER)
        : import('@dimforge/rapier3d-simd-compat').then(async (m) => {
            await m.default.init();
            return m.default as unknown as Rapier;
          });
    module = module.then((rapier) => {
      loaded.push(rapier);
      return rapier;
    });
    loading.set(engine, module);
  }
  return module;
}

/** An engine-side vector (Rapier's `RawVector`): setting a component writes it into the engine's memory. */
export interface EngineVector {
  x: number;
  y: number;
  z: number;
}

const keptVectors = new WeakMap<object, EngineVector>();

/**
 * One engine-side vector per Rapier build, for hot loops that hand the engine a vector every step: Rapier's own
 * calls (`applyTorqueImpulse`, `setLinvel`, ...) allocate one per call and register it for finalization. The
 * caller sets its components and passes it on at once; anyone may overwrite it after.
 */
export function keptEngineVector(world: World): EngineVector {
  const build = world.constructor;
  let vector = keptVectors.get(build);
  if (vector === undefined) {
    const rapier = loaded.find((r) => world instanceof r.World);
    if (rapier === undefined)
      throw new Error('sim/rapier.ts: keptEngineVector: the world was made by no loaded Rapier build');
    vector = rapier.VectorOps.intoRaw({ x: 0, y: 0, z: 0 });
    keptVectors.set(build, vector);
  }
  return vector;
}
