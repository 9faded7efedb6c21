import type { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { solveIk, type NullSpaceObjective } from '../../src/kinematics/ik.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { matrixToPose, poseToMatrix, type Pose } from '../../src/math/pose.ts';
import { seededRandom } from '../../src/math/random.ts';
import { armBaseInWorld, type FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

const chains = new WeakMap<KinematicModel, Map<string, KinematicChain>>();

/** The arm's kinematic chain (base link to tip link), built once per model. */
export function armChain(robot: Robot, arm: Arm): KinematicChain {
  const byArm = chains.get(robot.model) ?? new Map<string, KinematicChain>();
  chains.set(robot.model, byArm);
  const key = `${arm.baseLink}>${arm.tipLink}`;
  let chain = byArm.get(key);
  if (!chain) {
    chain = KinematicChain.fromModel(robot.model, arm.baseLink, arm.tipLink);
    byArm.set(key, chain);
  }
  return chain;
}

let ikSolves = 0;

/**
 * IK solves made so far in this process (`solveArmIk`, `armFollowsLine`'s samples): how much work a plan took,
 * counted independently of the machine's speed and load, for tests and benchmarks.
 */
export function ikSolveCount(): number {
  return ikSolves;
}

/** Tolerances a reachable pose must be solved to: a grasp 3 mm off still closes on the object. */
export const POSITION_TOLERANCE_M = 0.003;
const ROTATION_TOLERANCE_RAD = 0.03;

/**
 * A preferred posture among the IK solutions that reach a tool pose, for arms with a redundant joint (7 DOF):
 * `elbow-low` lowers the elbow along the arm's self-motion, so the forearm leaves a low shelf slot level or
 * sloping down, under the board above, instead of rising into it.
 */
export type ArmPosture = 'elbow-low';

/** Joints fewer than this leave no self-motion to choose a posture with (a 6-DOF arm's solutions are isolated). */
const MIN_REDUNDANT_DOF = 7;
/** Most a joint moves from the plain IK solution toward the posture per waypoint, rad: a path drifts there over a few samples without a branch jump. */
const POSTURE_TRAVEL_RAD = 0.25;
const POSTURE_STEP_RAD = 0.08;
const POSTURE_STEPS = 12;

/**
 * Joints kept this far inside their limits by the posture cost, rad: a posture pressed against a limit leaves the
 * arm's own Cartesian moves from it (the guarded descent into a slot) no room, and they stall millimetres short.
 */
const LIMIT_MARGIN_RAD = 0.3;
/** Weight of the limit margin against the elbow's height: at a limit it costs as much as 0.45 m of elbow height, m/rad². */
const LIMIT_WEIGHT = 5;

/**
 * The null-space cost for `posture` on `chain`: the elbow's height in the arm's base frame, m (an S-R-S arm's
 * elbow is the fourth joint from the tip), plus a penalty on joints within `LIMIT_MARGIN_RAD` of a limit.
 * Undefined for chains without redundancy.
 */
function postureObjective(chain: KinematicChain, posture: ArmPosture): NullSpaceObjective | undefined {
  if (chain.dof < MIN_REDUNDANT_DOF) return undefined;
  const elbow = chain.dof - 4;
  const points: Vector3[] = [];
  const limitPenalty = (q: readonly number[]): number => {
    let sum = 0;
    chain.limits.forEach((limit, i) => {
      const qi = q[i] ?? 0;
      const inside = Math.min(qi - limit.lower, limit.upper - qi);
      if (inside < LIMIT_MARGIN_RAD) sum += (LIMIT_MARGIN_RAD - inside) ** 2;
    });
    return LIMIT_WEIGHT * sum;
  };
  // The elbow's height depends only on the joints before it: the cost's gradient probes the others with the
  // elbow where it was, so the last height is kept for them (the same value, without the forward kinematics).
  const moves = elbowMovers(chain, elbow);
  let lastQ: readonly number[] | undefined;
  let lastZ = 0;
  const elbowZ = (q: readonly number[]): number => {
    if (lastQ && moves.every((m, i) => !m || q[i] === lastQ![i])) return lastZ;
    lastZ = chain.jointPositionsInBase(q, points, elbow + 1)[elbow]!.z;
    lastQ = [...q];
    return lastZ;
  };
  switch (posture) {
    case 'elbow-low':
      return {
        cost: (q) => elbowZ(q) + limitPenalty(q),
        stepRad: POSTURE_STEP_RAD,
        maxSteps: POSTURE_STEPS,
        maxTravelRad: POSTURE_TRAVEL_RAD,
      };
  }
}

const movers = new WeakMap<KinematicChain, boolean[]>();

/**
 * Which joints move the elbow point (entry `elbow` of `jointPositionsInBase`), found once per chain by moving each
 * joint at a few random configurations: the joints after the elbow never do.
 */
function elbowMovers(chain: KinematicChain, elbow: number): boolean[] {
  const known = movers.get(chain);
  if (known) return known;
  const random = seededRandom(0xe1b0);
  const points: Vector3[] = [];
  const moves = chain.jointNames.map(() => false);
  for (let trial = 0; trial < 3; trial++) {
    const q = chain.randomConfiguration(random);
    const at = chain.jointPositionsInBase(q, points)[elbow]!.clone();
    for (let i = 0; i < q.length; i++) {
      const probe = [...q];
      probe[i] = (probe[i] ?? 0) + 0.3;
      if (chain.jointPositionsInBase(probe, points)[elbow]!.distanceToSquared(at) > 0) moves[i] = true;
    }
  }
  movers.set(chain, moves);
  return moves;
}

/**
 * Joint positions (in `arm.jointNames` order) that put the tool at `toolPoseInBase`, or undefined. Seeded from
 * `seed` (the arm's present joints by default) so consecutive waypoints stay on one IK branch; restarts come
 * from a fixed-seed source so a plan is reproducible. With `posture`, the solution then moves (a bounded amount)
 * toward that posture without moving the tool.
 */
export function solveArmIk(
  robot: Robot,
  arm: Arm,
  toolPoseInBase: Pose,
  seed?: readonly number[],
  posture?: ArmPosture,
): number[] | undefined {
  const chain = armChain(robot, arm);
  const start = seed ?? arm.currentState().positions;
  const chainSeed = chain.jointNames.map((name) => start[arm.jointNames.indexOf(name)] ?? 0);
  const nullSpace = posture ? postureObjective(chain, posture) : undefined;
  ikSolves += 1;
  const result = solveIk(chain, poseToMatrix(toolPoseInBase), {
    seed: chainSeed,
    restarts: 3,
    random: seededRandom(0x9a5),
    positionToleranceM: POSITION_TOLERANCE_M * 0.3,
    rotationToleranceRad: ROTATION_TOLERANCE_RAD * 0.3,
    positionOnly: chain.dof < 6,
    ...(nullSpace ? { nullSpace } : {}),
  });
  const close =
    result.positionErrorM <= POSITION_TOLERANCE_M &&
    (chain.dof < 6 || result.rotationErrorRad <= ROTATION_TOLERANCE_RAD);
  if (!close) return undefined;
  return arm.jointNames.map((name) => result.q[chain.jointNames.indexOf(name)] ?? 0);
}

/**
 * Solves a chain of tool waypoints (world frame) in order, each seeded from the previous solution (the first from
 * `firstSeed`, else the arm's present joints); undefined when any is out of reach. `overrides` asks "what if the
 * base stood there / the lift were at that height"; `posture` is preferred at every waypoint (`solveArmIk`).
 */
export function solveWaypoints(
  scene: PlanningScene,
  arm: Arm,
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides = {},
  firstSeed?: readonly number[],
  posture?: ArmPosture,
): number[][] | undefined {
  return solveChain(scene, arm, toolPosesInWorld, overrides, firstSeed, posture, false);
}

/**
 * `solveWaypoints` from `seed` that also keeps to one IK branch (`continuousPath` from `seed`), and gives up at the
 * first sample out of reach or off the branch instead of solving the rest of the way first: the same solutions,
 * and the same verdict as `solveWaypoints` then `continuousPath`, for less work when the way fails.
 */
export function solveOnBranch(
  scene: PlanningScene,
  arm: Arm,
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides,
  seed: readonly number[],
  posture?: ArmPosture,
): number[][] | undefined {
  return solveChain(scene, arm, toolPosesInWorld, overrides, seed, posture, true);
}

function solveChain(
  scene: PlanningScene,
  arm: Arm,
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides,
  firstSeed: readonly number[] | undefined,
  posture: ArmPosture | undefined,
  onBranch: boolean,
): number[][] | undefined {
  const solutions: number[][] = [];
  let seed: readonly number[] | undefined = firstSeed;
  // The arm's base stays put along the waypoints: its pose once, not per waypoint.
  const worldInBase = armBaseInWorld(scene, arm, overrides).invert();
  for (const pose of toolPosesInWorld) {
    const inBase = matrixToPose(worldInBase.clone().multiply(poseToMatrix(pose)));
    const q = solveArmIk(scene.robot, arm, inBase, seed, posture);
    if (!q || (onBranch && seed && !continuousPath(seed, [q]))) return undefined;
    solutions.push(q);
    seed = q;
  }
  return solutions;
}

/** The tolerances the arm's own Cartesian moves solve to (`moveCartesian`): a pose our 3 mm accepts may stall there. */
const ARM_POSITION_TOLERANCE_M = 1e-4;
const ARM_ROTATION_TOLERANCE_RAD = 1e-3;

/**
 * Whether the arm's own IK follows tool poses (world frame) in order from `seed` (arm joints) to its tolerances,
 * each sample from the previous one and on one branch: a check for a Cartesian move the arm plans by itself (the
 * guarded descent), which fails outright when its line ends a millimetre past the arm's reach.
 */
export function armFollowsLine(
  scene: PlanningScene,
  arm: Arm,
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides,
  seed: readonly number[],
): boolean {
  const chain = armChain(scene.robot, arm);
  let previous = chain.jointNames.map((name) => seed[arm.jointNames.indexOf(name)] ?? 0);
  const worldInBase = armBaseInWorld(scene, arm, overrides).invert();
  for (const pose of toolPosesInWorld) {
    ikSolves += 1;
    const result = solveIk(chain, worldInBase.clone().multiply(poseToMatrix(pose)), {
      seed: previous,
      positionToleranceM: ARM_POSITION_TOLERANCE_M,
      rotationToleranceRad: ARM_ROTATION_TOLERANCE_RAD,
      positionOnly: chain.dof < 6,
    });
    if (result.status !== 'converged' || !continuousPath(previous, [result.q])) return false;
    previous = result.q;
  }
  return true;
}

/** The largest joint difference between two postures of one arm, rad. */
export function jointDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(0, ...a.map((q, i) => Math.abs(q - (b[i] ?? q))));
}

/** Largest joint change between neighbouring samples of a line (4 cm apart) that is still the same IK branch, rad. */
const MAX_SAMPLE_JUMP_RAD = 0.6;

/**
 * Whether joint samples along a path (starting from `start`) stay on one IK branch: no joint changes by more than
 * `MAX_SAMPLE_JUMP_RAD` between neighbours. A restart can land a sample on another branch; the joint move between
 * the two then swings the hand through a turn with nothing in the scene to flag it.
 */
export function continuousPath(start: readonly number[], samples: readonly (readonly number[])[]): boolean {
  let previous = start;
  for (const q of samples) {
    if (q.some((v, i) => Math.abs(v - (previous[i] ?? v)) > MAX_SAMPLE_JUMP_RAD)) return false;
    previous = q;
  }
  return true;
}

/** Heights over the pre-grasp tried for the ready pose, highest first, m. */
const READY_RISES_M = [0.15, 0.1, 0.06];

/**
 * Joints of a "ready" pose straight above a pre-grasp (same tool orientation, on the pre-grasp's IK branch), from
 * which the joint move down to the pre-grasp is short and nearly straight: coming from the carry pose straight to
 * the pre-grasp, the forearm swings low and dips through a tote's near wall. The highest of a few rises the arm
 * reaches; undefined when none is.
 */
export function readyAbovePreGrasp(
  scene: PlanningScene,
  arm: Arm,
  preGraspInWorld: Pose,
  preGraspJoints: readonly number[],
  overrides: FrameOverrides = {},
): number[] | undefined {
  for (const riseM of READY_RISES_M) {
    const ready = {
      position: preGraspInWorld.position.clone().setZ(preGraspInWorld.position.z + riseM),
      quaternion: preGraspInWorld.quaternion,
    };
    const q = solveWaypoints(scene, arm, [ready], overrides, preGraspJoints)?.[0];
    if (q) return q;
  }
  return undefined;
}
