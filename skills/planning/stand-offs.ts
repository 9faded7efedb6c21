import { Vector2, type Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import { liftHeightsFor } from '../arm/lift-search.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import type { FrameOverrides } from '../arm/robot-frames.ts';
import { planPath } from '../navigation/plan-path.ts';
import { DOCKING_ERRORS, standOffCandidates } from '../reach/reach-standoffs.ts';
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
}

/**
 * Base poses and lift heights from which `arm` might reach `workPoint`, cheapest first (reach, then travel from
 * `fromPose`), each drivable from there: what a plan stage tries in turn. A robot without a base gets one try,
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
  const candidates = standOffCandidates(scene, arm, map, workPoint, {
    footprintRadiusM,
    ...(search.fromPose ? { fromPose: search.fromPose } : {}),
  });
  // Reordered by the drive over the floor (the generator weighs the straight line): the far side of a cart may be
  // a short hop by air and a walk around a shelving unit by floor.
  const ordered = candidates
    .map((candidate) => {
      const straightM = search.fromPose
        ? Math.hypot(candidate.basePose.x - search.fromPose.x, candidate.basePose.y - search.fromPose.y)
        : 0;
      const driveM = search.travel ? search.travel.driveM(candidate.basePose) : straightM;
      return { candidate, driveM, order: candidate.reachCost + DRIVE_WEIGHT * (driveM ?? 0) };
    })
    .filter((c) => c.driveM !== undefined)
    .sort((a, b) => a.order - b.order);
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
    const heights = lift
      ? liftHeightsFor(scene, arm, workPoint.z, candidate.basePose, search.shoulderAboveWorkM)
      : [undefined];
    for (const h of heights.slice(0, search.liftsPerStandOff)) {
      yield {
        basePose: candidate.basePose,
        ...(candidate.place ? { place: candidate.place } : {}),
        ...(h === undefined ? {} : { liftHeightM: h }),
        overrides: {
          basePose: candidate.basePose,
          joints: { ...search.joints, ...(lift && h !== undefined ? { [lift.jointName]: h } : {}) },
        },
      };
    }
  }
}

/** Weight of the drive against the reach's distance from comfortable, per m: 1 m of driving ≈ 10 cm of stretch. */
const DRIVE_WEIGHT = 0.1;

/** Whether `feasible` holds with the base a docking error off the try's pose (always, for a fixed robot). */
export function robustAt(at: StandOffTry, feasible: (overrides: FrameOverrides) => boolean): boolean {
  const pose = at.basePose;
  if (!pose) return true;
  return DOCKING_ERRORS.every(({ dxM, dyM, dyawRad }) =>
    feasible({
      ...at.overrides,
      basePose: { x: pose.x + dxM, y: pose.y + dyM, yawRad: pose.yawRad + dyawRad },
    }),
  );
}

function drivable(scene: PlanningScene, from: Pose2D, to: Pose2D, footprintRadiusM: number): boolean {
  const map = scene.services.navigationMap!;
  return planPath(map, { start: new Vector2(from.x, from.y), goal: new Vector2(to.x, to.y), footprintRadiusM }).ok;
}
