import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { composePoses, invertPose, matrixToPose, type Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import { solveWaypoints } from '../arm/reachability.ts';
import { armBaseInWorld, armJoints, linkInWorld, type FrameOverrides } from '../arm/robot-frames.ts';
import { halfExtentAlong, halfHeightInWorld } from './rest-check.ts';
import { backOut, descentInReach, frontPlan, type FrontMiss } from './slot-way.ts';
import { frontOut } from './front-out.ts';
import { sizedAt, spotTakenBy, type RoundSizing } from './body-clearance.ts';
import { shapeSymmetry, withoutAxialSpin } from './axial-spin.ts';
import { quarterTurnShowsSide } from '../planning/hold-classes.ts';
import type { PlaceChoice, PlacePlan } from './place-plan.ts';
import { resolvePlaceTarget, yawOf, yawQuaternion, type PlaceGoal, type PlaceTarget } from './place-target.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';

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
/** Gap kept around the object's box when checking the way into a slot, m: a can slides a few mm down in the fingers on the way. */
const SLOT_GAP_M = 0.01;
/** Above-approach stand-off, m. */
const ABOVE_M = 0.08;
/**
 * Front approach: how far out of the slot the tool starts, m, in the order tried: the distances that most often
 * work first (over the retail aisle's slots, 0.18 m works most often, then 0.14 m and 0.25 m). Nearer starts let a
 * load go down to a low shelf between the base's front and the shelf.
 */
const FRONT_OUT_M = [0.18, 0.14, 0.25, 0.11];
const YAW_SAMPLES = 12;
/** The slide over the lip is checked from this far out of the slot, m. */
const LIP_SWEEP_M = 0.25;

/** The tool pose that puts the held object at `objectPose`. */
export function toolForObject(objectPose: Pose, hold: HeldObject): Pose {
  return composePoses(objectPose, invertPose(hold.objectInTool));
}

/**
 * Plans a place: the object upright as it rested before the grasp, turned about z to the target's heading (or
 * the reachable heading nearest its present one), centred on the target point; waypoints above (open
 * surfaces) or in front of (shelf slots) the spot; IK for each. Shelf slots come in from the farthest pre-place
 * (out of the slot) whose way clears the robot's base and whose arm sweep clears the shelf (`frontPlan`).
 * `overrides` may suppose the base, the lift and the arm's joints elsewhere (a plan made ahead); `only` keeps
 * to one heading and pre-place distance (a plan checked again); `maxHeadings` bounds the headings tried (a search
 * over many stand-offs gives up on one early). A round load is sized by its radius about its axis in every check of
 * the way (`RoundSizing`), its box squared to the slot and to the robot's base whatever its spin in the hand.
 * Throws `unreachable` when no heading works, its `detail.noWayIn` true when every heading was held at a slot's
 * spot and over it but found no way in from any distance out (`frontOut`).
 */
export function planPlace(
  scene: PlanningScene,
  arm: Arm,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceTarget,
  currentObjectPose: Pose,
  overrides: FrameOverrides = {},
  only?: PlaceChoice,
  maxHeadings = Infinity,
): PlacePlan {
  const half = shapeHalfExtents(object.shape);
  const rest = hold.restQuaternion;
  const upright = yawQuaternion(-yawOf({ position: new Vector3(), quaternion: rest })).multiply(rest);
  const goalGuess = resolvePlaceTarget(scene.world, target, 0);
  const depthHalf = halfExtentAlong(half, upright, goalGuess.outward);
  const goal = resolvePlaceTarget(scene.world, target, depthHalf);
  const nowYaw = yawOf(currentObjectPose);
  const yaws = only
    ? [only.yawRad]
    : candidateYaws(goal.yawRad, nowYaw, quarterTurnShowsSide(object)).slice(0, maxHeadings);
  const round: RoundSizing | undefined = shapeSymmetry(object.shape)
    ? { shape: object.shape, squareToRad: Math.atan2(goal.outward.y, goal.outward.x) }
    : undefined;
  const start = armJoints(arm, overrides);
  // Why each heading was refused, counted: the failure names every way the headings failed, not only the first.
  const refused = new Map<string, number>();
  const refuse = (why: string) => refused.set(why, (refused.get(why) ?? 0) + 1);
  // Headings held at the spot and over it but refused for the way into the slot from every distance out, counted.
  let wayInMisses = 0;
  for (const yaw of yaws) {
    const orientation = yawQuaternion(yaw).multiply(upright);
    const centre = goal.surfacePoint.clone().addScaledVector(UP, halfHeightInWorld(half, orientation));
    const objectAtRest = { position: centre, quaternion: orientation };
    const atRestTool = toolForObject(objectAtRest, hold);
    // What stands in the spot or in the way in would be pushed along, not felt: the heading is refused.
    const taken = spotTakenBy(scene, objectAtRest, half, object.id, round);
    const hoverM = taken
      ? undefined
      : goal.approach === 'front'
        ? frontHoverM(scene, sizedAt(objectAtRest, round), half, goal, object.id)
        : HOVER_M;
    if (hoverM === undefined) {
      refuse(taken ? `${taken} stands where it would rest` : 'something stands in its way into the slot');
      continue;
    }
    const hover = {
      position: atRestTool.position.clone().addScaledVector(UP, hoverM),
      quaternion: atRestTool.quaternion,
    };
    // A top-grasped object sits between the open fingers until the hand has backed off past its top: moving out
    // before that drags it off the spot, so the way out first backs off at least that far.
    const backOffM = Math.max(hoverM, handEngagementM(hold, half));
    // The hover and the rest pose first, two IK solves: a heading the arm cannot hold there is dropped before
    // the whole way in and out is solved for each pre-place distance.
    if (!solveWaypoints(scene, arm, [hover, atRestTool], overrides, start)) {
      refuse('the hand cannot be held both at the spot and over it');
      continue;
    }
    if (goal.approach === 'front') {
      const posture = lowSlot(scene, arm, hover, overrides) ? ('elbow-low' as const) : undefined;
      const way = (outM: number) =>
        frontPlan(scene, arm, overrides, {
          hover,
          atRestTool,
          outward: goal.outward,
          outM,
          backOffM,
          hold,
          half,
          ...(posture ? { posture } : {}),
          ...(round ? { round } : {}),
        });
      const found = frontOut(way, only?.outM === undefined ? FRONT_OUT_M : [only.outM]);
      if ('missed' in found) {
        wayInMisses += 1;
        refuse(frontMissed(found.missed));
        continue;
      }
      const { outM, plan } = found;
      const retreat = [backOut(atRestTool, backOffM), goal.outward.clone().multiplyScalar(outM)];
      return { goal, objectAtRest, hoverInWorld: hover, hoverM, retreat, choice: { yawRad: yaw, outM }, ...plan };
    }
    const approach = [{ position: hover.position.clone().addScaledVector(UP, ABOVE_M), quaternion: hover.quaternion }];
    const joints = solveWaypoints(scene, arm, [...approach, hover, atRestTool], overrides, start);
    if (!joints || !descentInReach(scene, arm, overrides, hover, atRestTool, joints[approach.length]!)) {
      refuse('no way down onto it is in reach');
      continue;
    }
    const retreat = [UP.clone().multiplyScalar(Math.max(ABOVE_M, backOffM))];
    return {
      goal,
      objectAtRest,
      approachInWorld: approach,
      joints,
      prePlaceIndex: approach.length - 1,
      hoverInWorld: hover,
      hoverM,
      retreat,
      choice: { yawRad: yaw },
    };
  }
  const blocked = [...refused].map(([why, n]) => `${why} (${n} of ${yaws.length} headings)`).join('; ');
  throw new SkillFailure(
    'unreachable',
    `arm ${arm.name} cannot reach '${goal.name}' holding '${object.id}' at any of ${yaws.length} headings${blocked ? `: ${blocked}` : ''}`,
    {
      detail: {
        objectId: object.id,
        target: goal.name,
        surfacePoint: goal.surfacePoint.toArray(),
        blocked,
        noWayIn: wayInMisses > 0 && wayInMisses === yaws.length,
      },
    },
  );
}

/** Why no way into a slot was found from any pre-place distance tried (their misses), in words. */
function frontMissed(missed: ReadonlySet<FrontMiss | undefined>): string {
  const near = missed.has('way-to-pre-place');
  const far = missed.has('load-over-base');
  // The base stands too far from the spot: said first, with what else failed (the soak's sauce jar into
  // aisle-b/level-1/slot-5 was refused as 'onto the robot', true only of the farthest distance).
  if (missed.has('descent-out-of-reach')) {
    const also = [
      near ? "the arm's way to the pre-place hits the shelf" : '',
      far ? 'the load comes down onto the robot' : '',
    ];
    const others = also.filter((why) => why !== '');
    return `the guarded descent to the spot is out of the arm's reach${others.length ? ` (elsewhere ${others.join(', ')})` : ''}`;
  }
  if (near && far) return 'no pre-place is clear of both the board above (nearer) and the robot (farther out)';
  if (near) return "the arm's way to the pre-place hits the shelf at every distance out";
  if (far) return 'the load would come down onto the robot at every distance out';
  return 'no way in and down is in reach and clear of the shelf';
}

/**
 * A slot this far below the arm's shoulder is low: the hand reaches down into it, and the forearm, leaving it
 * under the board above, must stay low and level (`elbow-low`), m.
 */
const LOW_SLOT_BELOW_SHOULDER_M = 0.15;

/** Whether the hover in a slot is low enough under the shoulder (base and lift as `overrides` suppose) to ask for the low elbow. */
function lowSlot(scene: PlanningScene, arm: Arm, hover: Pose, overrides: FrameOverrides): boolean {
  const shoulderZ = armBaseInWorld(scene, arm, overrides).elements[14] ?? 0;
  return hover.position.z < shoulderZ - LOW_SLOT_BELOW_SHOULDER_M;
}

/** Fingers reach this far past the tool point along its z (the pads' tips, as the approach check models them), m. */
const FINGER_TIP_M = 0.015;
/** Clearance kept between the released hand and the object's far end as the hand backs off, m. */
const RELEASE_CLEAR_M = 0.02;

/**
 * How far the tool must back off along its own z, after the release, before the hand is clear of the object: the
 * open fingers' tips pass the object's end nearest the hand (gripper), or the cup leaves the face (suction).
 */
export function handEngagementM(hold: HeldObject, halfExtentsM: readonly [number, number, number]): number {
  if (hold.effector !== 'gripper') return RELEASE_CLEAR_M;
  const toolZInObject = new Vector3(0, 0, 1).applyQuaternion(hold.objectInTool.quaternion.clone().invert());
  const halfAlongToolZ =
    Math.abs(toolZInObject.x) * halfExtentsM[0] +
    Math.abs(toolZInObject.y) * halfExtentsM[1] +
    Math.abs(toolZInObject.z) * halfExtentsM[2];
  const nearEndZ = hold.objectInTool.position.z - halfAlongToolZ;
  return Math.max(0, FINGER_TIP_M - nearEndZ) + RELEASE_CLEAR_M;
}

/**
 * The least the hand rises over the rest pose in a shelf slot, m: the hover the object slides in at, or the back-off
 * after the release when that is longer (a front lip may raise the hover further; `planPlace` finds that).
 */
export function slotBackOffM(hold: HeldObject, halfExtentsM: readonly [number, number, number]): number {
  return Math.max(FRONT_HOVER_M, handEngagementM(hold, halfExtentsM));
}

/**
 * Headings to try: the target's and its quarter turns (which keep a box square to the slot), then the rest nearest the
 * present heading. With `inLineFirst` (a box whose side a quarter turn would show to the aisle) the target's heading
 * and its half turn come before the quarter turns, each pair nearest the present heading first; a round load or a
 * square carton keeps the nearest first.
 */
function candidateYaws(targetYaw: number | undefined, nowYaw: number, inLineFirst: boolean): number[] {
  const distance = (a: number) => Math.abs(Math.atan2(Math.sin(a - nowYaw), Math.cos(a - nowYaw)));
  const nearestFirst = (list: number[]) => list.sort((a, b) => distance(a) - distance(b));
  const square = targetYaw === undefined ? [] : [0, 1, 2, 3].map((k) => targetYaw + (k * Math.PI) / 2);
  const turns = inLineFirst
    ? [...nearestFirst(square.filter((_, k) => k % 2 === 0)), ...nearestFirst(square.filter((_, k) => k % 2 === 1))]
    : nearestFirst(square);
  const rest: number[] = [];
  for (let k = 0; k < YAW_SAMPLES; k++) rest.push(nowYaw + (2 * Math.PI * k) / YAW_SAMPLES);
  return [...turns, ...nearestFirst(rest)];
}

/**
 * The hold with the object's pose in the tool re-read from the world model: a load that slid in the fingers on
 * the way (a can a few mm lower) is placed from where it is now, not from where the grasp left it. Gripper
 * holds are taken centred along the closing axis (tool y): the sim's two fingers squeeze with equal force but
 * are not coupled, so the hand's accelerations slide the object and both fingers together up to ~2 cm toward
 * one side, and on the release the fingers return to their symmetric open positions, pushing the object back
 * under the hand's centre. Where it comes to rest is where the hand's centre is.
 */
export function holdAsSeen(scene: PlanningScene, arm: Arm, hold: HeldObject): HeldObject {
  const object = scene.world.object(hold.objectId);
  if (!object) return hold;
  const tool = matrixToPose(linkInWorld(scene, arm.tipLink));
  // A world model that does not follow held objects (it still shows the pick spot) says nothing about the hold.
  if (composePoses(tool, hold.objectInTool).position.distanceTo(object.poseInWorld.position) > TRACKED_WITHIN_M)
    return hold;
  const objectInTool = composePoses(invertPose(tool), object.poseInWorld);
  if (hold.effector === 'gripper') objectInTool.position.y = 0;
  // A round load's spin about its own axis in the fingers is not a change of the load (`withoutAxialSpin`).
  objectInTool.quaternion.copy(withoutAxialSpin(object.shape, hold.objectInTool.quaternion, objectInTool.quaternion));
  return { ...hold, objectInTool };
}

/** A held object seen farther than this from where its hold puts it is not being tracked, m. */
const TRACKED_WITHIN_M = 0.06;

/** The held object's pose now, from the tool's pose and the hold. */
export function heldObjectPose(toolPoseInWorld: Pose, hold: HeldObject): Pose {
  return composePoses(toolPoseInWorld, hold.objectInTool);
}

/**
 * How high over its rest pose the object slides into a slot: `FRONT_HOVER_M`, raised in steps until its box
 * (grown a little, then, when nothing clears, only by the few mm the slide may shift it) can be swept from in front
 * of the slot to the spot without touching the scene, which lifts it over a front lip; `FRONT_HOVER_M` when no
 * scene query is registered; undefined when nothing clears (an item lying in the facing, which the load would push
 * along: the arm's sweep does not see the load).
 */
function frontHoverM(
  scene: PlanningScene,
  objectAtRest: Pose,
  half: readonly [number, number, number],
  goal: PlaceGoal,
  objectId: string,
): number | undefined {
  const query = scene.services.sceneQuery;
  if (!query) return FRONT_HOVER_M;
  const inward = goal.outward.clone().negate();
  for (const gapM of [SLOT_GAP_M, TIGHT_SLOT_GAP_M]) {
    const grown: [number, number, number] = [half[0] + gapM, half[1] + gapM, half[2] + gapM];
    for (let raiseM = FRONT_HOVER_M; raiseM <= FRONT_HOVER_M + MAX_LIP_RAISE_M + 1e-9; raiseM += LIP_STEP_M) {
      const start = {
        position: objectAtRest.position.clone().addScaledVector(UP, raiseM).addScaledVector(goal.outward, LIP_SWEEP_M),
        quaternion: objectAtRest.quaternion,
      };
      if (!query.castBox(start, grown, inward, LIP_SWEEP_M, [objectId])) return raiseM;
    }
  }
  return undefined;
}

/** The least gap kept around the object's box on the way into a slot, m, when the usual one clears nowhere. */
const TIGHT_SLOT_GAP_M = 0.003;
