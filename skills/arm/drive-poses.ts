import { Vector2, Vector3 } from 'three';
import type { FootPlacement } from '../../src/locomotion/support-polygon.ts';
import { FootstepPlanError, planFootsteps } from '../../src/locomotion/footstep-planner.ts';
import { planWalk, WALK_PHASES } from '../../src/locomotion/walk-plan.ts';
import { centerOfMass, massModel, type MassModel } from '../../src/kinematics/center-of-mass.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { wrapAngle, type Pose2D } from '../../src/math/pose.ts';
import { plannedWaypoints } from '../navigate.ts';
import { walkingLimitsOf } from '../navigation/walk-path.ts';
import type { PlanningScene } from './planning-scene.ts';
import { linkInWorld, type FrameOverrides } from './robot-frames.ts';

/** A base pose along a drive, and how far into the drive it is, m. */
export interface DrivePose {
  readonly pose: Pose2D;
  readonly intoM: number;
}

/** What the robot carries on a drive, for where a biped's body goes: its posture, and a load at its hand. */
export interface DriveBody {
  readonly overrides: FrameOverrides;
  readonly load?: { readonly link: string; readonly massKg: number };
}

/** The base's drive is checked at least this often, m of travel and rad of turn. */
const DRIVE_CHECK_STEP_M = 0.02;
const DRIVE_CHECK_STEP_RAD = 0.03;
/** The tick a biped's walk is foreseen at, s: its body moves well under a check step between two. */
const WALK_FORESIGHT_DT_S = 1 / 60;

/** How many check steps a move of `lengthM` and `turnRad` takes (at least one): every 2 cm and 0.03 rad. */
export function checkSteps(lengthM: number, turnRad: number): number {
  return Math.max(1, Math.ceil(Math.max(lengthM / DRIVE_CHECK_STEP_M, Math.abs(turnRad) / DRIVE_CHECK_STEP_RAD)));
}

/**
 * The base poses a drive from `from` to `to` passes (the start left out), dense enough (2 cm, 0.03 rad) to sweep
 * what the robot holds.
 *
 * A biped walks the path `navigate` would plan (the straight line when it has no map or finds none) as its footstep
 * planner steps it (`planFootsteps`, as `walkPath` does), and its body goes where its walking controller takes it:
 * the CoM planned by the same ZMP preview (`planWalk`) over those steps, swaying toward each stance foot (up to
 * 10 cm off the line between the feet), the pelvis that far behind it as `body` (the posture, the load) puts the
 * CoM off the pelvis. A wheeled base is taken along the straight line (its drives with a load held out are short
 * re-docks), turning toward the goal's heading as soon as it starts or as late as it arrives (its follower turns
 * while it drives): each point is given with the start's heading, the goal's and the one in step with the travel.
 */
export function drivePoses(scene: PlanningScene, from: Pose2D, to: Pose2D, body?: DriveBody): DrivePose[] {
  const line = [new Vector2(from.x, from.y), new Vector2(to.x, to.y)];
  const biped = scene.robot.parts.base?.kind === 'bipedal';
  const waypoints = biped ? (plannedWaypoints(scene, from, to) ?? line) : line;
  const walked = biped ? walkedPoses(scene, waypoints, from, to, body ?? { overrides: {} }) : undefined;
  if (walked) return walked;
  const turnRad = wrapAngle(to.yawRad - from.yawRad);
  let lengthM = 0;
  for (let i = 1; i < waypoints.length; i++) lengthM += waypoints[i]!.distanceTo(waypoints[i - 1]!);
  const steps = checkSteps(lengthM, turnRad);
  return Array.from({ length: steps }, (_, k) => (k + 1) / steps).flatMap((t) => {
    const { x, y } = pointAlong(waypoints, t * lengthM);
    return [from.yawRad + t * turnRad, from.yawRad, from.yawRad + turnRad].map((yawRad) => ({
      pose: { x, y, yawRad },
      intoM: t * lengthM,
    }));
  });
}

/** The point `atM` along the polyline `points` (its end past its length). */
function pointAlong(points: readonly Vector2[], atM: number): Vector2 {
  let left = atM;
  for (let i = 1; i < points.length; i++) {
    const legM = points[i]!.distanceTo(points[i - 1]!);
    if (left <= legM && legM > 0) return points[i - 1]!.clone().lerp(points[i]!, left / legM);
    left -= legM;
  }
  return points[points.length - 1]!;
}

