import type { JointLimits } from '../src/kinematics/model.ts';
import type { AppliedJointTrajectory, JointTrajectoryTarget, TimedTrajectoryPoint } from './arm.ts';
import { scaleBounds, TimedJointPath, type JointBounds } from './joint-path-timing.ts';

/**
 * An untimed path is handed to a controller as points this far apart (plus every waypoint): close enough that a
 * controller's cubic interpolation between them stays on the path the arm would run itself.
 */
export const TRAJECTORY_SAMPLE_PERIOD_MS = 50;

/** A trajectory an arm can run: what it applied, and its positions over time. */
export interface PlannedTrajectory {
  readonly applied: AppliedJointTrajectory;
  readonly durationS: number;
  /** Joint positions `tS` seconds after the start (the end after `durationS`). */
  at(tS: number): number[];
}

/** Why a trajectory target cannot run: it is malformed, not merely out of limits (that is clipped). */
export class TrajectoryTargetError extends Error {
  override readonly name = 'TrajectoryTargetError';
}

/** The joints, their limits and the bounds an arm times untimed paths with. */
export interface ArmJointSpace {
  readonly jointNames: readonly string[];
  readonly limits: readonly JointLimits[];
  readonly bounds: readonly JointBounds[];
}

/**
 * Plans a trajectory target from `start` as every backend runs it: positions clipped to the joint limits; an
 * untimed path timed by the shared corner-blended profile (`TimedJointPath`) within the velocity-scaled bounds; a timed
 * one interpolated as ros2_control's joint trajectory controller does (linear between positions, cubic Hermite when
 * velocities are given), slowed uniformly where a segment would exceed a velocity limit.
 *
 * @throws TrajectoryTargetError when the target is malformed (no points, wrong lengths, non-finite values, times
 * missing on some points or not increasing).
 */
export function planTrajectory(
  space: ArmJointSpace,
  start: readonly number[],
  target: JointTrajectoryTarget,
): PlannedTrajectory {
  validate(space, target);
  const clipped = new Set<string>();
  const points = target.points.map((p) => ({
    ...p,
    positions: p.positions.map((q, j) => {
      const l = space.limits[j]!;
      const c = Math.min(l.upper, Math.max(l.lower, q));
      if (c !== q) clipped.add(space.jointNames[j]!);
      return c;
    }),
  }));
  const bounds = scaleBounds(space.bounds, target.velocityScale);
  const timed = points[0]!.timeFromStartMs !== undefined;
  const clippedNames = space.jointNames.filter((n) => clipped.has(n));
  return timed
    ? timedPlan(start, points as TimedInput[], bounds, clippedNames)
    : untimedPlan(start, points, bounds, clippedNames);
}

type TimedInput = { positions: number[]; velocities?: readonly number[]; timeFromStartMs: number };

function untimedPlan(
  start: readonly number[],
  points: readonly { positions: number[] }[],
  bounds: readonly JointBounds[],
  clipped: readonly string[],
): PlannedTrajectory {
  const path = new TimedJointPath([start, ...points.map((p) => p.positions)], bounds);
  const times = path.waypointTimesS();
  const durationS = path.durationS;
  const sampled: TimedTrajectoryPoint[] = [];
  const push = (tS: number, velocities: number[]): void => {
    if (tS <= 0) return;
    sampled.push({ positions: path.at(tS), velocities, timeFromStartMs: tS * 1000 });
  };
  let w = 1;
  const periodS = TRAJECTORY_SAMPLE_PERIOD_MS / 1000;
  for (let tS = periodS; tS < durationS; tS += periodS) {
    // Every waypoint is a point of its own (its corner blend's middle), with the path's velocity there.
    for (; w < times.length - 1 && times[w]! <= tS; w++) push(times[w]!, path.velocityAt(times[w]!));
    if (w < times.length - 1 && Math.abs(times[w]! - tS) < 1e-9) continue;
    push(tS, path.velocityAt(tS));
  }
  for (; w < times.length - 1; w++) push(times[w]!, path.velocityAt(times[w]!));
  const end = [...path.end];
  sampled.push({ positions: end, velocities: end.map(() => 0), timeFromStartMs: durationS * 1000 });
  return {
    applied: { positions: end, durationMs: durationS * 1000, clipped, points: dedupe(sampled) },
    durationS,
    at: (tS) => path.at(tS),
  };
}

