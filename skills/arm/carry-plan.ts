import { Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { solveOnBranch } from './reachability.ts';
import { armJoints, linkInWorld, withArmJoints, type FrameOverrides } from './robot-frames.ts';
import { armSweepHit } from './arm-sweep.ts';
import { heldHitsBase, heldHitsScene } from '../placing/body-clearance.ts';
import { levelDirectMove, straightLine } from '../placing/slot-way.ts';
import { composePoses, type Pose } from '../../src/math/pose.ts';

/** How the arm holding a load gets it in close to the body before the base drives. */
export interface CarryPlan {
  /** How far the load must rise straight up before it can move sideways, m. */
  readonly riseM: number;
  /** How far the arm reaches straight up toward that, m (0: no rise needed, or none in reach). */
  readonly raisedM: number;
  /** Joint samples of the rise (`arm.jointNames` order); empty when there is none. */
  readonly rise: readonly number[][];
  /** Joint samples from the top of the rise to the carry pose; undefined when no carry pose is in reach. */
  readonly carry?: CarryPosture;
}

/** The way in to a carry pose, and where it holds the load. */
export interface CarryPosture {
  readonly joints: readonly number[][];
  readonly forwardM: number;
  /** How far the load is turned about the vertical on the way, rad (a load already held; 0 or absent: not turned). */
  readonly turnRad?: number;
  /**
   * How far the load reaches from the base's centre, m, when that is past the footprint navigation keeps clear
   * (no posture nearer in was found); undefined when the load stays inside it.
   */
  readonly beyondFootprintM?: number;
}

/** Distances in front of the shoulder tried for the carry pose, nearest the body first, m. */
export const CARRY_FORWARD_M = [0.22, 0.26, 0.3, 0.35];
/** The carry pose sits this far below the shoulder, m. */
const CARRY_BELOW_SHOULDER_M = 0.1;
/** Clearance wanted under and around a carried load before it moves sideways, m. */
const LOAD_CLEARANCE_M = 0.03;
const RISE_STEP_M = 0.02;
const MAX_RISE_M = 0.3;
/** How far toward the robot the load's box is swept to test that it is clear, m. */
const CLEAR_SWEEP_M = 0.3;
/**
 * More carry poses, for when none of the usual ones works: turned about the vertical (level still) by these, rad,
 * and drawn in as close as this too, m. Held from the side with the hand pointing straight out, the arm cannot bring
 * the hand nearer than 0.3 m in front of the shoulder (the elbow at its limit), but turned toward the body it can.
 * A load already in the hand gets them; a grasp still to be chosen only when asked (`CarryOptions.turned`): another
 * grasp's carry is cheaper when there is one.
 */
const HELD_TURNS_RAD = [0, Math.PI / 4, -Math.PI / 4, Math.PI / 2, -Math.PI / 2];
const HELD_FORWARD_M = [0.18, ...CARRY_FORWARD_M];
/** A turning line is sampled at least this often, rad, so its IK samples stay on one branch. */
const TURN_STEP_RAD = 0.15;

/** How a carry is searched for. */
export interface CarryOptions {
  /**
   * The load is already held (a re-plan from the hold as it is): when the usual carry poses fail, turned ones are
   * tried too, and the margin kept around the load on its way up does not count behind it (a load resting in front
   * of a shelf's lip may be drawn away from the lip without first rising over it).
   */
  readonly asHeld?: boolean;
  /**
   * When the usual carry poses fail, turned ones are tried too (a grasp still to be chosen, when no grasp's load can
   * be carried as it was picked: a tall box held from the side, the hand pointing out in front of the body).
   */
  readonly turned?: boolean;
}

/**
 * Plans the carry for the arm holding `hold`, from the arm's joints (and base, lift) as `overrides` suppose them,
 * else as they are: straight up until the load clears what is around it (a tote's walls, a shelf's lip), then in
 * level and down to a carry pose close to the body, keeping the load's orientation. Each part is joint samples
 * whose sweep (arm links and the load) was checked, or one smooth joint move when that keeps the load level and
 * clear (every stop of a move-by-move chain jolts a load in the fingers).
 */
export function planCarry(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  overrides: FrameOverrides = {},
  options: CarryOptions = {},
): CarryPlan {
  const plain = carryWith(scene, arm, hold, overrides, USUAL);
  if (plain.carry || !(options.asHeld || options.turned)) return plain;
  const turned = carryWith(scene, arm, hold, overrides, options.asHeld ? AS_HELD : TURNED);
  return turned.carry ? turned : plain;
}

/** Where a carry search looks: the carry poses it tries and what it checks them against. */
interface CarrySearch {
  /** The rise's sweep starts this far toward the robot, m. */
  readonly aheadM: number;
  /** Turns of the load about the vertical, rad, and distances in front of the shoulder, m (turns outer). */
  readonly turnsRad: readonly number[];
  readonly forwardsM: readonly number[];
  /** Check the load against the robot's base along the way too. */
  readonly base: boolean;
}

const USUAL: CarrySearch = { aheadM: 0, turnsRad: [0], forwardsM: CARRY_FORWARD_M, base: false };
// Turned toward the body or drawn in nearer, a load passes closer to the base than a load drawn straight in.
const AS_HELD: CarrySearch = {
  aheadM: LOAD_CLEARANCE_M,
  turnsRad: HELD_TURNS_RAD,
  forwardsM: HELD_FORWARD_M,
  base: true,
};
// A load just picked: the rise keeps its margin all round, as the usual search's does, and the poses it tried (not
// turned) are not tried again.
const TURNED: CarrySearch = { ...AS_HELD, aheadM: 0, turnsRad: HELD_TURNS_RAD.slice(1) };

/** `planCarry` for one `CarrySearch`. */
function carryWith(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  overrides: FrameOverrides,
  search: CarrySearch,
): CarryPlan {
  const start = armJoints(arm, overrides);
  const half = halfOf(scene, hold);
  const tool = matrixToPose(linkInWorld(scene, arm.tipLink, overrides));
  const riseM = clearingRiseM(scene, arm, hold, half, overrides, search.aheadM);
  let raisedM = 0;
  let rise: number[][] = [];
  // Straight up through our own IK samples, as high as the arm reaches up to the rise wanted (the carry's way in
  // checks the load from there).
  for (let upM = riseM; upM > 0; upM -= RISE_STEP_M) {
    const up = { position: tool.position.clone().add(new Vector3(0, 0, upM)), quaternion: tool.quaternion };
    const joints = solveOnBranch(scene, arm, straightLine(tool, up), overrides, start);
    if (!joints) continue;
    raisedM = upM;
    const end = joints[joints.length - 1]!;
    const smooth = levelDirectMove(scene, arm, hold, half, start, end, tool.quaternion, 0, overrides);
    rise = smooth ? [end] : joints;
    break;
  }
  const fromJoints = rise.length > 0 ? rise[rise.length - 1]! : start;
  const from = withArmJoints(overrides, arm, fromJoints);
  let carry: CarryPosture | undefined;
  for (const turnRad of search.turnsRad) {
    carry = carryPose(scene, arm, hold, half, Math.max(0, riseM - raisedM), from, turnRad, search);
    if (carry) break;
  }
  return { riseM, raisedM, rise, ...(carry ? { carry } : {}) };
}

/**
 * The carry pose: the tool in front of the shoulder and a little below it, keeping its orientation, as close to
 * the body as the arm folds (IK, and a clear sweep from where it is) so the held object stays inside the base's
 * footprint: navigation keeps the footprint clear of the shelves, so the base can dock and the lift can rise
 * beside a shelf without the load scraping a board. Undefined when no distance works.
 */
function carryPose(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  half: readonly [number, number, number],
  stillToRiseM: number,
  overrides: FrameOverrides,
  turnRad: number,
  search: CarrySearch,
): CarryPosture | undefined {
  const start = armJoints(arm, overrides);
  const tool = matrixToPose(linkInWorld(scene, arm.tipLink, overrides));
  // Navigation keeps the footprint's circle clear of shelves and totes, not a load held out past it: in the
  // multi-pick bench (seeds 18, 26, 44) a can carried 0.35 m in front of the shoulder (0.46 m from the base's
  // centre) struck a shelf's end as the base rounded it and slid 6 cm along the pads. The posture says when the
  // load reaches past the footprint, so the planner can prefer another grasp whose load it holds inside.
  // A biped's footprint is its stance, which no arm posture holds a load inside: its carry is not marked.
  const base = scene.robot.parts.base;
  const footprintM = base && base.kind !== 'bipedal' ? base.limits.footprintRadiusM : undefined;
  for (const forwardM of search.forwardsM) {
    const line = lineToCarryPose(scene, arm, forwardM, stillToRiseM, overrides, turnRad);
    if (heldHitsScene(scene, hold, half, line)) continue;
    if (search.base && heldHitsBase(scene, hold, half, line, overrides)) continue;
    const joints = solveOnBranch(scene, arm, line, overrides, start);
    if (!joints || armSweepHit(scene, arm, joints, overrides, [hold.objectId])) continue;
    const reachM = loadReachM(scene, hold, half, line[line.length - 1]!, overrides);
    const beyond = footprintM !== undefined && reachM > footprintM ? { beyondFootprintM: reachM } : {};
    const turned = turnRad === 0 ? {} : { turnRad };
    const end = joints[joints.length - 1]!;
    if (
      turnRad === 0 &&
      levelDirectMove(scene, arm, hold, half, start, end, tool.quaternion, 0, overrides) &&
      !armSweepHit(scene, arm, [end], overrides, [hold.objectId])
    )
      return { joints: [end], forwardM, ...beyond };
    return { joints, forwardM, ...beyond, ...turned };
  }
  return undefined;
}

/**
 * The tool's way in to the carry pose `forwardM` in front of the arm's shoulder (and `CARRY_BELOW_SHOULDER_M` below
 * it), keeping the tool's orientation, from where `overrides` put it: level at its height (up `stillToRiseM` on the
 * way), then down. Drawn in on a slant downward, a load would cut through the wall it was raised to clear; as
 * straight lines at a fixed orientation, so that IK samples follow them (a joint move to an IK solution of the same
 * pose may roll the wrist through a full turn on the way).
 */
export function lineToCarryPose(
  scene: PlanningScene,
  arm: Arm,
  forwardM: number,
  stillToRiseM: number,
  overrides: FrameOverrides = {},
  turnRad = 0,
): Pose[] {
  const root = matrixToPose(linkInWorld(scene, scene.robot.model.rootLink, overrides));
  const shoulder = matrixToPose(linkInWorld(scene, arm.baseLink, overrides));
  const inRoot = shoulder.position.clone().sub(root.position).applyQuaternion(root.quaternion.clone().invert());
  const tool = matrixToPose(linkInWorld(scene, arm.tipLink, overrides));
  const carryInRoot = new Vector3(inRoot.x + forwardM, inRoot.y, inRoot.z - CARRY_BELOW_SHOULDER_M);
  // Turned about the vertical, the load stays level.
  const quaternion = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), turnRad).multiply(tool.quaternion);
  const carry = { position: carryInRoot.applyQuaternion(root.quaternion).add(root.position), quaternion };
  const over = {
    position: carry.position.clone().setZ(Math.max(tool.position.z + stillToRiseM, carry.position.z)),
    quaternion,
  };
  const line = (from: Pose, to: Pose) => (turnRad === 0 ? straightLine(from, to) : turningLine(from, to));
  return [...line(tool, over), ...(over.position.z > carry.position.z + 1e-6 ? line(over, carry) : [])];
}

