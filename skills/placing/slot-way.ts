import { Vector3, type Quaternion } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose, type Pose } from '../../src/math/pose.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import { armFollowsLine, solveOnBranch, type ArmPosture } from '../arm/reachability.ts';
import { armSweepHit } from '../arm/arm-sweep.ts';
import { armJoints, linkInWorld, withArmJoints, type FrameOverrides } from '../arm/robot-frames.ts';
import { heldHitsBase, heldHitsScene, type RoundSizing } from './body-clearance.ts';
import type { PlacePlan } from './place-plan.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';

// The way into a shelf slot and back out: straight lines sampled by IK on one branch, checked against the
// scene (arm links and the held load) and the robot's own base.

/** Spacing of the IK samples along a straight approach, m: the sweep check then follows the line, not an arc. */
const LINE_STEP_M = 0.04;

/**
 * Samples every `LINE_STEP_M` along the segment from `from` (excluded) to `to` (included), the orientation turning
 * from `from`'s to `to`'s in step (slerp), as a linear Cartesian move executes it: the IK samples and the sweep
 * check then follow the motion the arm makes.
 */
export function straightLine(from: Pose, to: Pose): Pose[] {
  const steps = Math.max(1, Math.ceil(from.position.distanceTo(to.position) / LINE_STEP_M));
  const out: Pose[] = [];
  for (let k = 1; k <= steps; k++)
    out.push({
      position: from.position.clone().lerp(to.position, k / steps),
      quaternion: from.quaternion.clone().slerp(to.quaternion, k / steps),
    });
  return out;
}

/** A world offset backing the tool off `distanceM` against its approach (its z axis at `toolPose`). */
export function backOut(toolPose: Pose, distanceM: number): Vector3 {
  return new Vector3(0, 0, -distanceM).applyQuaternion(toolPose.quaternion);
}

/** The tool's pose in the world with the arm's present joints, the base and lift as `overrides` suppose. */
function toolNow(scene: PlanningScene, arm: Arm, overrides: FrameOverrides): Pose {
  return matrixToPose(linkInWorld(scene, arm.tipLink, overrides));
}

/**
 * Why a way into a slot from one pre-place distance was not found, where it can be named: the load, on any way
 * down to the pre-place, lands on the robot's base (too far out); the arm's way to the pre-place hits the scene
 * though the rest of the way is clear (near the shelf: the wrist on the front of the board above); or the guarded
 * descent from the hover is out of the arm's reach (the base stands too far from a low slot, whatever the distance).
 */
export type FrontMiss = 'load-over-base' | 'way-to-pre-place' | 'descent-out-of-reach';

/**
 * A way into a slot whose way to the pre-place hits the scene, the rest pose and the way back out not yet solved
 * (`frontPlan`): called, it solves them and gives the miss, 'way-to-pre-place' when they are clear, else undefined.
 * A search that finds a way in from another distance never calls it; the IK and the sweep of the way out are then
 * saved (a quarter of a low slot's place search, where most distances are blocked under the board above).
 */
export type BlockedWay = () => FrontMiss | undefined;

/**
 * The way into a shelf slot and out, as IK samples on one branch, with the arm's sweep checked: a straight line
 * from the tool's present pose to the pre-place in front of the slot (or one smooth joint move there, when that
 * keeps the load level and clear), level into the hover, down to the rest pose, then back off against the
 * approach and straight out. A `FrontMiss` when it can name what failed it; a `BlockedWay` when
 * the way to the pre-place hits the scene (the miss then is 'way-to-pre-place' or none, as the rest of the way
 * is clear or not, solved when asked); undefined when a sample is out of reach, the branch jumps or the sweep hits
 * elsewhere.
 */
