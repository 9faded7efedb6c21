import { Matrix4, Quaternion, Vector3 } from 'three';
import type { KinematicChain } from './chain.ts';
import { dampedLeastSquaresStep } from './linear-algebra.ts';

/** How an IK solve ended. */
export type IkStatus = 'converged' | 'stalled' | 'diverged' | 'timeout';

/** The outcome of an IK solve: joint positions (ordered as the chain's `jointNames`) and the remaining error. */
export interface IkResult {
  readonly status: IkStatus;
  readonly q: number[];
  readonly positionErrorM: number;
  readonly rotationErrorRad: number;
  readonly iterations: number;
}

/** Settings for one damped-least-squares run (defaults already applied). */
export interface IkSettings {
  readonly maxIterations: number;
  readonly positionToleranceM: number;
  readonly rotationToleranceRad: number;
  readonly damping: number;
  readonly positionOnly: boolean;
}

// Levenberg–Marquardt style adaptation: shrink damping after a good step, grow it after a rejected one.
const DAMPING_SHRINK = 0.5;
const DAMPING_GROW = 4;
const MIN_DAMPING = 1e-6;
/** Damping this large means even tiny steps fail to reduce the error: a local minimum or a limit wall. */
const MAX_DAMPING = 1e3;
/** Stalled when the best cost improved by less than this fraction over `STALL_WINDOW` iterations. */
const STALL_IMPROVEMENT = 1e-3;
const STALL_WINDOW = 20;

/** Buffers and three objects reused across iterations and restarts, so a solve allocates little. */
export class IkWorkspace {
  readonly jacobian: Float64Array;
  readonly trialJacobian: Float64Array;
  readonly error = new Float64Array(6);
  readonly trialError = new Float64Array(6);
  readonly scratch = new Float64Array(6 * 6 + 6);
  readonly dq: Float64Array;
  readonly frozen: boolean[];
  readonly tip = new Matrix4();
  readonly targetPosition = new Vector3();
  readonly targetRotation = new Quaternion();
  private readonly tipPosition = new Vector3();
  private readonly tipRotation = new Quaternion();
  private readonly rotationError = new Quaternion();

  constructor(
    readonly chain: KinematicChain,
    target: Matrix4,
  ) {
    this.jacobian = new Float64Array(6 * chain.dof);
    this.trialJacobian = new Float64Array(6 * chain.dof);
    this.dq = new Float64Array(chain.dof);
    this.frozen = new Array<boolean>(chain.dof).fill(false);
    this.targetPosition.setFromMatrixPosition(target);
    // The rotation part alone, robust to a target that carries a (unit) scale.
    this.targetRotation.setFromRotationMatrix(new Matrix4().extractRotation(target));
  }

  /**
   * FK + Jacobian at `q` into the given buffers; writes the 6-vector error (target − tip: position, then
   * rotation as an axis·angle in the base frame) and returns position and rotation error magnitudes.
   */
  evaluate(
    q: readonly number[],
    jacobian: Float64Array,
    error: Float64Array,
  ): { positionM: number; rotationRad: number } {
    this.chain.fkWithJacobian(q, this.tip, jacobian);
    const p = this.tipPosition.setFromMatrixPosition(this.tip);
    error[0] = this.targetPosition.x - p.x;
    error[1] = this.targetPosition.y - p.y;
    error[2] = this.targetPosition.z - p.z;
    // R_err = R_target · R_tipᵀ, taken on the short way round.
    this.tipRotation.setFromRotationMatrix(this.tip);
    const e = this.rotationError.copy(this.targetRotation).multiply(this.tipRotation.invert());
    if (e.w < 0) e.set(-e.x, -e.y, -e.z, -e.w);
    const sinHalf = Math.hypot(e.x, e.y, e.z);
    const angle = 2 * Math.atan2(sinHalf, e.w);
    const scale = sinHalf > 1e-12 ? angle / sinHalf : 2;
    error[3] = e.x * scale;
    error[4] = e.y * scale;
    error[5] = e.z * scale;
    return { positionM: Math.hypot(error[0], error[1], error[2]), rotationRad: angle };
  }
}

