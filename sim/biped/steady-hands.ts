import { HAND_EXTRA_SOLVER_ITERATIONS } from '../effectors/steady-hold.ts';
import type { SimWorld } from '../sim-world.ts';

// The biped walks its loads for 20–50 s, long enough for the solver's unconverged residue on a held load to move it
// off its planned hold (effectors/steady-hold.ts, which every robot's gripper applies while it holds): its hands
// keep the extra iterations all the time.

/**
 * Gives the islands of the biped's hands (`handles`: the hand bodies; their fingers and loads share the island)
 * `HAND_EXTRA_SOLVER_ITERATIONS` more solver iterations, so a load held through a walk stays where it was gripped.
 */
export function steadyHands(sim: SimWorld, handles: readonly number[]): void {
  for (const handle of handles) sim.body(handle).setAdditionalSolverIterations(HAND_EXTRA_SOLVER_ITERATIONS);
}
