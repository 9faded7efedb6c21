import { runIkAttempt, type IkResult, type IkSettings, type IkWorkspace } from './ik-attempt.ts';
import { dampedLeastSquaresStep } from './linear-algebra.ts';

/**
 * A secondary objective for a redundant chain (more joints than the task constrains, e.g. a 7-DOF arm reaching a
 * 6-DOF pose): among the joint positions that reach the target, `solveIk` moves toward lower `cost` along the
 * Jacobian's null space, so the tool pose is never traded for it.
 *
 * @example
 * // Keep the elbow (the 4th joint's origin) low: z of that point in the chain's base frame.
 * const points: Vector3[] = [];
 * solveIk(chain, T_base_goal, { seed, nullSpace: { cost: (q) => chain.jointPositionsInBase(q, points)[3]!.z } });
 */
export interface NullSpaceObjective {
  /** The cost to lower, of joint positions in the chain's `jointNames` order. */
  readonly cost: (q: readonly number[]) => number;
  /** Largest joint change of one null-space step, rad (default 0.1); halved after a step that fails, regrown after one that works. */
  readonly stepRad?: number;
  /** Null-space steps tried at most (default 40). */
  readonly maxSteps?: number;
  /**
   * No joint ends farther than this from where the primary solve converged, rad (default unbounded): waypoints
   * solved in sequence then drift toward the preferred posture a bounded amount per sample, so the path stays on
   * one branch with no jump between neighbours.
   */
  readonly maxTravelRad?: number;
}

/** Steps smaller than this end the refinement: the cost is at a minimum along the self-motion, rad. */
const MIN_STEP_RAD = 1e-3;
/** Finite-difference step for the cost's gradient, rad. */
const GRADIENT_STEP_RAD = 1e-5;
/** Damping of the projection onto the null space: small, but keeps it finite next to a singularity. */
const PROJECTION_DAMPING = 1e-3;
/** Primary iterations that pull a null-space step back onto the target (a few from this close). */
const REPROJECT_ITERATIONS = 30;
/** A step must lower the cost by this fraction of its magnitude (plus a tiny absolute amount) to count. */
const MIN_RELATIVE_GAIN = 1e-6;

/**
 * Lowers `objective.cost` from a converged solve by steps along the null space of the Jacobian, each pulled back
 * onto the target by the primary DLS iteration and kept only when it converges again and lowers the cost: the
 * result is converged to the same tolerances as `start`. Unconverged results are returned as they are.
 */
export function refineInNullSpace(
  workspace: IkWorkspace,
  start: IkResult,
  settings: IkSettings,
  objective: NullSpaceObjective,
): IkResult {
  if (start.status !== 'converged') return start;
  const { chain } = workspace;
  const n = chain.dof;
  const rows = settings.positionOnly ? 3 : 6;
  const maxStepRad = objective.stepRad ?? 0.1;
  const maxSteps = objective.maxSteps ?? 40;
  const maxTravelRad = objective.maxTravelRad ?? Infinity;
  const reproject: IkSettings = { ...settings, maxIterations: REPROJECT_ITERATIONS };
  const gradient = new Float64Array(n);
  const direction = new Float64Array(n);
  const taskMotion = new Float64Array(6);
  const rangeMotion = new Float64Array(n);
  const frozen = new Array<boolean>(n).fill(false);
  let best = start;
  let bestCost = objective.cost(best.q);
  let stepRad = maxStepRad;
  let iterations = start.iterations;
  for (let s = 0; s < maxSteps && stepRad >= MIN_STEP_RAD && Number.isFinite(bestCost); s++) {
    const q = best.q;
    costGradient(objective, q, gradient);
    // Joints at a limit (or at the travel bound) that the descent would push outward do not take part.
    for (let i = 0; i < n; i++) {
      const limit = chain.limits[i];
      const qi = q[i] as number;
      const down = -(gradient[i] as number);
      const travelled = qi - (start.q[i] as number);
      const atLower = (limit !== undefined && qi <= limit.lower) || travelled <= -maxTravelRad;
      const atUpper = (limit !== undefined && qi >= limit.upper) || travelled >= maxTravelRad;
      frozen[i] = (atLower && down < 0) || (atUpper && down > 0);
      direction[i] = frozen[i] ? 0 : down;
    }
    // Null-space projection: d = z − J⁺·(J·z), J⁺ the (lightly damped) pseudo-inverse over the free joints.
    workspace.evaluate(q, workspace.jacobian, workspace.error);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < n; c++)
        if (!frozen[c]) sum += (workspace.jacobian[r * n + c] as number) * (direction[c] as number);
      taskMotion[r] = sum;
    }
    if (
      !dampedLeastSquaresStep(
        workspace.jacobian,
        rows,
        n,
        taskMotion,
        PROJECTION_DAMPING,
        frozen,
        workspace.scratch,
        rangeMotion,
      )
    )
      break;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const d = frozen[i] ? 0 : (direction[i] as number) - (rangeMotion[i] as number);
      direction[i] = d;
      largest = Math.max(largest, Math.abs(d));
    }
    if (!(largest > 1e-12)) break;
    const scale = stepRad / largest;
    const seed = q.map((qi, i) => {
      const from = start.q[i] as number;
      return Math.min(from + maxTravelRad, Math.max(from - maxTravelRad, qi + scale * (direction[i] as number)));
    });
    const trial = runIkAttempt(workspace, seed, reproject);
    iterations += trial.iterations;
    const trialCost =
      trial.status === 'converged' && withinTravel(trial.q, start.q, maxTravelRad) ? objective.cost(trial.q) : Infinity;
    if (trialCost < bestCost - MIN_RELATIVE_GAIN * (Math.abs(bestCost) + 1e-9)) {
      best = trial;
      bestCost = trialCost;
      stepRad = Math.min(maxStepRad, stepRad * 1.5);
    } else {
      stepRad *= 0.5;
    }
  }
  return { ...best, iterations };
}

/** Central-difference gradient of the cost at `q` into `out`. */
function costGradient(objective: NullSpaceObjective, q: readonly number[], out: Float64Array): void {
  const probe = [...q];
  for (let i = 0; i < q.length; i++) {
    const qi = q[i] as number;
    probe[i] = qi + GRADIENT_STEP_RAD;
    const up = objective.cost(probe);
    probe[i] = qi - GRADIENT_STEP_RAD;
    const down = objective.cost(probe);
    probe[i] = qi;
    out[i] = (up - down) / (2 * GRADIENT_STEP_RAD);
  }
}

function withinTravel(q: readonly number[], from: readonly number[], maxTravelRad: number): boolean {
  return q.every((qi, i) => Math.abs(qi - (from[i] as number)) <= maxTravelRad + 1e-9);
}
