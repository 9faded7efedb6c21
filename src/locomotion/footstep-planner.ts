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
  const lead = (to: Pose2D): FootSide => (feet.length === 0 ? firstFoot(start, to) : other(feet[feet.length - 1]!));
  if (lengthM <= SHUFFLE_M) {
    const to = { x: goal.x, y: goal.y, yawRad: goalYawRad };
    for (const centre of shuffle(start, to, lead(to), limits)) push(centre);
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
      const to = { x: b.x, y: b.y, yawRad: goalYawRad };
      for (const centre of shuffle(current, to, lead(to), limits)) push(centre);
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

/** A shuffle may take this many steps more than its forward, sideways and turn limits alone ask for. */
const MAX_EXTRA_SHUFFLE_STEPS = 20;

/**
 * Straight to a near goal in equal steps, `lead` foot first, each footstep within the forward, sideways and turning
 * limits relative to the foot it lands beside. A turn while stepping sideways carries the sideways motion onto the
 * turned stance foot's axes (a quarter turn while side-stepping 0.36 m and backing 0.42 m put a foot 0.10 m beside
 * the other, under the 0.12 m allowed), so the count grows until every footstep fits.
 */
function shuffle(start: Pose2D, goal: Pose2D, lead: FootSide, limits: FootstepLimits): Pose2D[] {
  const dx = goal.x - start.x;
  const dy = goal.y - start.y;
  const c = Math.cos(start.yawRad);
  const s = Math.sin(start.yawRad);
  const forward = c * dx + s * dy;
  const sideways = -s * dx + c * dy;
  const turn = wrapAngle(goal.yawRad - start.yawRad);
  const fewest = Math.max(
    Math.ceil(Math.abs(forward) / limits.maxStepLengthM - 1e-9),
    Math.ceil(Math.abs(sideways) / limits.maxStepWidthM - 1e-9),
    Math.ceil(Math.abs(turn) / limits.maxTurnPerStepRad - 1e-9),
  );
  const centresFor = (n: number): Pose2D[] =>
    Array.from({ length: n }, (_, k) => ({
      x: start.x + (dx * (k + 1)) / n,
      y: start.y + (dy * (k + 1)) / n,
      yawRad: start.yawRad + (turn * (k + 1)) / n,
    }));
  for (let n = fewest; n < fewest + MAX_EXTRA_SHUFFLE_STEPS; n++) {
    const centres = centresFor(n);
    if (shuffleFits(start, centres, lead, limits)) return centres;
  }
  // None fits: the fewest steps, which the walking controller will refuse naming the footstep.
  return centresFor(fewest);
}

/** Whether footsteps on `centres` (then the closing step) from feet side by side at `start` keep within the limits. */
function shuffleFits(start: Pose2D, centres: readonly Pose2D[], lead: FootSide, limits: FootstepLimits): boolean {
  const flat = (): number => 0;
  const placed: Record<FootSide, FootPlacement> = {
    left: place(start, 'left', limits, flat),
    right: place(start, 'right', limits, flat),
  };
  let foot = lead;
  const steps = [...centres, centres[centres.length - 1] ?? start];
  for (const centre of steps) {
    const to = place(centre, foot, limits, flat);
    if (footstepBeyondLimits(placed[other(foot)], to, foot, limits) !== undefined) return false;
    placed[foot] = to;
    foot = other(foot);
  }
  return true;
}

/**
 * Which limit a footstep of `foot` landing at `to` breaks, relative to the other foot where it stands (`stance`),
 * or undefined: ahead along the stance foot's heading at most the step length, out to its own side the stance width
 * give or take the step width, and turned at most the turn per step. The footstep planner keeps to it, and the
 * walking controller refuses by it.
 */
export function footstepBeyondLimits(
  stance: FootPlacement,
  to: FootPlacement,
  foot: FootSide,
  limits: Omit<FootstepLimits, 'sole'>,
): string | undefined {
  const c = Math.cos(stance.yawRad);
  const s = Math.sin(stance.yawRad);
  const forward = c * (to.x - stance.x) + s * (to.y - stance.y);
  const lateral = (foot === 'left' ? 1 : -1) * (-s * (to.x - stance.x) + c * (to.y - stance.y));
  const turn = Math.abs(wrapAngle(to.yawRad - stance.yawRad));
  const eps = 1e-6;
  if (Math.abs(forward) > limits.maxStepLengthM + eps)
    return `${forward.toFixed(3)} m ahead of the other foot, limit ${limits.maxStepLengthM} m`;
  if (
    lateral < limits.stanceWidthM - limits.maxStepWidthM - eps ||
    lateral > limits.stanceWidthM + limits.maxStepWidthM + eps
  )
    return `${lateral.toFixed(3)} m beside the other foot, allowed ${limits.stanceWidthM} ± ${limits.maxStepWidthM} m`;
  if (turn > limits.maxTurnPerStepRad + eps) return `turns ${turn.toFixed(3)} rad, limit ${limits.maxTurnPerStepRad}`;
  return undefined;
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
