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
   * Contact softness. Rapier's soft contacts are stiff in proportion to the bodies' mass, so a pad sinks into a
   * light object: at the 30 Hz default a 20 N pad sank ~15 mm into a box; at 120 Hz ~1 mm into a 0.2 kg box but
   * 7–14 mm (both pads) into 5–50 g objects, which then squirted out between pads closing at speed (labelled
   * `no_contact` where MuJoCo holds them). 480 Hz keeps light objects near 1 mm and 0.1 kg ones well under.
   */
  readonly contactNaturalFrequencyHz: number;
  /** Distance within which contacts are made, m (`contact-prediction.ts` says why 2 mm). */
  readonly predictionDistanceM: number;
}

/** The one solver configuration: the robot's world and every grasp trial use it, and datasets record it. */
export const SOLVER: SolverConfig = {
  stepHz: 240,
  solverIterations: 8,
  contactNaturalFrequencyHz: 480,
  predictionDistanceM: PREDICTION_DISTANCE_M,
};

/**
 * Applies a solver configuration to a Rapier world. A snapshot restore does not carry these settings over, so
 * call it again after every restore.
 */
export function configureSolver(world: World, config: SolverConfig = SOLVER): void {
  world.timestep = 1 / config.stepHz;
  world.numSolverIterations = config.solverIterations;
  world.integrationParameters.contact_natural_frequency = config.contactNaturalFrequencyHz;
  world.integrationParameters.normalizedPredictionDistance = config.predictionDistanceM;
}