/** `straightLine` sampled finely enough in its turn as well, for IK samples on one branch. */
function turningLine(from: Pose, to: Pose): Pose[] {
  const plain = straightLine(from, to);
  const steps = Math.max(plain.length, Math.ceil(from.quaternion.angleTo(to.quaternion) / TURN_STEP_RAD));
  if (steps === plain.length) return plain;
  return Array.from({ length: steps }, (_, i) => ({
    position: from.position.clone().lerp(to.position, (i + 1) / steps),
    quaternion: from.quaternion.clone().slerp(to.quaternion, (i + 1) / steps),
  }));
}

/**
 * How far the held load reaches from the base's centre, in the floor plane, with the tool at `toolInWorld`: the
 * farthest corner of its bounding box, m.
 */
export function loadReachM(
  scene: PlanningScene,
  hold: HeldObject,
  half: readonly [number, number, number],
  toolInWorld: Pose,
  overrides: FrameOverrides = {},
): number {
  const root = matrixToPose(linkInWorld(scene, scene.robot.model.rootLink, overrides)).position;
  const load = composePoses(toolInWorld, hold.objectInTool);
  let farthestM = 0;
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) {
        const corner = new Vector3(sx * half[0], sy * half[1], sz * half[2])
          .applyQuaternion(load.quaternion)
          .add(load.position);
        farthestM = Math.max(farthestM, Math.hypot(corner.x - root.x, corner.y - root.y));
      }
  return farthestM;
}