/** Drops points that share a time with the one before (waypoints that coincide with a sample). */
function dedupe(points: TimedTrajectoryPoint[]): TimedTrajectoryPoint[] {
  return points.filter((p, i) => i === 0 || p.timeFromStartMs - points[i - 1]!.timeFromStartMs > 1e-6);
}

function timedPlan(
  start: readonly number[],
  points: readonly TimedInput[],
  bounds: readonly JointBounds[],
  clipped: readonly string[],
): PlannedTrajectory {
  // Slow the whole trajectory by the factor its worst segment needs to stay within the velocity limits.
  let stretch = 1;
  let previous: { positions: readonly number[]; timeFromStartMs: number } = { positions: start, timeFromStartMs: 0 };
  for (const p of points) {
    const dtS = (p.timeFromStartMs - previous.timeFromStartMs) / 1000;
    p.positions.forEach((q, j) => {
      const needS = Math.abs(q - previous.positions[j]!) / bounds[j]!.maxVelocity;
      stretch = Math.max(stretch, needS / dtS);
      const v = p.velocities?.[j];
      if (v !== undefined) stretch = Math.max(stretch, Math.abs(v) / bounds[j]!.maxVelocity);
    });
    previous = p;
  }
  const timedPoints: TimedTrajectoryPoint[] = points.map((p) => ({
    positions: p.positions,
    ...(p.velocities === undefined ? {} : { velocities: p.velocities.map((v) => v / stretch) }),
    timeFromStartMs: p.timeFromStartMs * stretch,
  }));
  const hasVelocities = points.every((p) => p.velocities !== undefined);
  const knots = [{ positions: [...start], velocities: start.map(() => 0), timeFromStartMs: 0 }, ...timedPoints];
  const durationS = timedPoints[timedPoints.length - 1]!.timeFromStartMs / 1000;
  const end = [...timedPoints[timedPoints.length - 1]!.positions];
  return {
    applied: { positions: end, durationMs: durationS * 1000, clipped, points: timedPoints },
    durationS,
    at: (tS) => interpolate(knots, tS * 1000, hasVelocities),
  };
}

function interpolate(knots: readonly TimedTrajectoryPoint[], tMs: number, cubic: boolean): number[] {
  const last = knots[knots.length - 1]!;
  if (tMs >= last.timeFromStartMs) return [...last.positions];
  let i = 1;
  while (knots[i]!.timeFromStartMs < tMs) i++;
  const a = knots[i - 1]!;
  const b = knots[i]!;
  const hS = (b.timeFromStartMs - a.timeFromStartMs) / 1000;
  const u = Math.max(0, (tMs - a.timeFromStartMs) / 1000 / hS);
  if (!cubic) return a.positions.map((q, j) => q + (b.positions[j]! - q) * u);
  // Cubic Hermite between two points with their velocities.
  const h00 = 2 * u ** 3 - 3 * u ** 2 + 1;
  const h10 = u ** 3 - 2 * u ** 2 + u;
  const h01 = -2 * u ** 3 + 3 * u ** 2;
  const h11 = u ** 3 - u ** 2;
  return a.positions.map(
    (q, j) =>
      h00 * q + h10 * hS * (a.velocities?.[j] ?? 0) + h01 * b.positions[j]! + h11 * hS * (b.velocities?.[j] ?? 0),
  );
}

function validate(space: ArmJointSpace, target: JointTrajectoryTarget): void {
  const dof = space.jointNames.length;
  if (target.points.length === 0) throw new TrajectoryTargetError('trajectory has no points');
  const timed = target.points[0]!.timeFromStartMs !== undefined;
  let previousMs = 0;
  target.points.forEach((p, i) => {
    const where = `point ${i}`;
    if (p.positions.length !== dof)
      throw new TrajectoryTargetError(`${where}: ${p.positions.length} positions for ${dof} joints`);
    if (!p.positions.every(Number.isFinite)) throw new TrajectoryTargetError(`${where}: positions not finite`);
    if (p.velocities !== undefined && (p.velocities.length !== dof || !p.velocities.every(Number.isFinite)))
      throw new TrajectoryTargetError(`${where}: velocities need ${dof} finite values`);
    if ((p.timeFromStartMs !== undefined) !== timed)
      throw new TrajectoryTargetError(`${where}: time_from_start must be given on every point or on none`);
    if (timed) {
      const t = p.timeFromStartMs!;
      if (!(t > previousMs))
        throw new TrajectoryTargetError(`${where}: time_from_start ${t} ms is not after ${previousMs} ms`);
      previousMs = t;
    }
  });
}
