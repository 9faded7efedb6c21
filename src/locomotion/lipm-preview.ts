/**
 * ZMP preview control of the linear inverted pendulum (Kajita et al., "Biped walking pattern generation by using
 * preview control of zero-moment point", ICRA 2003): the centre of mass at constant height z_c moves like a cart on
 * a table, whose ZMP is p = c − (z_c / g)·c̈. With the CoM jerk as input and an integral of the ZMP error in the
 * state, an LQR plus a feed-forward over the next N ZMP reference samples makes p follow the reference while c
 * stays smooth. The gains depend only on the sample time, z_c and the preview length, so they are computed once.
 */
export interface PreviewSettings {
  /** Sample time, s (the control tick). */
  readonly dtS: number;
  /** Height of the centre of mass above the sole, m. */
  readonly comHeightM: number;
  /** How far ahead the controller reads the ZMP reference, s (Kajita uses about 1.6 s). */
  readonly previewS: number;
  readonly gravityMps2?: number;
  /** Weight of the ZMP tracking error and of the jerk in the cost. */
  readonly errorWeight?: number;
  readonly jerkWeight?: number;
}

/** Position, velocity and acceleration of the CoM along one axis, per sample. */
export interface AxisTrajectory {
  readonly position: Float64Array;
  readonly velocity: Float64Array;
  readonly acceleration: Float64Array;
  /** The cart-table ZMP of that motion, p = c − (z_c / g)·c̈. */
  readonly zmp: Float64Array;
}

type Mat = number[][];

/** The preview controller's gains for one sample time, CoM height and preview length. */
export class PreviewController {
  readonly previewSamples: number;
  /** Integral gain, state gains (c, ċ, c̈), preview gains for the next `previewSamples` references. */
  readonly integralGain: number;
  readonly stateGain: readonly [number, number, number];
  readonly previewGains: Float64Array;
  private readonly a: Mat;
  private readonly b: number[];
  private readonly c: number[];

  constructor(readonly settings: PreviewSettings) {
    const { dtS: t, comHeightM } = settings;
    const g = settings.gravityMps2 ?? 9.81;
    this.previewSamples = Math.max(1, Math.round(settings.previewS / t));
    this.a = [
      [1, t, (t * t) / 2],
      [0, 1, t],
      [0, 0, 1],
    ];
    this.b = [(t * t * t) / 6, (t * t) / 2, t];
    this.c = [1, 0, -comHeightM / g];
    // Augmented system: x̃ = [Σe; Δx] with e the ZMP error (Katayama's incremental form, as in Kajita 2003).
    const ca = [0, 1, 2].map(
      (j) => this.c[0]! * this.a[0]![j]! + this.c[1]! * this.a[1]![j]! + this.c[2]! * this.a[2]![j]!,
    );
    const cb = dot(this.c, this.b);
    const aa: Mat = [
      [1, ca[0]!, ca[1]!, ca[2]!],
      [0, ...this.a[0]!],
      [0, ...this.a[1]!],
      [0, ...this.a[2]!],
    ];
    const bb = [cb, ...this.b];
    const q = settings.errorWeight ?? 1;
    const r = settings.jerkWeight ?? 1e-6;
    const p = solveRiccati(aa, bb, q, r);
    const pb = mulVec(p, bb);
    const denominator = r + dot(bb, pb);
    // K = (R + B̃ᵀPB̃)⁻¹ B̃ᵀ P Ã
    const bp = mulVecLeft(bb, p);
    const k = [0, 1, 2, 3].map((j) => dot(bp, column(aa, j)) / denominator);
    this.integralGain = k[0]!;
    this.stateGain = [k[1]!, k[2]!, k[3]!];
    // Closed loop Ãc = Ã − B̃K; X₁ = −Ãcᵀ P I₁; Gp(1) = −Gi; Gp(j) = (R + B̃ᵀPB̃)⁻¹ B̃ᵀ X_{j−1}; X_j = Ãcᵀ X_{j−1}.
    const ac: Mat = aa.map((row, i) => row.map((v, j) => v - bb[i]! * k[j]!));
    const acT = transpose(ac);
    const pI = column(p, 0);
    let x = mulVec(acT, pI).map((v) => -v);
    this.previewGains = new Float64Array(this.previewSamples);
    this.previewGains[0] = -this.integralGain;
    for (let j = 1; j < this.previewSamples; j++) {
      this.previewGains[j] = dot(bb, x) / denominator;
      x = mulVec(acT, x);
    }
  }

