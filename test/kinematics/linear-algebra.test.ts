import { describe, expect, it } from 'vitest';
import { choleskySolve, dampedLeastSquaresStep } from '../../src/kinematics/linear-algebra.ts';

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3] → b = A·x = [0, -5, 7].
    const x = new Float64Array(3);
    expect(choleskySolve(Float64Array.of(4, 2, 0, 2, 5, 1, 0, 1, 3), Float64Array.of(0, -5, 7), 3, x)).toBe(true);
    [1, -2, 3].forEach((expected, i) => expect(x[i]).toBeCloseTo(expected, 12));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2, new Float64Array(2))).toBe(false);
  });
});

describe('dampedLeastSquaresStep', () => {
  it('is the pseudo-inverse step when undamped, and ignores frozen columns', () => {
    // J = [[1, 0, 1], [0, 2, 0]] (2×3), e = [2, 4]: minimum-norm dq = [1, 2, 1].
    const j = Float64Array.of(1, 0, 1, 0, 2, 0);
    const dq = new Float64Array(3);
    expect(
      dampedLeastSquaresStep(j, 2, 3, Float64Array.of(2, 4), 0, [false, false, false], new Float64Array(6), dq),
    ).toBe(true);
    [1, 2, 1].forEach((expected, i) => expect(dq[i]).toBeCloseTo(expected, 12));
    dampedLeastSquaresStep(j, 2, 3, Float64Array.of(2, 4), 0, [false, false, true], new Float64Array(6), dq);
    [2, 2, 0].forEach((expected, i) => expect(dq[i]).toBeCloseTo(expected, 12));
  });

  it('shrinks the step as damping grows', () => {
    const j = Float64Array.of(1, 0, 0, 1);
    const dq = new Float64Array(2);
    dampedLeastSquaresStep(j, 2, 2, Float64Array.of(1, 0), 1, [false, false], new Float64Array(6), dq);
    // (1 + λ²)⁻¹ · e with λ = 1.
    expect(dq[0]).toBeCloseTo(0.5, 12);
    expect(dq[1]).toBeCloseTo(0, 12);
  });
});
