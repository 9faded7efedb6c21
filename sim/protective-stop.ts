import type { SimWorld } from './sim-world.ts';

/**
 * Normal force above which a hand (palm, finger or cup) pressing on a fixture stops the arm that carries it, N:
 * 150 N, a UR's default tool-force limit. The check is on for every simulated arm (`createSimulation(scene,
 * { handPressStop: false })` turns it off). Guarded moves and placing press with a few newtons, far below it, and
 * hands touch fixtures on purpose, so mere contact is no stop. The planner's reaches no longer press: with the
 * check logging instead of stopping, no hand pressed a fixture above 60 N in the retail restock tests or in a
 * quarter hour of the restocking demo (seed 8).
 */
export const HAND_PRESS_LIMIT_N = 150;

/** A fixture pressed by a hand: which part, which fixture, and how hard over the last step. */
export interface FixturePress {
  readonly part: string;
  readonly fixture: string;
  readonly forceN: number;
}

/**
 * The hardest press of any of `bodies`' colliders on a fixture over the last step (normal contact impulses over the
 * step), or undefined when nothing presses at all.
 */
export function hardestFixturePress(
  sim: SimWorld,
  bodies: readonly number[],
  isFixture: (collider: number) => boolean,
): FixturePress | undefined {
  let hardest: FixturePress | undefined;
  for (const handle of bodies) {
    const body = sim.body(handle);
    for (let i = 0; i < body.numColliders(); i++) {
      const mine = body.collider(i);
      sim.world.contactPairsWith(mine, (other) => {
        if (!isFixture(other.handle)) return;
        let impulse = 0;
        sim.world.contactPair(mine, other, (manifold) => {
          for (let k = 0; k < manifold.numContacts(); k++) impulse += manifold.contactImpulse(k);
        });
        const forceN = impulse / sim.dtS;
        if (forceN > (hardest?.forceN ?? 0)) {
          hardest = {
            part: sim.colliderNames.get(mine.handle) ?? `collider ${mine.handle}`,
            fixture: sim.colliderNames.get(other.handle) ?? `collider ${other.handle}`,
            forceN,
          };
        }
      });
    }
  }
  return hardest;
}
