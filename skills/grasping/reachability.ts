import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { KinematicChain } from '../../src/kinematics/chain.ts';
import { solveIk } from '../../src/kinematics/ik.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { poseToMatrix, type Pose } from '../../src/math/pose.ts';
import { seededRandom } from '../../src/random.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import { worldToArmBase, type FrameOverrides } from './robot-frames.ts';

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

/** Tolerances a reachable pose must be solved to: a grasp 3 mm off still closes on the object. */
const POSITION_TOLERANCE_M = 0.003;
const ROTATION_TOLERANCE_RAD = 0.03;

/**
 * Joint positions (in `arm.jointNames` order) that put the tool at `toolPoseInBase`, or undefined. Seeded from
 * `seed` (the arm's present joints by default) so consecutive waypoints stay on one IK branch; restarts come
 * from a fixed-seed source so a plan is reproducible.
 */
export function solveArmIk(robot: Robot, arm: Arm, toolPoseInBase: Pose, seed?: readonly number[]): number[] | undefined {
  const chain = armChain(robot, arm);
  const start = seed ?? arm.currentState().positions;
  const chainSeed = chain.jointNames.map((name) => start[arm.jointNames.indexOf(name)] ?? 0);
  const result = solveIk(chain, poseToMatrix(toolPoseInBase), {
    seed: chainSeed,
    restarts: 3,
    random: seededRandom(0x9a5),
    positionToleranceM: POSITION_TOLERANCE_M * 0.3,
    rotationToleranceRad: ROTATION_TOLERANCE_RAD * 0.3,
    positionOnly: chain.dof < 6,
  });
  const close = result.positionErrorM <= POSITION_TOLERANCE_M && (chain.dof < 6 || result.rotationErrorRad <= ROTATION_TOLERANCE_RAD);
  if (!close) return undefined;
  return arm.jointNames.map((name) => result.q[chain.jointNames.indexOf(name)] ?? 0);
}

/**
 * Solves a chain of tool waypoints (world frame) in order, each seeded from the previous solution (the first from
 * `firstSeed`, else the arm's present joints); undefined when any is out of reach. `overrides` asks "what if the
 * base stood there / the lift were at that height".
 */
export function solveWaypoints(
  robot: Robot,
  world: WorldModel,
  arm: Arm,
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides = {},
  firstSeed?: readonly number[],
): number[][] | undefined {
  const solutions: number[][] = [];
  let seed: readonly number[] | undefined = firstSeed;
  for (const pose of toolPosesInWorld) {
    const q = solveArmIk(robot, arm, worldToArmBase(robot, world, arm, pose, overrides), seed);
    if (!q) return undefined;
    solutions.push(q);
    seed = q;
  }
  return solutions;
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
  robot: Robot,
  world: WorldModel,
  arm: Arm,
  preGraspInWorld: Pose,
  preGraspJoints: readonly number[],
  overrides: FrameOverrides = {},
): number[] | undefined {
  for (const riseM of READY_RISES_M) {
    const ready = { position: preGraspInWorld.position.clone().setZ(preGraspInWorld.position.z + riseM), quaternion: preGraspInWorld.quaternion };
    const q = solveWaypoints(robot, world, arm, [ready], overrides, preGraspJoints)?.[0];
    if (q) return q;
  }
  return undefined;
}
