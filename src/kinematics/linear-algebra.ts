/**
 * The few dense linear-algebra helpers IK needs (three has no general matrices). Matrices are row-major
 * `Float64Array`s; callers pass the output buffers so the IK loop does not allocate.
 */

/**
 * Solves `A x = b` for a symmetric positive-definite n×n `A` by Cholesky decomposition. `A` is overwritten with
 * its factor; `x` may alias `b`. Returns false (leaving `x` undefined) when `A` is not positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number, x: Float64Array): boolean {
  // A = L·Lᵀ, L stored in the lower triangle of a.
  for (let j = 0; j < n; j++) {
    let diagonal = at(a, j * n + j);
    for (let k = 0; k < j; k++) diagonal -= at(a, j * n + k) ** 2;
    if (!(diagonal > 0)) return false;
    const ljj = Math.sqrt(diagonal);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = at(a, i * n + j);
      for (let k = 0; k < j; k++) sum -= at(a, i * n + k) * at(a, j * n + k);
      a[i * n + j] = sum / ljj;
    }
  }
  // Forward substitution L·y = b, then back substitution Lᵀ·x = y.
  for (let i = 0; i < n; i++) {
    let sum = at(b, i);
    for (let k = 0; k < i; k++) sum -= at(a, i * n + k) * at(x, k);
    x[i] = sum / at(a, i * n + i);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = at(x, i);
    for (let k = i + 1; k < n; k++) sum -= at(a, k * n + i) * at(x, k);
    x[i] = sum / at(a, i * n + i);
  }
  return true;
}

/**
 * The damped least-squares step `dq = Jᵀ (J·Jᵀ + λ²·I)⁻¹ e` for the first `rows` rows of the rows×cols
 * Jacobian `j` (row stride `cols`). Columns with `frozen[c]` set are treated as zero (joints held at a limit).
 * `scratch` needs rows² + rows entries. Returns false if the damped system could not be solved.
 */
export function dampedLeastSquaresStep(
  j: Float64Array,
  rows: number,
  cols: number,
  error: Float64Array,
  damping: number,
  frozen: readonly boolean[],
  scratch: Float64Array,
  dq: Float64Array,
): boolean {
  const a = scratch.subarray(0, rows * rows);
  const y = scratch.subarray(rows * rows, rows * rows + rows);
  for (let r = 0; r < rows; r++) {
    for (let s = r; s < rows; s++) {
      let sum = r === s ? damping * damping : 0;
      for (let c = 0; c < cols; c++) if (!frozen[c]) sum += at(j, r * cols + c) * at(j, s * cols + c);
      a[r * rows + s] = sum;
      a[s * rows + r] = sum;
    }
  }
  if (!choleskySolve(a, error, rows, y)) return false;
  for (let c = 0; c < cols; c++) {
    if (frozen[c]) {
      dq[c] = 0;
      continue;
    }
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += at(j, r * cols + c) * at(y, r);
    dq[c] = sum;
  }
  return true;
}

/** Indexed read that satisfies `noUncheckedIndexedAccess` without a branch per element in hot loops. */
function at(values: Float64Array, index: number): number {
  return values[index] as number;
}
