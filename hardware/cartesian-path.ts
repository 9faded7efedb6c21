import { throwError } from 'rxjs';
import type { KinematicChain } from '../src/kinematics/chain.ts';
import { solveIk } from '../src/kinematics/ik.ts';
import { matrixToPose, poseToMatrix, type Pose } from '../src/math/pose.ts';
import { seededRandom } from '../src/math/random.ts';
import type { AppliedJointTrajectory, Arm, CartesianTarget, JointTarget, JointTrajectoryTarget } from './arm.ts';
import { HardwareFault, type Motion } from './common.ts';

/** Straight-line Cartesian moves are solved at this many waypoints. */
export const LINEAR_WAYPOINTS = 16;
/** The tolerances an arm's own Cartesian moves solve to. */
export const CARTESIAN_POSITION_TOLERANCE_M = 1e-4;
export const CARTESIAN_ROTATION_TOLERANCE_RAD = 1e-3;
/** Random restarts of the IK when a sample does not converge from the previous one. */
const IK_RESTARTS = 4;
/** The restarts' seed, so a Cartesian move solves the same way on every run and every backend. */
const IK_RANDOM_SEED = 7;

/** Joint waypoints (after the start) that realise a Cartesian target, or the fault that refuses it. */
export type CartesianPath =
  | { readonly ok: true; readonly waypoints: readonly (readonly number[])[] }
  | { readonly ok: false; readonly fault: HardwareFault };

/**
 * Solves a Cartesian target into joint waypoints with the shared kinematics, the one way every backend does it:
 * one IK solution for a joint-interpolated move, or `LINEAR_WAYPOINTS` solutions along the straight line (position
 * lerp, orientation slerp), each seeded from the one before so the arm stays on one branch. Arms with fewer than 6
 * joints match the position only. The backend then runs the waypoints as one untimed trajectory.
 */
export function planCartesianPath(
  chain: KinematicChain,
  start: readonly number[],
  target: CartesianTarget,
  part: string,
): CartesianPath {
  const goals =
    target.linear === true ? linePoses(matrixToPose(chain.fk(start)), target.poseInBase) : [target.poseInBase];
  const waypoints: number[][] = [];
  let seed = start;
  for (const goal of goals) {
    const r = solveIk(chain, poseToMatrix(goal), {
      seed,
      restarts: IK_RESTARTS,
      random: seededRandom(IK_RANDOM_SEED),
      positionToleranceM: CARTESIAN_POSITION_TOLERANCE_M,
      rotationToleranceRad: CARTESIAN_ROTATION_TOLERANCE_RAD,
      positionOnly: chain.dof < 6,
    });
    if (r.status !== 'converged') {
      const fault = new HardwareFault(
        'rejected',
        part,
        `no IK solution for the target (${r.status}, ${(r.positionErrorM * 1000).toFixed(1)} mm off)`,
        { status: r.status, positionErrorM: r.positionErrorM, rotationErrorRad: r.rotationErrorRad },
      );
      return { ok: false, fault };
    }
    waypoints.push(r.q);
    seed = r.q;
  }
  return { ok: true, waypoints };
}

/**
 * `Arm.moveCartesian` over the arm's own `followTrajectory`, as every backend implements it: the shared solve,
 * then the waypoints as one untimed trajectory.
 */
export function moveCartesianVia(
  arm: Pick<Arm, 'currentState' | 'followTrajectory'>,
  chain: KinematicChain,
  target: CartesianTarget,
  part: string,
): Motion<AppliedJointTrajectory> {
  const start = arm.currentState().positions;
  const path = planCartesianPath(chain, start, target, part);
  if (!path.ok) return refusedMotion(start, path.fault);
  return arm.followTrajectory({
    points: path.waypoints.map((positions) => ({ positions })),
    ...(target.velocityScale === undefined ? {} : { velocityScale: target.velocityScale }),
  });
}

/** `Arm.moveJoints`'s target as the one-point trajectory every backend runs it as. */
export function oneTargetTrajectory(target: JointTarget): JointTrajectoryTarget {
  return {
    points: [{ positions: target.positions }],
    ...(target.velocityScale === undefined ? {} : { velocityScale: target.velocityScale }),
  };
}

/** The Motion of a refused Cartesian target: nothing moves, and subscribing fails with the fault. */
export function refusedMotion(start: readonly number[], fault: HardwareFault): Motion<AppliedJointTrajectory> {
  return {
    applied: { positions: start, durationMs: 0, clipped: [], points: [] },
    execution$: throwError(() => fault),
  };
}

/** Evenly spaced poses from `from` to `goal` (position lerp, orientation slerp), `goal` included. */
function linePoses(from: Pose, goal: Pose): Pose[] {
  const out: Pose[] = [];
  for (let i = 1; i <= LINEAR_WAYPOINTS; i++) {
    const u = i / LINEAR_WAYPOINTS;
    out.push({
      position: from.position.clone().lerp(goal.position, u),
      quaternion: from.quaternion.clone().slerp(goal.quaternion, u),
    });
  }
  return out;
}