/** One damped-least-squares run from `seed` (clamped into limits). */
export function runIkAttempt(workspace: IkWorkspace, seed: readonly number[], settings: IkSettings): IkResult {
  const { chain } = workspace;
  const rows = settings.positionOnly ? 3 : 6;
  const cost = (error: Float64Array): number => {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += (error[r] as number) ** 2;
    return sum;
  };
  let q = chain.clampToLimits(seed);
  let jacobian = workspace.jacobian;
  let error = workspace.error;
  let trialJacobian = workspace.trialJacobian;
  let trialError = workspace.trialError;
  let current = workspace.evaluate(q, jacobian, error);
  let currentCost = cost(error);
  let damping = settings.damping;
  let costAtWindowStart = currentCost;
  const result = (status: IkStatus, iterations: number): IkResult => ({
    status,
    q,
    positionErrorM: current.positionM,
    rotationErrorRad: current.rotationRad,
    iterations,
  });

  for (let iteration = 0; ; iteration++) {
    if (!Number.isFinite(currentCost)) return result('diverged', iteration);
    const converged =
      current.positionM <= settings.positionToleranceM &&
      (settings.positionOnly || current.rotationRad <= settings.rotationToleranceRad);
    if (converged) return result('converged', iteration);
    if (iteration >= settings.maxIterations) return result('timeout', iteration);
    if (damping > MAX_DAMPING) return result('stalled', iteration);
    if (iteration > 0 && iteration % STALL_WINDOW === 0) {
      if (costAtWindowStart - currentCost < STALL_IMPROVEMENT * costAtWindowStart) return result('stalled', iteration);
      costAtWindowStart = currentCost;
    }

    const trialQ = limitedStep(workspace, q, jacobian, rows, error, damping);
    if (trialQ === undefined) {
      damping = Math.max(MIN_DAMPING, damping) * DAMPING_GROW;
      continue;
    }
    const trial = workspace.evaluate(trialQ, trialJacobian, trialError);
    const trialCost = cost(trialError);
    if (!Number.isFinite(trialCost)) {
      q = trialQ;
      current = trial;
      return result('diverged', iteration + 1);
    }
    if (trialCost < currentCost) {
      q = trialQ;
      current = trial;
      currentCost = trialCost;
      [jacobian, trialJacobian] = [trialJacobian, jacobian];
      [error, trialError] = [trialError, error];
      damping = Math.max(MIN_DAMPING, damping * DAMPING_SHRINK);
    } else {
      damping = Math.max(MIN_DAMPING, damping) * DAMPING_GROW;
    }
  }
}

/**
 * A DLS step from `q`, clamped into limits. Joints already at a limit whose step pushes outward are frozen and
 * the step re-solved without them, so the other joints take up the motion instead of it being clipped away.
 */
function limitedStep(
  workspace: IkWorkspace,
  q: readonly number[],
  jacobian: Float64Array,
  rows: number,
  error: Float64Array,
  damping: number,
): number[] | undefined {
  const { chain, dq, frozen, scratch } = workspace;
  frozen.fill(false);
  for (let pass = 0; pass <= chain.dof; pass++) {
    if (!dampedLeastSquaresStep(jacobian, rows, chain.dof, error, damping, frozen, scratch, dq)) return undefined;
    let newlyFrozen = false;
    for (let i = 0; i < chain.dof; i++) {
      const limit = chain.limits[i];
      const qi = q[i] ?? 0;
      const step = dq[i] ?? 0;
      if (limit === undefined || frozen[i]) continue;
      if ((qi <= limit.lower && step < 0) || (qi >= limit.upper && step > 0)) {
        frozen[i] = true;
        newlyFrozen = true;
      }
    }
    if (!newlyFrozen) break;
  }
  return chain.clampToLimits(q.map((qi, i) => qi + (dq[i] ?? 0)));
}
