import type { RigidBody } from '../rapier.ts';

// A held load hangs on a chain the solver settles together each step: the load on two pads by friction, each finger
// on its joint to the hand, the hand on the compliant wrist's joint to the arm's flange. With the world's 8
// iterations (solver-config.ts) that chain is left short of converged by a little every step, and the residue
// integrates. On the biped a 1.05 kg juice carton squeezed with 45 N (μ 0.5, a grip that holds 4× its weight)
// rolled 3–4° about the approach axis in two seconds, then crept 0.4–0.5 mm/s along the pads, held still or walked;
// more squeeze or friction made it creep faster: the friction budget was never spent. On the wheeled robot the free
// fingers chattered step to step (±2–3 cm/s at the pads, alternating) and ratcheted its loads: over demo seed 4's
// holds the loads moved 10 mm in the hand at the median, a juice carton 37 mm, a glass jar 12 mm.

/**
 * Solver iterations added for a hand's island (the hand, its fingers and whatever they hold or touch, not the
 * kinematic robot nor the static world) while it holds a load. On the biped's carton replayed along store seed 1's
 * stow, walk and squat: +8 left 8 mm of creep, +16 about 1 mm, +24 under 1 mm and no roll, at every squeeze from 20
 * to 60 N, μ 0.5–1 and 0.35–1.05 kg. On the wheeled robot's demo (only while holding; the load's displacement in
 * the hand over each hold, median / largest): seeds 4, 3 (tuned), 8, 10 (held out) 10.0/36.8, 10.1/15.6, 10.1/(not read),
 * 10.7/27.6 mm without; 1.3/3.2, 1.2/2.9, 0.9/2.9, 1.4/2.4 mm with +24; +8 on seed 4 left 3.4/10.7 mm.
 */
export const HAND_EXTRA_SOLVER_ITERATIONS = 24;

/**
 * Gives the island of a hand that has just closed on a load `HAND_EXTRA_SOLVER_ITERATIONS` more solver iterations,
 * unless it has at least as many already (the biped's hands always do); returns what it had, for `endSteadyHold`.
 * Only while holding: given to the wheeled robot's hand for the whole run, they cost 52 % more CPU on demo seed 4,
 * against 7–10 % on seeds 4, 8 and 10 and 19 % on seed 3 only while holding (11 % over the four).
 */
export function steadyHold(hand: RigidBody): number {
  const had = hand.additionalSolverIterations();
  if (had < HAND_EXTRA_SOLVER_ITERATIONS) hand.setAdditionalSolverIterations(HAND_EXTRA_SOLVER_ITERATIONS);
  return had;
}

/** Gives the hand back the iterations it had before `steadyHold` (its load released). */
export function endSteadyHold(hand: RigidBody, had: number): void {
  hand.setAdditionalSolverIterations(had);
}