/** The held object's half extents (zero when the world model no longer knows it). */
export function halfOf(scene: PlanningScene, hold: HeldObject): readonly [number, number, number] {
  const object = scene.world.object(hold.objectId);
  return object ? shapeHalfExtents(object.shape) : [0, 0, 0];
}

/**
 * How far to raise the held object straight up before drawing it in: the least rise (in steps) after which its
 * bounding box, grown by a margin, can be swept toward the robot's centre without touching the scene; 0 when
 * it already can, or when there is no scene query. The sweep starts `aheadM` toward the robot (the margin then
 * leaves out what is just behind the load).
 */
function clearingRiseM(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  half: readonly [number, number, number],
  overrides: FrameOverrides,
  aheadM: number,
): number {
  const query = scene.services.sceneQuery;
  if (!query) return 0;
  const pose = composePoses(matrixToPose(linkInWorld(scene, arm.tipLink, overrides)), hold.objectInTool);
  const grown = half.map((h) => h + LOAD_CLEARANCE_M) as [number, number, number];
  const root = matrixToPose(linkInWorld(scene, scene.robot.model.rootLink, overrides)).position;
  const inward = new Vector3(root.x - pose.position.x, root.y - pose.position.y, 0);
  if (inward.lengthSq() < 1e-9) return 0;
  inward.normalize();
  for (let riseM = 0; riseM <= MAX_RISE_M + 1e-9; riseM += RISE_STEP_M) {
    const position = pose.position
      .clone()
      .addScaledVector(inward, aheadM)
      .add(new Vector3(0, 0, riseM));
    if (
      !query.castBox({ position, quaternion: pose.quaternion }, grown, inward, CLEAR_SWEEP_M - aheadM, [hold.objectId])
    )
      return riseM;
  }
  return MAX_RISE_M;
}
