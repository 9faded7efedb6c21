import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { composePoses, invertPose, type Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { halfExtents } from '../grasping/candidates.ts';
import type { HeldObject } from '../grasping/held-objects.ts';
import { solveWaypoints } from '../grasping/reachability.ts';
import type { FrameOverrides } from '../grasping/robot-frames.ts';
import { halfExtentAlong, halfHeightInWorld } from './rest-check.ts';
import { resolvePlaceTarget, yawOf, yawQuaternion, type PlaceGoal, type PlaceTarget } from './place-target.ts';

/** A planned place: tool waypoints in the world, their joint solutions, and the object pose meant to result. */
export interface PlacePlan {
  readonly goal: PlaceGoal;
  /** Where the object's centre should come to rest, and its orientation. */
  readonly objectAtRest: Pose;
  /** Tool waypoints: [in front of the slot (front approach only)], above the spot. */
  readonly approachInWorld: readonly Pose[];
  readonly joints: readonly number[][];
  /** Tool pose at the start of the guarded descent. */
  readonly hoverInWorld: Pose;
  /** Height of the descent start above contact, m. */
  readonly hoverM: number;
  readonly retreat: readonly Vector3[];
}

const UP = new Vector3(0, 0, 1);
/** The descent starts this high above the expected contact, m. */
const HOVER_M = 0.025;
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
    const hover = { position: atRestTool.position.clone().addScaledVector(UP, HOVER_M), quaternion: atRestTool.quaternion };
    const approach =
      goal.approach === 'front'
        ? [{ position: hover.position.clone().addScaledVector(goal.outward, FRONT_OUT_M), quaternion: hover.quaternion }]
        : [{ position: hover.position.clone().addScaledVector(UP, ABOVE_M), quaternion: hover.quaternion }];
    const joints = solveWaypoints(robot, world, arm, [...approach, hover, atRestTool], overrides);
    if (!joints) continue;
    const retreat = goal.approach === 'front' ? [UP.clone().multiplyScalar(0.015), goal.outward.clone().multiplyScalar(FRONT_OUT_M)] : [UP.clone().multiplyScalar(ABOVE_M)];
    return { goal, objectAtRest, approachInWorld: approach, joints, hoverInWorld: hover, hoverM: HOVER_M, retreat };
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

