import RAPIER from '@dimforge/rapier3d-deterministic-compat';

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
  World,
} from '@dimforge/rapier3d-deterministic-compat';

const loading = new Map<RapierEngine, Promise<Rapier>>();

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
    loading.set(engine, module);
  }
  return module;
}