  /**
   * The CoM motion along one axis whose ZMP follows `reference` (one sample per tick), starting at `startM` with
   * the given velocity and acceleration (at rest by default). The reference is held at its last value beyond its
   * end for the preview.
   */
  track(reference: ArrayLike<number>, startM: number, startVelocity = 0, startAcceleration = 0): AxisTrajectory {
    const n = reference.length;
    const position = new Float64Array(n);
    const velocity = new Float64Array(n);
    const acceleration = new Float64Array(n);
    const zmp = new Float64Array(n);
    const { a, b, c } = this;
    // Work relative to the start: the truncated preview's gains do not sum exactly to the state gain, and that
    // residual times an absolute position of metres would jerk the CoM at once.
    const origin = startM;
    let s0 = 0;
    let s1 = startVelocity;
    let s2 = startAcceleration;
    let errorSum = 0;
    const last = (n > 0 ? reference[n - 1]! : startM) - origin;
    const [gx0, gx1, gx2] = this.stateGain;
    for (let k = 0; k < n; k++) {
      position[k] = s0 + origin;
      velocity[k] = s1;
      acceleration[k] = s2;
      const p = c[0]! * s0 + c[2]! * s2;
      zmp[k] = p + origin;
      errorSum += p - (reference[k]! - origin);
      let feedForward = 0;
      for (let j = 0; j < this.previewSamples; j++) {
        const index = k + 1 + j;
        feedForward += this.previewGains[j]! * (index < n ? reference[index]! - origin : last);
      }
      const u = -this.integralGain * errorSum - (gx0 * s0 + gx1 * s1 + gx2 * s2) - feedForward;
      const n0 = a[0]![0]! * s0 + a[0]![1]! * s1 + a[0]![2]! * s2 + b[0]! * u;
      const n1 = a[1]![1]! * s1 + a[1]![2]! * s2 + b[1]! * u;
      const n2 = s2 + b[2]! * u;
      s0 = n0;
      s1 = n1;
      s2 = n2;
    }
    return { position, velocity, acceleration, zmp };
  }
}

/** The discrete algebraic Riccati equation for a single input, by fixed-point iteration (4×4, converges fast). */
function solveRiccati(a: Mat, b: number[], q: number, r: number): Mat {
  const n = a.length;
  let p: Mat = identity(n).map((row, i) => row.map((v) => (i === 0 ? v * q : 0)));
  const aT = transpose(a);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    const pa = mul(p, a);
    const atpa = mul(aT, pa);
    const bp = mulVecLeft(b, p);
    const bpa = mulVecLeft(bp, a);
    const denominator = r + dot(bp, b);
    const next = atpa.map((row, i) =>
      row.map((v, j) => v - (bpa[i]! * bpa[j]!) / denominator + (i === 0 && j === 0 ? q : 0)),
    );
    let change = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) change = Math.max(change, Math.abs(next[i]![j]! - p[i]![j]!));
    p = next;
    if (change < 1e-12 * Math.max(1, Math.abs(p[0]![0]!))) break;
  }
  return p;
}

function identity(n: number): Mat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function transpose(m: Mat): Mat {
  return m[0]!.map((_, j) => m.map((row) => row[j]!));
}

function mul(x: Mat, y: Mat): Mat {
  return x.map((row) => y[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * y[k]![j]!, 0)));
}

function mulVec(m: Mat, v: readonly number[]): number[] {
  return m.map((row) => dot(row, v));
}

/** vᵀ M as a row. */
function mulVecLeft(v: readonly number[], m: Mat): number[] {
  return m[0]!.map((_, j) => v.reduce((sum, vi, i) => sum + vi * m[i]![j]!, 0));
}

function column(m: Mat, j: number): number[] {
  return m.map((row) => row[j]!);
}

function dot(x: readonly number[], y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * y[i]!;
  return sum;
}
