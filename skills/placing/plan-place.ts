import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { composePoses, invertPose, matrixToPose, type Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { halfExtents } from '../grasping/candidates.ts';
import type { HeldObject } from '../grasping/held-objects.ts';
import { solveWaypoints } from '../grasping/reachability.ts';
import { linkInWorld, type FrameOverrides } from '../grasping/robot-frames.ts';
import { halfExtentAlong, halfHeightInWorld } from './rest-check.ts';
import { sceneQueryOf } from '../grasping/scene-query.ts';
import { resolvePlaceTarget, yawOf, yawQuaternion, type PlaceGoal, type PlaceTarget } from './place-target.ts';

/** A planned place: tool waypoints in the world, their joint solutions, and the object pose meant to result. */
export interface PlacePlan {
  readonly goal: PlaceGoal;
  /** Where the object's centre should come to rest, and its orientation. */
  readonly objectAtRest: Pose;
  /**
   * Tool waypoints up to the descent start: above the spot (open surfaces); or, for a shelf slot, samples along
   * the straight line from the tool's present pose to a point in front of the slot at hover height, then the
   * hover inside the slot (the arm moves linearly, never swinging through the shelf's boards).
   */
  readonly approachInWorld: readonly Pose[];
  /** IK for each approach waypoint, then the hover and the rest pose (`arm.jointNames` order). */
  readonly joints: readonly number[][];
  /** Index in `approachInWorld` of the pre-place pose (in front of the slot, or above the spot). */
  readonly prePlaceIndex: number;
  /** Tool pose at the start of the guarded descent. */
  readonly hoverInWorld: Pose;
  /** Height of the descent start above contact, m. */
  readonly hoverM: number;
  readonly retreat: readonly Vector3[];
}

const UP = new Vector3(0, 0, 1);
/** The descent starts this high above the expected contact, m. */
const HOVER_M = 0.025;
/**
 * Shelf slots: the object's bottom passes 1.5 cm over the board (and clears the front lip) on the way in, so the
 * hand keeps as much room as it can under the board above; the guarded descent covers the rest.
 */
const FRONT_HOVER_M = 0.015;
/** Step and most extra height tried to clear a slot's front lip, m. */
const LIP_STEP_M = 0.005;
const MAX_LIP_RAISE_M = 0.08;
/** Gap kept around the object's box when checking the way into a slot, m. */
const SLOT_GAP_M = 0.004;
/** Spacing of the IK samples along a straight approach, m: the sweep check then follows the line, not an arc. */
const LINE_STEP_M = 0.04;
/** Above-approach stand-off, m. */
const ABOVE_M = 0.08;
/** Front approach: the tool starts this far out of the slot, m. */
const FRONT_OUT_M = 0.25;
const YAW_SAMPLES = 12;

/** The tool pose that puts the held object at `objectPose`. */
export function toolForObject(objectPose: Pose, hold: HeldObject): Pose {
  return composePoses(objectPose, invertPose(hold.objectInTool));
}

/**
 * Plans a place: the object upright as it rested before the grasp, turned about z to the target's heading (or
 * the reachable heading nearest its present one), centred on the target point; waypoints above (open
 * surfaces) or in front of (shelf slots) the spot; IK for each. Throws `unreachable` when no heading works.
 */
export function planPlace(
  robot: Robot,
  world: WorldModel,
  arm: Arm,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceTarget,
  currentObjectPose: Pose,
  overrides: FrameOverrides = {},
): PlacePlan {
  const half = halfExtents(object.shape);
  const rest = hold.restQuaternion;
  const upright = yawQuaternion(-yawOf({ position: new Vector3(), quaternion: rest })).multiply(rest);
  const goalGuess = resolvePlaceTarget(world, target, 0);
  const depthHalf = halfExtentAlong(half, upright, goalGuess.outward);
  const goal = resolvePlaceTarget(world, target, depthHalf);
  const nowYaw = yawOf(currentObjectPose);
  const yaws = candidateYaws(goal.yawRad, nowYaw);
  for (const yaw of yaws) {
    const orientation = yawQuaternion(yaw).multiply(upright);
    const centre = goal.surfacePoint.clone().addScaledVector(UP, halfHeightInWorld(half, orientation));
    const objectAtRest = { position: centre, quaternion: orientation };
    const atRestTool = toolForObject(objectAtRest, hold);
    const hoverM = goal.approach === 'front' ? frontHoverM(world, objectAtRest, half, goal, object.id) : HOVER_M;
    const hover = { position: atRestTool.position.clone().addScaledVector(UP, hoverM), quaternion: atRestTool.quaternion };
    const approach =
      goal.approach === 'front'
        ? straightLine(toolNow(robot, world, arm, overrides), { position: hover.position.clone().addScaledVector(goal.outward, FRONT_OUT_M), quaternion: hover.quaternion })
        : [{ position: hover.position.clone().addScaledVector(UP, ABOVE_M), quaternion: hover.quaternion }];
    const joints = solveWaypoints(robot, world, arm, [...approach, hover, atRestTool], overrides);
    if (!joints) continue;
    // Shelf slots: back up to the hover height and out along the way in, which the IK samples above checked.
    const retreat = goal.approach === 'front' ? [UP.clone().multiplyScalar(hoverM), goal.outward.clone().multiplyScalar(FRONT_OUT_M)] : [UP.clone().multiplyScalar(ABOVE_M)];
    return { goal, objectAtRest, approachInWorld: approach, joints, prePlaceIndex: approach.length - 1, hoverInWorld: hover, hoverM, retreat };
  }
  throw new SkillFailure('unreachable', `arm ${arm.name} cannot reach '${goal.name}' holding '${object.id}' at any of ${yaws.length} headings`, {
    detail: { objectId: object.id, target: goal.name, surfacePoint: goal.surfacePoint.toArray() },
  });
}

/** Headings to try: the target's (and its quarter turns, which keep a box square to the slot), then the rest nearest the present heading. */
function candidateYaws(targetYaw: number | undefined, nowYaw: number): number[] {
  const all: number[] = [];
  if (targetYaw !== undefined) for (let k = 0; k < 4; k++) all.push(targetYaw + (k * Math.PI) / 2);
  const rest: number[] = [];
  for (let k = 0; k < YAW_SAMPLES; k++) rest.push(nowYaw + (2 * Math.PI * k) / YAW_SAMPLES);
  const distance = (a: number) => Math.abs(Math.atan2(Math.sin(a - nowYaw), Math.cos(a - nowYaw)));
  all.sort((a, b) => distance(a) - distance(b));
  rest.sort((a, b) => distance(a) - distance(b));
  return [...all, ...rest];
}

/** The held object's pose now, from the tool's pose and the hold. */
export function heldObjectPose(toolPoseInWorld: Pose, hold: HeldObject): Pose {
  return composePoses(toolPoseInWorld, hold.objectInTool);
}


/** The tool's pose in the world with the arm's present joints, the base and lift as `overrides` suppose. */
function toolNow(robot: Robot, world: WorldModel, arm: Arm, overrides: FrameOverrides): Pose {
  return matrixToPose(linkInWorld(robot, world, arm.tipLink, overrides));
}

/** Samples every `LINE_STEP_M` along the segment from `from` (excluded) to `to` (included), at `to`'s orientation. */
function straightLine(from: Pose, to: Pose): Pose[] {
  const steps = Math.max(1, Math.ceil(from.position.distanceTo(to.position) / LINE_STEP_M));
  const out: Pose[] = [];
  for (let k = 1; k <= steps; k++) out.push({ position: from.position.clone().lerp(to.position, k / steps), quaternion: to.quaternion });
  return out;
}

/**
 * How high over its rest pose the object slides into a slot: `FRONT_HOVER_M`, raised in steps until its box
 * (grown a little) can be swept from in front of the slot to the spot without touching the scene, which lifts it
 * over a front lip; `FRONT_HOVER_M` when no scene query is registered or nothing clears (IK and the sweep decide).
 */
function frontHoverM(world: WorldModel, objectAtRest: Pose, half: readonly [number, number, number], goal: PlaceGoal, objectId: string): number {
  const query = sceneQueryOf(world);
  if (!query) return FRONT_HOVER_M;
  const grown: [number, number, number] = [half[0] + SLOT_GAP_M, half[1] + SLOT_GAP_M, half[2] + SLOT_GAP_M];
  const inward = goal.outward.clone().negate();
  for (let raiseM = FRONT_HOVER_M; raiseM <= FRONT_HOVER_M + MAX_LIP_RAISE_M + 1e-9; raiseM += LIP_STEP_M) {
    const start = { position: objectAtRest.position.clone().addScaledVector(UP, raiseM).addScaledVector(goal.outward, FRONT_OUT_M), quaternion: objectAtRest.quaternion };
    if (!query.castBox(start, grown, inward, FRONT_OUT_M, [objectId])) return raiseM;
  }
  return FRONT_HOVER_M;
}
