import type { Matrix4 } from 'three';
import { seededRandom, type RandomSource } from '../math/random.ts';
import type { KinematicChain } from './chain.ts';
import { IkWorkspace, runIkAttempt, type IkResult, type IkSettings } from './ik-attempt.ts';
import { refineInNullSpace, type NullSpaceObjective } from './null-space.ts';

export type { IkResult, IkStatus } from './ik-attempt.ts';
export type { NullSpaceObjective } from './null-space.ts';

/** Options for `solveIk`; tolerances decide `converged`, the rest shape the search. */
export interface IkOptions {
  /** Starting configuration; defaults to the middle of each joint's range (0 for continuous joints). */
  readonly seed?: readonly number[];
  /** Iteration budget per attempt (default 200). */
  readonly maxIterations?: number;
  readonly positionToleranceM?: number;
  readonly rotationToleranceRad?: number;
  /** Initial damping λ (adapted during the solve); default 0.05. */
  readonly damping?: number;
  /** Source of restart seeds; a fixed-seed source is used when omitted, so results stay reproducible. */
  readonly random?: RandomSource;
  /** Extra attempts from random seeds when the first does not converge; the best result is returned. */
  readonly restarts?: number;
  /** Match the tip position only (for arms with fewer than 6 DOF). */
  readonly positionOnly?: boolean;
  /**
   * A secondary cost for a redundant chain, lowered in the Jacobian's null space once the tool pose has converged
   * (the pose stays within tolerance); e.g. an arm's elbow kept low under a shelf board.
   */
  readonly nullSpace?: NullSpaceObjective;
}

/**
 * Damped-least-squares IK (Levenberg–Marquardt damping, joint limits respected) for the chain's tip to reach
 * `targetInBase`. Status: `converged` within tolerance; `stalled` when no step makes progress (unreachable
 * target, local minimum, limit wall); `diverged` when the error became non-finite; `timeout` when the iteration
 * budget ran out. `iterations` counts all attempts. With `nullSpace`, a converged solution then moves along the
 * self-motion toward a lower secondary cost.
 *
 * @example
 * const { status, q } = solveIk(chain, T_base_goal, { seed: current, restarts: 4, random });
 */
export function solveIk(chain: KinematicChain, targetInBase: Matrix4, options: IkOptions = {}): IkResult {
  const settings: IkSettings = {
    maxIterations: options.maxIterations ?? 200,
    positionToleranceM: options.positionToleranceM ?? 1e-4,
    rotationToleranceRad: options.rotationToleranceRad ?? 1e-3,
    damping: options.damping ?? 0.05,
    positionOnly: options.positionOnly ?? false,
  };
  const workspace = new IkWorkspace(chain, targetInBase);
  const seed =
    options.seed ?? chain.limits.map((l) => (Number.isFinite(l.lower + l.upper) ? (l.lower + l.upper) / 2 : 0));
  let best = runIkAttempt(workspace, seed, settings);
  let iterations = best.iterations;
  const restarts = options.restarts ?? 0;
  const random = options.random ?? seededRandom(0x1c);
  for (let attempt = 0; attempt < restarts && best.status !== 'converged'; attempt++) {
    const candidate = runIkAttempt(workspace, chain.randomConfiguration(random), settings);
    iterations += candidate.iterations;
    if (score(candidate, settings) < score(best, settings)) best = candidate;
  }
  if (options.nullSpace) return refineInNullSpace(workspace, { ...best, iterations }, settings, options.nullSpace);
  return { ...best, iterations };
}

/** Lower is better: converged first, then the larger of the two errors relative to its tolerance. */
function score(result: IkResult, settings: IkSettings): number {
  if (result.status === 'converged') return -1;
  const position = result.positionErrorM / settings.positionToleranceM;
  const rotation = settings.positionOnly ? 0 : result.rotationErrorRad / settings.rotationToleranceRad;
  const worst = Math.max(position, rotation);
  return Number.isNaN(worst) ? Infinity : worst;
}
