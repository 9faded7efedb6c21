import { describe, expect, it } from 'vitest';
import { parseSolverVariants, solverVariantName } from '../../bench/solver-variants.ts';

// The solver variants the label and speed benches take on their command lines (BENCH_VERIFY_SOLVER, …).
describe('bench solver variants', () => {
  it('reads substeps × inner iterations, with an optional prediction distance in mm', () => {
    const variants = parseSolverVariants('8x1, 2x4,4x2@1mm', 'BENCH_X');
    expect(variants).toEqual([
      { solverIterations: 8, internalPgsIterations: 1 },
      { solverIterations: 2, internalPgsIterations: 4 },
      { solverIterations: 4, internalPgsIterations: 2, predictionDistanceM: 0.001 },
    ]);
    expect(variants.map(solverVariantName)).toEqual(['8×1', '2×4', '4×2 @ 1 mm']);
  });

  it('names the setting when a variant is not substeps × iterations', () => {
    expect(() => parseSolverVariants('8x1,fast', 'BENCH_VERIFY_SOLVER')).toThrow(/BENCH_VERIFY_SOLVER: fast/);
  });
});
