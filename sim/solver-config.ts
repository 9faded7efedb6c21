import { PREDICTION_DISTANCE_M } from './contact-prediction.ts';
import type { World } from './rapier.ts';

/** How every world we build is solved: the robot's world (`SimWorld`) and datagen's trial worlds alike. */
export interface SolverConfig {
  /** Physics steps per second. */
  readonly stepHz: number;
  /**
   * Rapier solver iterations. 8: at 4 a box held through the compliant wrist creeps in the grip, and a trial at
   * μ 0.15 flipped 13 % of its labels against the 8-iteration answer (and against MuJoCo).
   */
  readonly solverIterations: number;
  /**
   * Rapier's inner PGS iterations per substep (`numInternalPgsIterations`), Rapier's own 1: the substeps carry the
   * work. `bench/solver-variants.ts` weighs other splits against the MuJoCo referee (4×2 agrees about as well at
   * 0.75× the step time; 1×8 agrees far less).
   */
  readonly internalPgsIterations: number;
  /**
   * Contact softness: Rapier's 30 Hz default lets a 20 N pad sink ~15 mm into a box; 120 Hz keeps it near 1 mm
   * for a 0.2 kg box. Rapier's soft contacts are stiff in proportion to the bodies' mass, so pads still sink 3–7 mm
   * into 5–50 g objects (480 Hz keeps those near 1 mm, but it changed the robot's tuned tabletop and aisle runs:
   * a sized grasp on the bottle slipped in a fast swing, two suction carries failed), so the shared value stays.
   * Stiffness here means effective mass at the contact times (2π·f)²: at a pad's corner that is the finger's turning
   * inertia, and solver iterations do not change it (sim/README.md, `effectors/pad-sink.ts`).
   */
  readonly contactNaturalFrequencyHz: number;
  /** Distance within which contacts are made, m (`contact-prediction.ts` says why 2 mm). */
  readonly predictionDistanceM: number;
}

/** The one solver configuration: the robot's world and every grasp trial use it, and datasets record it. */
export const SOLVER: SolverConfig = {
  stepHz: 240,
  solverIterations: 8,
  internalPgsIterations: 1,
  contactNaturalFrequencyHz: 120,
  predictionDistanceM: PREDICTION_DISTANCE_M,
};

/**
 * Applies a solver configuration to a Rapier world. A snapshot restore does not carry these settings over, so
 * call it again after every restore.
 */
export function configureSolver(world: World, config: SolverConfig = SOLVER): void {
  world.timestep = 1 / config.stepHz;
  world.numSolverIterations = config.solverIterations;
  world.integrationParameters.numInternalPgsIterations = config.internalPgsIterations;
  world.integrationParameters.contact_natural_frequency = config.contactNaturalFrequencyHz;
  world.integrationParameters.normalizedPredictionDistance = config.predictionDistanceM;
}
