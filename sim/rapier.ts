import RAPIER from '@dimforge/rapier3d-deterministic-compat';

// The one file that imports Rapier. The deterministic build gives bit-equal results on every machine, at the
// speed of the plain -compat build, so a seed fixes a run everywhere (see sim/README.md).

/** The Rapier module, once `loadRapier()` has resolved. */
export type Rapier = typeof RAPIER;

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

let loading: Promise<Rapier> | undefined;

/** Loads and initialises the Rapier WASM module once; later calls return the same module. */
export function loadRapier(): Promise<Rapier> {
  loading ??= RAPIER.init().then(() => RAPIER);
  return loading;
}
