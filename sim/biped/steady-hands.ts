import type { SimWorld } from '../sim-world.ts';

// A held load hangs on a chain the solver settles together each step: the load on two pads by friction, each finger
// on its joint to the hand, the hand on the compliant wrist's joint to the arm's flange. With the world's 8
// iterations (solver-config.ts) that chain is left short of converged by a little every step, and the residue
// integrates: a 1.05 kg juice carton squeezed with 45 N (μ 0.5, a grip that holds 4× its weight) rolled 3–4° about
// the approach axis in the first two seconds and then crept 0.4–0.5 mm/s along the pads, held still or walked
// (store seed 1: 12 mm by the end of the walk, 20–30 mm after the squat), and with heavier fingers it slid down at
// 0.8 mm/s instead. More squeeze or friction made it creep faster, not slower: the friction budget was never
// spent. A wheeled robot's carry lasts seconds; the biped's walk with a load lasts 20–50 s, long enough for the
// creep to move the load off its planned hold.

/**
 * Solver iterations added for each hand's island (the hand, its fingers and whatever they hold or touch, not the
 * kinematic robot nor the static world). On the carton above, replayed along store seed 1's stow, walk and squat:
 * +8 left 8 mm of creep, +16 about 1 mm, +24 under 1 mm and no roll, at every squeeze from 20 to 60 N, μ 0.5–1 and
 * 0.35–1.05 kg.
 */
export const HAND_EXTRA_SOLVER_ITERATIONS = 24;

/**
 * Gives the islands of the biped's hands (`handles`: the hand bodies; their fingers and loads share the island)
 * `HAND_EXTRA_SOLVER_ITERATIONS` more solver iterations, so a load held through a walk stays where it was gripped.
 */
export function steadyHands(sim: SimWorld, handles: readonly number[]): void {
  for (const handle of handles) sim.body(handle).setAdditionalSolverIterations(HAND_EXTRA_SOLVER_ITERATIONS);
}
