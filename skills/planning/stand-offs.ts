import { Vector2, type Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { wrapAngle, type Pose2D } from '../../src/math/pose.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import { liftHeightsFor } from '../arm/lift-search.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import type { FrameOverrides } from '../arm/robot-frames.ts';
import { planPath } from '../navigation/plan-path.ts';
import {
  ARRIVAL_TOLERANCE_M,
  ARRIVAL_TOLERANCE_RAD,
  arrivalTolerance,
  dockingErrors,
  type DockingError,
} from '../reach/arrival-tolerance.ts';
import {
  CLEARANCE_MARGIN_M,
  COMFORT_REACH_M,
  DOCKING_ERRORS,
  shoulderInRoot,
  standOffCandidates,
} from '../reach/reach-standoffs.ts';
import { bodyHit } from '../arm/body-sweep.ts';
import type { TravelField } from './travel-field.ts';

/** Where the base stands (and the lift is) for one stage of a plan; none of it for a robot without a base. */
export interface StandOff {
  readonly basePose?: Pose2D;
  /** The named stand-off place, when it is one (navigate docks to it by name). */
  readonly place?: NamedPlace;
  readonly liftHeightM?: number;
  /** Whether the stage stays feasible with the base a docking error off; false: dock to its exact pose. */
  readonly robust: boolean;
}

/** One base pose and lift height to try, with the frame overrides that put the robot there. */
export interface StandOffTry {
  readonly basePose?: Pose2D;
  readonly place?: NamedPlace;
  readonly liftHeightM?: number;
  readonly overrides: FrameOverrides;
  /** Which base pose of the search this is, counted from 0: the tries at its lift heights share it. */
  readonly standOffIndex?: number;
}

/** A stand-off and lift at which a stage failed on the robot (`unreachable`): a re-plan does not try it again. */
export interface RefusedStandOff {
  readonly basePose: Pose2D;
  readonly liftHeightM?: number;
}

/** Settings of a stand-off search. */
export interface StandOffSearch {
  /** Where the base comes from. */
  readonly fromPose?: Pose2D;
  /** Drives from `fromPose` over the navigation map: stand-offs are ordered by the real drive, unreachable ones skipped. */
  readonly travel?: TravelField;
  /** Joint values every try keeps (the arms' postures), besides the lift. */
  readonly joints: Readonly<Record<string, number>>;
  /** Base poses tried at most (each with `liftsPerStandOff` heights). */
  readonly maxStandOffs: number;
  readonly liftsPerStandOff: number;
  /** Shoulder height over the work the lift heights are ordered around, m (the lift search's default if left out). */
  readonly shoulderAboveWorkM?: number;
  /**
   * The work's open side, a horizontal unit vector out of it (a shelf slot's front): the hand comes in against it,
   * so stand-offs whose shoulder sees the work more than `OFF_FRONT_RAD` off it are tried after the others.
   */
  readonly outward?: Vector3;
  /**
   * Stand-offs a stage already failed at on the robot: tries within the usual docking tolerance of one, at its lift,
   * are skipped (the base would dock there again, and the stage fail again).
   */
  readonly skip?: readonly RefusedStandOff[];
}

/**
 * Base poses and lift heights from which `arm` might reach `workPoint`, cheapest first (reach, then travel from
 * `fromPose`; with `outward`, those whose shoulder sees the work far off its open side after all others), each
 * drivable from there: what a plan stage tries in turn. A robot without a base gets one try,
 * where it stands.
 */
export function* standOffTries(
  scene: PlanningScene,
  arm: Arm,
  workPoint: Vector3,
  search: StandOffSearch,
): Generator<StandOffTry> {
  const base = scene.robot.parts.base;
  const lift = scene.robot.parts.lift;
  if (!base) {
    yield { overrides: { joints: search.joints } };
    return;
  }
  const map = scene.services.navigationMap;
  const footprintRadiusM = base.limits.footprintRadiusM;
  // The lift heights first (the shoulder's height does not depend on where the base stands): the candidates place
  // the shoulder as the first of them carries it, and a try at another height moves the base so the shoulder is
  // where the candidate put it (a lift that pitches the torso carries the shoulder forward as it lowers).
  const heights = lift
    ? liftHeightsFor(scene, arm, workPoint.z, undefined, search.shoulderAboveWorkM).slice(0, search.liftsPerStandOff)
    : [undefined];
  const liftJoints = (h: number | undefined) => (lift && h !== undefined ? { [lift.jointName]: h } : {});
  const shoulders = heights.map((h) => shoulderInRoot(scene, arm, { ...search.joints, ...liftJoints(h) }));
  // A shoulder the lift swings out (the torso pitched) starts the scan at a comfortable reach: with the shoulder
  // out past the footprint, the nearest clear pose would put it over the work, the arm folded under it.
  const upright = lift
    ? shoulderInRoot(scene, arm, { ...search.joints, ...liftJoints(lift.heightRangeM[1]) })
    : undefined;
  const swung = upright !== undefined && shoulders[0]!.distanceTo(upright) >= SWUNG_SHOULDER_M;
  const candidates = standOffCandidates(scene, arm, map, workPoint, {
    footprintRadiusM,
    ...(search.fromPose ? { fromPose: search.fromPose } : {}),
    shoulderJoints: { ...search.joints, ...liftJoints(heights[0]) },
    ...(swung ? { minReachM: COMFORT_REACH_M } : {}),
  });
  // Reordered by the drive over the floor (the generator weighs the straight line): the far side of a cart may be
  // a short hop by air and a walk around a shelving unit by floor.
  const ordered = candidates
    .map((candidate) => {
      const straightM = search.fromPose
        ? Math.hypot(candidate.basePose.x - search.fromPose.x, candidate.basePose.y - search.fromPose.y)
        : 0;
      const driveM = search.travel ? search.travel.driveM(candidate.basePose) : straightM;
      const side = search.outward ? offFront(candidate.basePose, shoulders[0]!, workPoint, search.outward) : 0;
      return { candidate, driveM, side, order: candidate.reachCost + DRIVE_WEIGHT * (driveM ?? 0) };
    })
    .filter((c) => c.driveM !== undefined)
    .sort((a, b) => a.side - b.side || a.order - b.order);
  let tried = 0;
  for (const { candidate } of ordered) {
    if (tried >= search.maxStandOffs) return;
    if (
      map &&
      search.fromPose &&
      !search.travel &&
      !drivable(scene, search.fromPose, candidate.basePose, footprintRadiusM)
    )
      continue;
    tried += 1;
    for (const [i, h] of heights.entries()) {
      const basePose = shoulderKept(candidate.basePose, shoulders[0]!, shoulders[i]!);
      if (basePose !== candidate.basePose && !standable(scene, basePose, footprintRadiusM, search)) continue;
      const overrides = { basePose, joints: { ...search.joints, ...liftJoints(h) } };
      // The torso and head where this lift swings them (a biped's waist bent over a shelf) must clear the scene.
      if (bodyHit(scene, overrides)) continue;
      if (search.skip?.some((refused) => sameStandOff(refused, basePose, h))) continue;
      yield {
        basePose,
        ...(candidate.place && basePose === candidate.basePose ? { place: candidate.place } : {}),
        ...(h === undefined ? {} : { liftHeightM: h }),
        overrides,
        standOffIndex: tried - 1,
      };
    }
  }
}

/** Lift heights closer than this are the same, m. */
const SAME_LIFT_M = 1e-3;

/** Whether `basePose` at lift `liftHeightM` is within the usual docking tolerance of `refused`, at its lift. */
function sameStandOff(refused: RefusedStandOff, basePose: Pose2D, liftHeightM: number | undefined): boolean {
  const turnRad = Math.abs(wrapAngle(basePose.yawRad - refused.basePose.yawRad));
  const sameLift =
    refused.liftHeightM === undefined || liftHeightM === undefined
      ? refused.liftHeightM === liftHeightM
      : Math.abs(refused.liftHeightM - liftHeightM) < SAME_LIFT_M;
  return (
    sameLift &&
    turnRad <= ARRIVAL_TOLERANCE_RAD &&
    Math.hypot(basePose.x - refused.basePose.x, basePose.y - refused.basePose.y) <= ARRIVAL_TOLERANCE_M
  );
}

/**
 * Most a shoulder may see the work off its open side before its stand-off goes to the back of the order, rad. Past
 * a unit's end, beside its side panel, the arm cannot bring the hand in against the slot's front: from behind the
 * stock cart such stand-offs are a short drive and came first, spending the place search's budget before the aisle
 * was tried (demo seed 8's bleach bottle into aisle-b/level-1/slot-6/facing-2, turned 90°). The generated
 * stand-offs see the work at 15° steps: of the 122 shelf place stages the planning and placing tests found (14
 * slots), the widest was 45° off, and none of the nine past that unit's end (60-120°) reaches the slot.
 */
const OFF_FRONT_RAD = (50 * Math.PI) / 180;

/** 1 when the shoulder at `base` sees `work` more than `OFF_FRONT_RAD` off `outward`, else 0. */
function offFront(base: Pose2D, shoulder: Vector2, work: Vector3, outward: Vector3): number {
  const c = Math.cos(base.yawRad);
  const s = Math.sin(base.yawRad);
  const dx = base.x + c * shoulder.x - s * shoulder.y - work.x;
  const dy = base.y + s * shoulder.x + c * shoulder.y - work.y;
  const cos = (dx * outward.x + dy * outward.y) / Math.hypot(dx, dy);
  return cos < Math.cos(OFF_FRONT_RAD) ? 1 : 0;
}

/** A shoulder the lift carries this far from where it is at the lift's top is swung out (a pitched torso), m. */
const SWUNG_SHOULDER_M = 0.05;

/** Shoulder offsets closer than this are the same (the base is not moved for them), m. */
const SAME_SHOULDER_M = 0.001;

/** `base` moved so a shoulder at `to` (root frame) stands where one at `from` stood; `base` itself when they agree. */
function shoulderKept(base: Pose2D, from: Vector2, to: Vector2): Pose2D {
  if (from.distanceTo(to) < SAME_SHOULDER_M) return base;
  const c = Math.cos(base.yawRad);
  const s = Math.sin(base.yawRad);
  const dx = from.x - to.x;
  const dy = from.y - to.y;
  return { x: base.x + c * dx - s * dy, y: base.y + s * dx + c * dy, yawRad: base.yawRad };
}

/** Whether a base moved off its candidate still clears the map's geometry and can be driven to. */
function standable(
  scene: PlanningScene,
  pose: Pose2D,
  footprintRadiusM: number,
  search: Pick<StandOffSearch, 'fromPose' | 'travel'>,
): boolean {
  const map = scene.services.navigationMap;
  if (!map) return true;
  const [cx, cy] = map.grid.cellOf(pose.x, pose.y);
  if (
    !map.grid.inBounds(cx, cy) ||
    map.clearanceAt(new Vector2(pose.x, pose.y)) < footprintRadiusM + CLEARANCE_MARGIN_M
  )
    return false;
  if (search.travel) return search.travel.driveM(pose) !== undefined;
  return !search.fromPose || drivable(scene, search.fromPose, pose, footprintRadiusM);
}

/** Weight of the drive against the reach's distance from comfortable, per m: 1 m of driving ≈ 10 cm of stretch. */
const DRIVE_WEIGHT = 0.1;

/**
 * Whether `feasible` holds with the base a docking error off the try's pose (always, for a fixed robot): each of
 * `errors` (the usual arrival tolerance's unless given; those of the tight one a fragile stand-off is docked to).
 */
export function robustAt(
  at: StandOffTry,
  feasible: (overrides: FrameOverrides) => boolean,
  errors: readonly DockingError[] = DOCKING_ERRORS,
): boolean {
  const pose = at.basePose;
  if (!pose) return true;
  return errors.every(({ dxM, dyM, dyawRad }) =>
    feasible({
      ...at.overrides,
      basePose: { x: pose.x + dxM, y: pose.y + dyM, yawRad: pose.yawRad + dyawRad },
    }),
  );
}

/**
 * Whether a stage that works only at its exact stand-off (not `robustAt` it) still works a docking error off where
 * such a stand-off is docked to: the tight tolerance, at whose edge the base stops (`arrivalTolerance(false)`).
 */
export function docksTightly(at: StandOffTry, feasible: (overrides: FrameOverrides) => boolean): boolean {
  return robustAt(at, feasible, dockingErrors(arrivalTolerance(false)));
}

function drivable(scene: PlanningScene, from: Pose2D, to: Pose2D, footprintRadiusM: number): boolean {
  const map = scene.services.navigationMap!;
  return planPath(map, { start: new Vector2(from.x, from.y), goal: new Vector2(to.x, to.y), footprintRadiusM }).ok;
}
