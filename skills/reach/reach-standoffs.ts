import { Vector2, type Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import type { NavigationMap } from '../../src/world/navigation/navigation-map.ts';
import { goalPose2D } from '../navigation/goal.ts';
import { armBaseInWorld } from '../arm/robot-frames.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { arrivalTolerance, dockingErrors, type DockingError } from './arrival-tolerance.ts';

/** A base pose to try for reaching work: generated around it, or a named stand-off place. */
export interface StandOffCandidate {
  readonly basePose: Pose2D;
  readonly place?: NamedPlace;
  /** Horizontal distance from the arm's shoulder to the work, m. */
  readonly reachM: number;
  /** How far the reach is from the comfortable one, m. */
  readonly reachCost: number;
  /** Ordering cost (lower first): `reachCost`, plus travel. */
  readonly cost: number;
}

/** Settings of the stand-off generator. */
export interface StandOffOptions {
  /** Disc that covers the base, m; a stand-off keeps at least this (plus margin) from static geometry. */
  readonly footprintRadiusM: number;
  /** Where the base is now, for the travel part of the cost. */
  readonly fromPose?: Pose2D;
  /** Headings tried around the work. */
  readonly headings?: number;
  /**
   * Joint values the shoulder is placed with (the lift the work will be done at), else the present ones: a lift
   * that pitches the torso (a biped's waist bending with its squat) carries the shoulder forward of the base.
   */
  readonly shoulderJoints?: Readonly<Record<string, number>>;
  /**
   * Shoulder-to-work distance the scan along each heading starts at, m (`MIN_REACH_M` if left out). A shoulder the
   * lift carries out past the footprint is clear of the work's fixture from far closer than the arm can work: its
   * nearest clear pose would lean the shoulder over the work.
   */
  readonly minReachM?: number;
}

/** Clearance kept beyond the footprint, so arrival within navigate's tolerance still clears geometry, m. */
export const CLEARANCE_MARGIN_M = 0.02;
/** Shoulder-to-work distances scanned along each heading, m: inside this band the arm has a top-down reach. */
const MIN_REACH_M = 0.25;
const MAX_REACH_M = 0.65;
const REACH_STEP_M = 0.01;
/** Most comfortable shoulder-to-work distance: arm neither folded nor stretched, m. */
export const COMFORT_REACH_M = 0.42;
/** Weight of travel against reach in the cost (1 m of driving ≈ 5 cm more stretch). */
const TRAVEL_WEIGHT = 0.05;
/** Named stand-offs farther than this from the work are not considered, m. */
const MAX_NAMED_DISTANCE_M = 2.5;

/** The arm's shoulder (base link) in the robot's root frame, on the floor plane, with `joints` as given (else now). */
export function shoulderInRoot(scene: PlanningScene, arm: Arm, joints?: Readonly<Record<string, number>>): Vector2 {
  const m = armBaseInWorld(scene, arm, { basePose: { x: 0, y: 0, yawRad: 0 }, ...(joints ? { joints } : {}) });
  return new Vector2(m.elements[12], m.elements[13]);
}

/** The floor point of the shoulder for a base pose. */
function shoulderAt(base: Pose2D, shoulder: Vector2): Vector2 {
  const c = Math.cos(base.yawRad);
  const s = Math.sin(base.yawRad);
  return new Vector2(base.x + c * shoulder.x - s * shoulder.y, base.y + s * shoulder.x + c * shoulder.y);
}

function costOf(reachM: number, base: Pose2D, from: Pose2D | undefined): { reachCost: number; cost: number } {
  const travel = from ? Math.hypot(base.x - from.x, base.y - from.y) : 0;
  const reachCost = Math.abs(reachM - COMFORT_REACH_M);
  return { reachCost, cost: reachCost + TRAVEL_WEIGHT * travel };
}

/**
 * Base poses from which the arm could reach `workPoint`, cheapest first: for each heading around the work, the
 * base faces along it with the arm's shoulder on the line to the work, at the nearest shoulder distance whose
 * footprint clears the navigation map's static geometry (exact clearance, as `navigate` docks), plus a few cm
 * farther; and the named `base-stand-off` places nearby. Only geometry is checked here; IK comes after.
 */
export function standOffCandidates(
  scene: PlanningScene,
  arm: Arm,
  map: NavigationMap | undefined,
  workPoint: Vector3,
  options: StandOffOptions,
): StandOffCandidate[] {
  const shoulder = shoulderInRoot(scene, arm, options.shoulderJoints);
  const work = new Vector2(workPoint.x, workPoint.y);
  const clearM = options.footprintRadiusM + CLEARANCE_MARGIN_M;
  const headings = options.headings ?? 24;
  const out: StandOffCandidate[] = [];
  for (let k = 0; k < headings; k++) {
    const yawRad = -Math.PI + (2 * Math.PI * k) / headings;
    const c = Math.cos(yawRad);
    const s = Math.sin(yawRad);
    let taken = 0;
    for (
      let reachM = options.minReachM ?? MIN_REACH_M;
      reachM <= MAX_REACH_M + 1e-9 && taken < 2;
      reachM += REACH_STEP_M
    ) {
      // Shoulder at `reachM` behind the work along the heading; the base origin follows from the shoulder offset.
      const sx = work.x - c * reachM;
      const sy = work.y - s * reachM;
      const base = { x: sx - (c * shoulder.x - s * shoulder.y), y: sy - (s * shoulder.x + c * shoulder.y), yawRad };
      const point = new Vector2(base.x, base.y);
      if (map && !inBounds(map, point)) continue;
      if (map && map.clearanceAt(point) < clearM) continue;
      out.push({ basePose: base, reachM, ...costOf(reachM, base, options.fromPose) });
      // The nearest clear pose, and one 6 cm farther back in case the nearest is cramped for the arm.
      taken += 1;
      reachM += 0.05;
    }
  }
  for (const place of scene.world.places()) {
    if (!place.tags.includes('base-stand-off')) continue;
    const base = goalPose2D(place.poseInWorld);
    if (Math.hypot(base.x - work.x, base.y - work.y) > MAX_NAMED_DISTANCE_M) continue;
    const reachM = shoulderAt(base, shoulder).distanceTo(work);
    if (reachM > MAX_REACH_M) continue;
    out.push({ basePose: base, place, reachM, ...costOf(reachM, base, options.fromPose) });
  }
  return out.sort((a, b) => a.cost - b.cost);
}

function inBounds(map: NavigationMap, point: Vector2): boolean {
  const [cx, cy] = map.grid.cellOf(point.x, point.y);
  return map.grid.inBounds(cx, cy);
}

/**
 * Base pose errors a stand-off must tolerate: the base docks within the usual arrival tolerance (a centimetre and a
 * degree, and stops at its edge), and a place into a low slot that works only at the exact pose turns into
 * `unreachable` once the base has arrived a little off. The heading error is the whole degree: a check at 0.69°
 * passed a place stand-off that failed with the base 0.96° off (place-slid-load with the pad spin fix).
 */
export const DOCKING_ERRORS: readonly DockingError[] = dockingErrors(arrivalTolerance(true));