export function frontPlan(
  scene: PlanningScene,
  arm: Arm,
  overrides: FrameOverrides,
  way: {
    hover: Pose;
    atRestTool: Pose;
    outward: Vector3;
    outM: number;
    backOffM: number;
    hold: HeldObject;
    half: readonly [number, number, number];
    /** Preferred arm posture along the way (a low slot: the elbow low, under the board above). */
    posture?: ArmPosture;
    /** A round load: sized by its radius about its axis, its box squared to the slot (`RoundSizing`). */
    round?: RoundSizing;
  },
): Pick<PlacePlan, 'approachInWorld' | 'joints' | 'prePlaceIndex' | 'frontPath'> | FrontMiss | BlockedWay | undefined {
  const { hover, atRestTool, outward, outM, backOffM, hold } = way;
  const prePlace = { position: hover.position.clone().addScaledVector(outward, outM), quaternion: hover.quaternion };
  const now = toolNow(scene, arm, overrides);
  const into = straightLine(prePlace, hover);
  const backedOff = {
    position: atRestTool.position.clone().add(backOut(atRestTool, backOffM)),
    quaternion: atRestTool.quaternion,
  };
  const outside = {
    position: backedOff.position.clone().addScaledVector(outward, outM),
    quaternion: backedOff.quaternion,
  };
  const out = [...straightLine(atRestTool, backedOff), ...straightLine(backedOff, outside)];
  const approach = approachOverBase(scene, overrides, now, prePlace, into, hold, way.half, way.round);
  if (!approach) return 'load-over-base';
  // From the arm's joints as `overrides` suppose them (a plan made before the arm is there), else as they are.
  const start = armJoints(arm, overrides);
  const a = approach.length;
  const ignore = [hold.objectId];
  // The way is solved and checked in the order it fails most cheaply: up to the hover, then the descent from it and
  // the sweep into the slot (which the direct move and the way through the approach share), then the way to the
  // pre-place, and only then the rest pose and the way out. The solutions and the verdict are those of solving it
  // all and checking it after.
  const head = solveOnBranch(scene, arm, [...approach, ...into], overrides, start, way.posture);
  const atHover = head?.[head.length - 1];
  if (!head || !atHover) return undefined;
  if (!descentInReach(scene, arm, overrides, hover, atRestTool, atHover)) return 'descent-out-of-reach';
  if (armSweepHit(scene, arm, head.slice(a), withArmJoints(overrides, arm, head[a - 1]!), ignore)) return undefined;
  // From the pre-place on the way is clear (above): what is left to sweep is the way to the pre-place.
  const clearTo = (path: number[][]) => !armSweepHit(scene, arm, path, overrides, ignore);
  const atPrePlace = head[a - 1]!;
  // One joint move to the pre-place: every stop of a move-by-move chain jolts the load in the fingers.
  const swing = levelDirectMove(
    scene,
    arm,
    hold,
    way.half,
    start,
    atPrePlace,
    now.quaternion,
    now.quaternion.angleTo(prePlace.quaternion),
    overrides,
    way.round,
  );
  const overBase = (poses: readonly Pose[]) => heldHitsBase(scene, hold, way.half, poses, overrides, way.round);
  const direct = swing !== undefined && !overBase([...swing, ...into]) && clearTo([atPrePlace]);
  // Else the chain of moves to the pre-place carries the load along the approach: the load clear of the scene too.
  const chained = !direct && clearTo(head.slice(0, a)) && !heldHitsScene(scene, hold, way.half, approach, way.round);
  const restOfWay = (): number[][] | undefined => {
    const tail = solveOnBranch(scene, arm, [atRestTool, ...out], overrides, atHover, way.posture);
    return tail && !armSweepHit(scene, arm, tail, withArmJoints(overrides, arm, atHover), ignore) ? tail : undefined;
  };
  if (!direct && !chained) return () => (restOfWay() ? 'way-to-pre-place' : undefined);
  const tail = restOfWay();
  if (!tail) return undefined;
  const joints = [...head, ...tail];
  const split = (path: number[][], toPrePlace: number) => {
    const b = toPrePlace + into.length;
    // The rest pose (index b) is checked but not driven to: the guarded descent goes down from the hover.
    return { toPrePlace: path.slice(0, toPrePlace), intoSlot: path.slice(toPrePlace, b), out: path.slice(b + 1) };
  };
  if (direct) {
    const path = joints.slice(a - 1);
    return { approachInWorld: approach, joints: path, prePlaceIndex: a - 1, frontPath: split(path, 1) };
  }
  return { approachInWorld: approach, joints, prePlaceIndex: a - 1, frontPath: split(joints, a) };
}

/**
 * How far below the rest pose the guarded descent's line must stay in reach, m: the place's default extra descent
 * (3 cm) and a few mm more. The arm plans the whole line before it moves, so a line that ends just past its reach
 * fails the place at the hover even though contact would have stopped it well before.
 */
