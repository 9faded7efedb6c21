import { describe, expect, it } from 'vitest';
import { applySolverVariant, configureTrialWorld } from '../../sim/grasp-trial/trial-world.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { SOLVER } from '../../sim/solver-config.ts';

// Benches may step trial worlds with other solver settings than SOLVER's (bench/datagen-levers.ts), to measure what
// a cheaper solver costs in labels; the variant must reach the engine and a meaningless one must be refused.
describe('trial solver variants', () => {
  it('set the substeps, inner iterations and prediction distance of a trial world, and refuse meaningless ones', async () => {
    const rapier = await loadRapier();
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    try {
      configureTrialWorld(world);
      expect(world.numSolverIterations).toBe(SOLVER.solverIterations);
      expect(world.integrationParameters.numInternalPgsIterations).toBe(1);
      applySolverVariant(world, { solverIterations: 4, internalPgsIterations: 2 });
      expect(world.numSolverIterations).toBe(4);
      expect(world.integrationParameters.numInternalPgsIterations).toBe(2);
      expect(() => applySolverVariant(world, { solverIterations: 0, internalPgsIterations: 1 })).toThrow(
        /solverIterations 0/,
      );
      expect(() => applySolverVariant(world, { solverIterations: 4, internalPgsIterations: 1.5 })).toThrow(
        /internalPgsIterations 1.5/,
      );
      expect(world.integrationParameters.normalizedPredictionDistance).toBeCloseTo(SOLVER.predictionDistanceM, 9);
      applySolverVariant(world, { solverIterations: 8, internalPgsIterations: 1, predictionDistanceM: 0.001 });
      expect(world.integrationParameters.normalizedPredictionDistance).toBeCloseTo(0.001, 9);
      expect(() =>
        applySolverVariant(world, { solverIterations: 8, internalPgsIterations: 1, predictionDistanceM: 0 }),
      ).toThrow(/predictionDistanceM 0 /);
    } finally {
      world.free();
    }
  });
});
