import { Vector2 } from 'three';
import type { FootPlacement } from '../../src/locomotion/support-polygon.ts';
import { FootstepPlanError, planFootsteps } from '../../src/locomotion/footstep-planner.ts';
import { wrapAngle, type Pose2D } from '../../src/math/pose.ts';
import { plannedWaypoints } from '../navigate.ts';
import { walkingLimitsOf } from '../navigation/walk-path.ts';
import type { PlanningScene } from './planning-scene.ts';

/** A base pose along a drive, and how far into the drive it is, m. */
export interface DrivePose {
  readonly pose: Pose2D;
  readonly intoM: number;
}

/** The base's drive is checked at least this often, m of travel and rad of turn. */
const DRIVE_CHECK_STEP_M = 0.02;
const DRIVE_CHECK_STEP_RAD = 0.03;

/**
 * The base poses a drive from `from` to `to` passes (the start left out), dense enough (2 cm, 0.03 rad) to sweep
 * what the robot holds.
 *
 * A biped walks the path `navigate` would plan (the straight line when it has no map or finds none) as its footstep
 * planner steps it (`planFootsteps`, as `walkPath` does): turned on the spot to face each long leg and walking it
 * facing its way, a short move stepped straight while it turns; the body taken between its feet after each step. A
 * wheeled base is taken along the straight line (its drives with a load held out are short re-docks), turning toward
 * the goal's heading as soon as it starts or as late as it arrives (its follower turns while it drives): each point is
 * given with the start's heading, the goal's and the one in step with the travel.
 */
export function drivePoses(scene: PlanningScene, from: Pose2D, to: Pose2D): DrivePose[] {
  const line = [new Vector2(from.x, from.y), new Vector2(to.x, to.y)];
  const biped = scene.robot.parts.base?.kind === 'bipedal';
  const waypoints = biped ? (plannedWaypoints(scene, from, to) ?? line) : line;
  const walked = biped ? walkedPoses(scene, waypoints, from, to) : undefined;
  if (walked) return walked;
  const turnRad = wrapAngle(to.yawRad - from.yawRad);
  let lengthM = 0;
  for (let i = 1; i < waypoints.length; i++) lengthM += waypoints[i]!.distanceTo(waypoints[i - 1]!);
  const steps = Math.max(
    1,
    Math.ceil(Math.max(lengthM / DRIVE_CHECK_STEP_M, Math.abs(turnRad) / DRIVE_CHECK_STEP_RAD)),
  );
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

/** The body's poses along a biped's footsteps on `waypoints`, or undefined when it would plan none. */
function walkedPoses(
  scene: PlanningScene,
  waypoints: readonly Vector2[],
  from: Pose2D,
  to: Pose2D,
): DrivePose[] | undefined {
  const base = scene.robot.parts.base!;
  const limits = walkingLimitsOf(base);
  let steps;
  try {
    steps = planFootsteps(waypoints, from, to.yawRad, {
      ...limits,
      sole: { lengthM: limits.soleLengthM, widthM: limits.soleWidthM },
    });
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
  const feet = { left: under(1), right: under(-1) };
  const stations: Pose2D[] = [from];
  for (const step of steps) {
    feet[step.foot] = step.to;
    const { left, right } = feet;
    stations.push({
      x: (left.x + right.x) / 2,
      y: (left.y + right.y) / 2,
      yawRad: left.yawRad + wrapAngle(right.yawRad - left.yawRad) / 2,
    });
  }
  return densified(stations);
}

/** Poses along the polyline `stations` (each turning to the next one's heading), every 2 cm and 0.03 rad. */
function densified(stations: readonly Pose2D[]): DrivePose[] {
  const out: DrivePose[] = [];
  let intoM = 0;
  for (let i = 1; i < stations.length; i++) {
    const a = stations[i - 1]!;
    const b = stations[i]!;
    const legM = Math.hypot(b.x - a.x, b.y - a.y);
    const turn = wrapAngle(b.yawRad - a.yawRad);
    const n = Math.ceil(Math.max(legM / DRIVE_CHECK_STEP_M, Math.abs(turn) / DRIVE_CHECK_STEP_RAD));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      out.push({
        pose: { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y), yawRad: a.yawRad + t * turn },
        intoM: intoM + t * legM,
      });
    }
    intoM += legM;
  }
  return out;
}
