import { Vector2 } from 'three';
import { wrapAngle, type Pose2D } from '../math/pose.ts';
import { soleCorners, type FootPlacement, type SoleSize } from './support-polygon.ts';
import type { FootSide, PlannedStep } from './walk-plan.ts';

/** What a biped's footsteps may do; the planner stays inside these, the walking controller refuses the rest. */
export interface FootstepLimits {
  /** Longest forward offset of the swing foot past the stance foot, m (the body advances this much per step). */
  readonly maxStepLengthM: number;
  /** Largest sideways displacement of the body per step, m. */
  readonly maxStepWidthM: number;
  readonly maxTurnPerStepRad: number;
  /** Highest change of surface height between the feet, m. */
  readonly maxStepHeightM: number;
  /** Lateral distance between the soles' centres when standing, m. */
  readonly stanceWidthM: number;
  readonly sole: SoleSize;
}

/** The height of the walkable surface at a floor point, m (0 on a flat floor). */
export type TerrainHeight = (x: number, y: number) => number;

/** Footsteps that cannot be placed within the limits (an edge too high, no flat spot within a step). */
export class FootstepPlanError extends Error {
  override readonly name = 'FootstepPlanError';
}

/** Paths up to this long are walked without turning to face them first (side steps, small turns). */
const SHUFFLE_M = 0.6;
/** Heights under a sole may differ this much before the foot counts as on an edge, m. */
const FLAT_TOLERANCE_M = 0.005;
/** How close to an edge a sole may land, m. */
const EDGE_CLEARANCE_M = 0.02;

/**
 * Footsteps for a body-centre path from `start` to the last waypoint, ending with heading `goalYawRad` and the feet
 * side by side. Long paths: turn on the spot to face each leg, walk it, turn to the goal heading (a last leg shorter
 * than a step is stepped straight, turning to the goal heading at once). Short ones (under 0.6 m): step straight
 * there, sideways and turning at once. On uneven terrain every sole lands flat
 * (steps are shortened to land before an edge) and no step changes height by more than the limit.
 */
export function planFootsteps(
  waypoints: readonly Vector2[],
  start: Pose2D,
  goalYawRad: number,
  limits: FootstepLimits,
  terrain: TerrainHeight = () => 0,
): PlannedStep[] {
  const { centres, feet } = bodyCentres(waypoints, start, goalYawRad, limits, terrain);
  const goal = centres[centres.length - 1] ?? start;
  const steps: PlannedStep[] = [];
  const placed: Record<FootSide, FootPlacement> = {
    left: place(start, 'left', limits, terrain),
    right: place(start, 'right', limits, terrain),
  };
  const land = (side: FootSide, at: FootPlacement): void => {
    const other = placed[side === 'left' ? 'right' : 'left'];
    if (Math.abs(at.zM - other.zM) > limits.maxStepHeightM + 1e-9) {
      throw new FootstepPlanError(
        `a ${(Math.abs(at.zM - other.zM) * 100).toFixed(1)} cm step at (${at.x.toFixed(2)}, ${at.y.toFixed(2)}) is ` +
          `higher than the ${(limits.maxStepHeightM * 100).toFixed(0)} cm limit`,
      );
    }
    steps.push({ foot: side, to: at });
    placed[side] = at;
  };
  centres.forEach((centre, i) => land(feet[i]!, place(centre, feet[i]!, limits, terrain)));
  // The closing step brings the trailing foot level with the leading one.
  const closing = other(feet[feet.length - 1] ?? 'right');
  land(closing, place(goal, closing, limits, terrain));
  return steps;
}

function other(foot: FootSide): FootSide {
  return foot === 'left' ? 'right' : 'left';
}