/**
 * The body's poses as a biped walks its footsteps on `waypoints` (the walking controller's own plan of its CoM, the
 * pelvis under it as `rootFor` puts it), or undefined when it would plan no steps or declares no gait.
 */
function walkedPoses(
  scene: PlanningScene,
  waypoints: readonly Vector2[],
  from: Pose2D,
  to: Pose2D,
  body: DriveBody,
): DrivePose[] | undefined {
  const base = scene.robot.parts.base!;
  const gait = scene.robot.model.extras.walking;
  if (!gait) return undefined;
  const limits = walkingLimitsOf(base);
  const sole = { lengthM: limits.soleLengthM, widthM: limits.soleWidthM };
  let steps;
  try {
    steps = planFootsteps(waypoints, from, to.yawRad, { ...limits, sole });
  } catch (error) {
    if (error instanceof FootstepPlanError) return undefined;
    throw error;
  }
  const under = (side: 1 | -1): FootPlacement => ({
    x: from.x - (Math.sin(from.yawRad) * side * limits.stanceWidthM) / 2,
    y: from.y + (Math.cos(from.yawRad) * side * limits.stanceWidthM) / 2,
    zM: 0,
    yawRad: from.yawRad,
  });
  // Where the CoM sits off the pelvis, in the body's frame (x forward), and its height: the pendulum the walk swings.
  const com = comOf(scene, body, from);
  const c = Math.cos(from.yawRad);
  const s = Math.sin(from.yawRad);
  const rest = { forwardM: c * com.x + s * com.y, leftM: -s * com.x + c * com.y };
  const startCom = { x: from.x + com.x, y: from.y + com.y };
  const plan = planWalk(
    { left: under(1), right: under(-1) },
    steps,
    {
      ...WALK_PHASES,
      dtS: WALK_FORESIGHT_DT_S,
      singleSupportS: gait.singleSupportS,
      doubleSupportS: gait.doubleSupportS,
      swingHeightM: gait.swingHeightM,
      comHeightM: com.z,
      sole,
    },
    { x: [startCom.x, 0, 0], y: [startCom.y, 0, 0], zmp: startCom },
    rest,
  );
  const out: DrivePose[] = [];
  let last = from;
  let intoM = 0;
  for (const sample of plan.samples) {
    const yawRad = wrapAngle(sample.left.yawRad + wrapAngle(sample.right.yawRad - sample.left.yawRad) / 2);
    const cy = Math.cos(yawRad);
    const sy = Math.sin(yawRad);
    const pose = {
      x: sample.com.x - (cy * rest.forwardM - sy * rest.leftM),
      y: sample.com.y - (sy * rest.forwardM + cy * rest.leftM),
      yawRad,
    };
    const movedM = Math.hypot(pose.x - last.x, pose.y - last.y);
    // A pose is kept once the body has moved a check step from the last one kept.
    if (checkSteps(movedM, wrapAngle(pose.yawRad - last.yawRad)) < 2 && sample !== plan.samples.at(-1)) continue;
    intoM += movedM;
    out.push({ pose, intoM });
    last = pose;
  }
  return out;
}

const massModels = new WeakMap<KinematicModel, MassModel>();

/** The whole-body CoM with `body`'s posture and load, the base at `at`: off the base in the world's axes, and its height, m. */
function comOf(scene: PlanningScene, body: DriveBody, at: Pose2D): Vector3 {
  const { model } = scene.robot;
  let masses = massModels.get(model);
  if (!masses) massModels.set(model, (masses = massModel(model)));
  const overrides = { ...body.overrides, basePose: at };
  const com = centerOfMass(masses, (link) => linkInWorld(scene, link, overrides));
  if (body.load) {
    const hand = new Vector3().setFromMatrixPosition(linkInWorld(scene, body.load.link, overrides));
    com.multiplyScalar(masses.totalKg).addScaledVector(hand, body.load.massKg);
    com.divideScalar(masses.totalKg + body.load.massKg);
  }
  return com.sub(new Vector3(at.x, at.y, 0));
}
