import type { SimWorld } from './sim-world.ts';

/**
 * Total normal contact force between two sets of bodies over the last step, N: the solver's normal impulses
 * divided by the step. Rapier's JS manifolds report no tangent impulses, so friction is not included.
 */
export function normalContactForceN(sim: SimWorld, bodiesA: readonly number[], bodiesB: readonly number[]): number {
  let impulse = 0;
  for (const a of bodiesA) {
    const bodyA = sim.body(a);
    for (let i = 0; i < bodyA.numColliders(); i++) {
      const ca = bodyA.collider(i);
      for (const b of bodiesB) {
        const bodyB = sim.body(b);
        for (let j = 0; j < bodyB.numColliders(); j++) {
          sim.world.contactPair(ca, bodyB.collider(j), (manifold) => {
            for (let k = 0; k < manifold.numContacts(); k++) impulse += manifold.contactImpulse(k);
          });
        }
      }
    }
  }
  return impulse / sim.dtS;
}

/** The body a collider belongs to, or undefined for a collider on no body. */
export function bodyOfCollider(sim: SimWorld, colliderHandle: number): number | undefined {
  return sim.collider(colliderHandle).parent()?.handle;
}