/** The body-centre pose after each step, and the foot that steps there. */
function bodyCentres(
  waypoints: readonly Vector2[],
  start: Pose2D,
  goalYawRad: number,
  limits: FootstepLimits,
  terrain: TerrainHeight,
): { centres: Pose2D[]; feet: FootSide[] } {
  const goal = waypoints[waypoints.length - 1] ?? new Vector2(start.x, start.y);
  let lengthM = 0;
  for (let i = 1; i < waypoints.length; i++) lengthM += waypoints[i]!.distanceTo(waypoints[i - 1]!);
  const centres: Pose2D[] = [];
  const feet: FootSide[] = [];
  const footFor = (centre: Pose2D): FootSide =>
    feet.length === 0 ? firstFoot(start, centre) : other(feet[feet.length - 1]!);
  const push = (centre: Pose2D): void => {
    feet.push(footFor(centre));
    centres.push(centre);
  };
  if (lengthM <= SHUFFLE_M) {
    for (const centre of shuffle(start, { x: goal.x, y: goal.y, yawRad: goalYawRad }, limits)) push(centre);
    return { centres, feet };
  }
  let current: Pose2D = { ...start };
  const turnTo = (yawRad: number): void => {
    const error = wrapAngle(yawRad - current.yawRad);
    const n = Math.ceil(Math.abs(error) / limits.maxTurnPerStepRad - 1e-9);
    for (let i = 1; i <= n; i++) push({ ...current, yawRad: current.yawRad + (error * i) / n });
    current = { ...current, yawRad: wrapAngle(yawRad) };
  };
  for (let i = 0; i < waypoints.length - 1; i++) {
    const a = waypoints[i]!;
    const b = waypoints[i + 1]!;
    const legM = a.distanceTo(b);
    if (legM < 1e-6) continue;
    // A last leg shorter than a step (docking at a stand-off) is stepped straight, turning the short way to the
    // goal heading as it goes: turning to face it first swings whatever the arms hold out in front through an arc,
    // at a shelf the arc passes through the products (a can carried 0.38 m ahead swept a front row turning 101°
    // to face a 4 cm leg, then 41° back).
    if (i === waypoints.length - 2 && i > 0 && legM < limits.maxStepLengthM) {
      for (const centre of shuffle(current, { x: b.x, y: b.y, yawRad: goalYawRad }, limits)) push(centre);
      return { centres, feet };
    }
    const heading = Math.atan2(b.y - a.y, b.x - a.x);
    turnTo(heading);
    let s = 0;
    while (s < legM - 1e-9) {
      const at = (d: number): Pose2D => ({
        x: a.x + ((b.x - a.x) * d) / legM,
        y: a.y + ((b.y - a.y) * d) / legM,
        yawRad: heading,
      });
      let next = Math.min(legM, s + limits.maxStepLengthM);
      const foot = footFor(at(next));
      // Shorten the step until the sole lands flat (before an edge, or fully past it).
      while (!flatUnder(place(at(next), foot, limits, terrain), limits.sole, terrain) && next > s + EDGE_CLEARANCE_M) {
        next -= 0.01;
      }
      if (!flatUnder(place(at(next), foot, limits, terrain), limits.sole, terrain)) {
        const p = at(Math.min(legM, s + limits.maxStepLengthM));
        throw new FootstepPlanError(
          `no flat place for the ${foot} foot within one step of (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`,
        );
      }
      s = next;
      current = at(s);
      push(current);
    }
  }
  turnTo(goalYawRad);
  return { centres, feet };
}

/** Straight to a near goal in equal steps, each within the forward, sideways and turning limits. */
function shuffle(start: Pose2D, goal: Pose2D, limits: FootstepLimits): Pose2D[] {
  const dx = goal.x - start.x;
  const dy = goal.y - start.y;
  const c = Math.cos(start.yawRad);
  const s = Math.sin(start.yawRad);
  const forward = c * dx + s * dy;
  const sideways = -s * dx + c * dy;
  const turn = wrapAngle(goal.yawRad - start.yawRad);
  const n = Math.max(
    Math.ceil(Math.abs(forward) / limits.maxStepLengthM - 1e-9),
    Math.ceil(Math.abs(sideways) / limits.maxStepWidthM - 1e-9),
    Math.ceil(Math.abs(turn) / limits.maxTurnPerStepRad - 1e-9),
  );
  const centres: Pose2D[] = [];
  for (let i = 1; i <= n; i++) {
    centres.push({ x: start.x + (dx * i) / n, y: start.y + (dy * i) / n, yawRad: start.yawRad + (turn * i) / n });
  }
  return centres;
}

/** Lead with the foot on the side the body moves or turns to, so the feet open before they close. */
function firstFoot(from: Pose2D, to: Pose2D): FootSide {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const sideways = -Math.sin(from.yawRad) * dx + Math.cos(from.yawRad) * dy;
  const turn = wrapAngle(to.yawRad - from.yawRad);
  if (Math.abs(sideways) > 1e-6) return sideways > 0 ? 'left' : 'right';
  if (Math.abs(turn) > 1e-6) return turn > 0 ? 'left' : 'right';
  return 'left';
}

/** A foot half the stance width to its side of the body centre, on the surface there. */
function place(centre: Pose2D, foot: FootSide, limits: FootstepLimits, terrain: TerrainHeight): FootPlacement {
  const offset = ((foot === 'left' ? 1 : -1) * limits.stanceWidthM) / 2;
  const x = centre.x - Math.sin(centre.yawRad) * offset;
  const y = centre.y + Math.cos(centre.yawRad) * offset;
  return { x, y, zM: terrain(x, y), yawRad: centre.yawRad };
}

/** Whether the surface is at one height under the whole sole (its corners, grown by the edge clearance). */
export function flatUnder(foot: FootPlacement, sole: SoleSize, terrain: TerrainHeight): boolean {
  const grown = { lengthM: sole.lengthM + 2 * EDGE_CLEARANCE_M, widthM: sole.widthM + 2 * EDGE_CLEARANCE_M };
  return soleCorners(foot, grown).every(
    (corner) => Math.abs(terrain(corner.x, corner.y) - foot.zM) <= FLAT_TOLERANCE_M,
  );
}