export const DESCENT_PAST_REST_M = 0.03 + 0.003;

/**
 * Whether the arm's own IK takes the tool straight down from the hover (joints `hoverJoints`) to
 * `DESCENT_PAST_REST_M` below the rest pose, as the guarded descent plans it (`armFollowsLine`).
 */
export function descentInReach(
  scene: PlanningScene,
  arm: Arm,
  overrides: FrameOverrides,
  hover: Pose,
  atRestTool: Pose,
  hoverJoints: readonly number[],
): boolean {
  const end = {
    position: atRestTool.position.clone().setZ(atRestTool.position.z - DESCENT_PAST_REST_M),
    quaternion: atRestTool.quaternion,
  };
  return armFollowsLine(scene, arm, straightLine(hover, end), overrides, hoverJoints);
}

/** A direct joint move carrying a load may tilt the tool this much beyond the turn the line itself makes, rad. */
const MAX_LEVEL_TILT_RAD = 0.25;

/**
 * The tool poses along one direct joint move from `from` to `to` when it carries the held load level (the tool
 * within `MAX_LEVEL_TILT_RAD` plus `allowanceRad` of `reference`) and clear of the scene; undefined otherwise. A
 * single smooth move is preferred to a chain through IK samples, whose every stop jolts the load in the fingers. A
 * round load (`round`) is sized by its radius about its axis.
 */
export function levelDirectMove(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  half: readonly [number, number, number],
  from: readonly number[],
  to: readonly number[],
  reference: Quaternion,
  allowanceRad = 0,
  overrides: FrameOverrides = {},
  round?: RoundSizing,
): Pose[] | undefined {
  const poses = toolPosesAlong(scene, arm, from, to, overrides);
  const level = poses.every((p) => p.quaternion.angleTo(reference) <= MAX_LEVEL_TILT_RAD + allowanceRad);
  return level && !heldHitsScene(scene, hold, half, poses, round) ? poses : undefined;
}

/** Tool poses in the world along the joint-space line from `from` to `to`, a sample per ~0.1 rad of the largest joint change. */
export function toolPosesAlong(
  scene: PlanningScene,
  arm: Arm,
  from: readonly number[],
  to: readonly number[],
  overrides: FrameOverrides = {},
): Pose[] {
  const span = Math.max(0, ...to.map((q, i) => Math.abs(q - (from[i] ?? q))));
  const samples = Math.max(2, Math.ceil(span / 0.1));
  const out: Pose[] = [];
  for (let s = 1; s <= samples; s++) {
    const joints: Record<string, number> = { ...(overrides.joints ?? {}) };
    arm.jointNames.forEach(
      (name, i) => (joints[name] = (from[i] ?? 0) + (s / samples) * ((to[i] ?? 0) - (from[i] ?? 0))),
    );
    out.push(matrixToPose(linkInWorld(scene, arm.tipLink, { ...overrides, joints })));
  }
  return out;
}

/** Heights over the pre-place tried for the way there, m: straight (0) first, then higher over the base. */
const OVER_RISES_M = [0, 0.05, 0.1, 0.15, 0.2, 0.3];

/**
 * The tool's way from `now` to the pre-place: a straight line when the held load clears the robot's own base
 * along it, else over to a point above the pre-place, as low as clears the base, then straight down, so a load
 * carried over the base leaves its outline before going down to a low shelf (and the hand stays as far below the
 * board above as it can). Undefined when no height clears.
 */
function approachOverBase(
  scene: PlanningScene,
  overrides: FrameOverrides,
  now: Pose,
  prePlace: Pose,
  into: readonly Pose[],
  hold: HeldObject,
  half: readonly [number, number, number],
  round: RoundSizing | undefined,
): Pose[] | undefined {
  for (const riseM of OVER_RISES_M) {
    const over = {
      position: prePlace.position.clone().setZ(prePlace.position.z + riseM),
      quaternion: prePlace.quaternion,
    };
    const path =
      riseM === 0 ? straightLine(now, prePlace) : [...straightLine(now, over), ...straightLine(over, prePlace)];
    if (!heldHitsBase(scene, hold, half, [...path, ...into], overrides, round)) return path;
  }
  return undefined;
}
