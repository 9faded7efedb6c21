import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose, type Pose2D } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { planCarry, type CarryPlan } from '../arm/carry-plan.ts';
import type { EffectorChoice } from '../arm/effectors.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { planningSeed, stowJoints } from '../arm/postures.ts';
import { basePose2D, currentJoints, linkInWorld } from '../arm/robot-frames.ts';
import { solveWaypoints } from '../arm/reachability.ts';
import type { EffectorKind } from '../grasping/candidates.ts';
import { BEST_GRASP_SCORE, rankGraspChoices, type GraspChoice } from '../grasping/plan-grasp.ts';
import { resolvePlaceTarget, type PlaceTarget } from '../placing/place-target.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { nominalHold, planPickMotion, PICK_DISTANCES, type PickMotion } from './pick-motion.ts';
import { searchPlace, type PlaceStage } from './place-stage.ts';
import { robustAt, standOffTries, type StandOff, type StandOffTry } from './stand-offs.ts';
import { TravelField } from './travel-field.ts';

/** What to plan: an object, where it goes, and with which effector. */
export interface PickPlaceRequest {
  readonly object: string;
  readonly target: PlaceTarget;
  readonly effector: EffectorChoice;
  /** The hold when the object is already in the hand (a re-plan after a failed place): the plan skips the pick. */
  readonly hold?: HeldObject;
}

/** A stage of an alternative that failed during planning, and why: what the back-tracking skipped. */
export interface Rejection {
  readonly grasp: string;
  readonly stage: 'grasp' | 'pick' | 'carry' | 'place' | 'cost';
  readonly reason: string;
}

/** What a chain costs: metres of driving, radians of arm motion, and grasp quality, weighed into one total. */
export interface ChainCost {
  readonly baseTravelM: number;
  readonly armTravelRad: number;
  /**
   * 0..1: the grasp's rank score over the best a score can be (geometric quality, a top-down approach, the
   * effector the object suits); 1 for a load already held.
   */
  readonly graspQuality: number;
  /** `baseTravelM + ARM_WEIGHT_M_PER_RAD · armTravelRad + QUALITY_WEIGHT_M · (1 − graspQuality)`. */
  readonly total: number;
}

/** One pick-and-place, planned as a whole before the robot moves: the chain of stages that executes. */
export interface PickPlacePlan {
  readonly objectId: string;
  readonly target: PlaceTarget;
  readonly targetName: string;
  readonly armName: string;
  readonly effector: EffectorKind;
  /** The pick (undefined when the object was already held). */
  readonly pick?: { readonly standOff: StandOff; readonly motion: PickMotion; readonly holdClass: string };
  /** The hold the carry and the place were planned with (where the grasp puts the object, or the hold now). */
  readonly hold: HeldObject;
  /** How the load comes in close before the drive (robots with a base). */
  readonly carry?: CarryPlan;
  readonly place: PlaceStage;
  readonly cost: ChainCost;
  /** Complete chains compared (the chosen one among them). */
  readonly alternatives: number;
  readonly rejected: readonly Rejection[];
}

/** A base travel of this much costs as much as a radian of arm motion, m/rad. */
export const ARM_WEIGHT_M_PER_RAD = 0.05;
/** A useless grasp costs this much more than a perfect one, in metres of driving. */
export const QUALITY_WEIGHT_M = 1;
/** A load is carried farther than this only in a carry posture (never held out as it was picked), m. */
export const LONGEST_CARRY_AS_IS_M = 0.3;
/** Hold classes (grasps that differ only by a turn about the object's symmetry) tried at most. */
const MAX_CLASSES = 4;
/** Complete chains compared at most before the cheapest is taken. */
const MAX_CHAINS = 2;
/** Pick stand-offs whose carry and place are tried per hold class. */
const PICKS_PER_CLASS = 2;
/** Pick motions checked at most per hold class, and choices of a class tried per stand-off. */
const PICK_CHECKS_PER_CLASS = 40;
const CHOICES_PER_TRY = 3;
const PICK_STAND_OFFS = 12;
const PICK_LIFTS = 3;
/**
 * Pick lift heights are tried around the one that puts the shoulder this high over the object, m: a top-down
 * reach into a tote comes down steeply enough that the forearm clears the tote's near wall.
 */
const PICK_SHOULDER_ABOVE_M = 0.4;

/**
 * Plans a pick-and-place as one problem, in the spirit of MoveIt Task Constructor's stages: grasp candidates are
 * grouped into hold classes (grasps a turn of a symmetric object apart lead to the same carry and place), and for
 * each class, best first, the planner looks for a pick (stand-off, lift and a checked pick motion), a carry
 * posture, and a place stand-off and approach reachable from that carry posture. A chain is kept only when every
 * stage is feasible; when a later stage fails the search goes back to the class's next pick, then to the next class.
 * Of the complete chains the cheapest (`ChainCost`) is chosen. IK is seeded from the arm's named `ready` posture and
 * the arms start the pick folded in their `stow` posture, so the plan does not depend on where the arms are now.
 *
 * Throws `invalid-input` (unknown object or target), `no-grasp` (no grasp fits, every approach blocked) or
 * `unreachable` (no complete chain), with every rejected alternative in the failure's detail.
 *
 * @example
 * const plan = solvePickAndPlace(ctx, { object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6', effector: 'auto' });
 */
export function solvePickAndPlace(scene: PlanningScene, request: PickPlaceRequest): PickPlacePlan {
  const object = scene.world.object(request.object);
  if (!object) throw new SkillFailure('invalid-input', `no object '${request.object}' in the world model`);
  const targetName = resolvePlaceTarget(scene.world, request.target, 0).name;
  const rejected: Rejection[] = [];
  const chains: PickPlacePlan[] = [];
  const fromPose = basePose2D(scene.robot);
  const fields = travelFields(scene);
  if (request.hold) {
    const chain = chainFromHold(scene, fields, object, request, request.hold, targetName, fromPose, rejected);
    if (chain) chains.push(chain);
  } else {
    const { ranked, blocked } = rankGraspChoices(scene, object, {
      effector: request.effector,
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    });
    for (const why of blocked.slice(0, 4)) rejected.push({ grasp: why.split(':')[0]!, stage: 'grasp', reason: why });
    if (ranked.length === 0)
      throw new SkillFailure(
        'no-grasp',
        `every approach to '${object.id}' is blocked (${blocked.slice(0, 2).join('; ')})`,
        {
          detail: { objectId: object.id, blocked: blocked.slice(0, 6) },
        },
      );
    for (const cls of holdClasses(object, ranked).slice(0, MAX_CLASSES)) {
      const chain = chainForClass(scene, fields, object, request, cls, targetName, fromPose, rejected);
      if (chain) chains.push(chain);
      if (chains.length >= MAX_CHAINS) break;
    }
  }
  chains.sort((a, b) => a.cost.total - b.cost.total);
  const best = chains[0];
  if (!best) {
    throw new SkillFailure(
      'unreachable',
      `no feasible pick-and-place of '${object.id}' to '${targetName}': ${summarize(rejected)}`,
      { detail: { objectId: object.id, target: targetName, rejected } },
    );
  }
  for (const other of chains.slice(1)) {
    rejected.push({
      grasp: other.pick ? other.pick.motion.choice.candidate.label : 'as held',
      stage: 'cost',
      reason: `costs ${other.cost.total.toFixed(2)} against ${best.cost.total.toFixed(2)}`,
    });
  }
  return { ...best, alternatives: chains.length, rejected };
}

interface HoldClass {
  readonly key: string;
  readonly choices: readonly GraspChoice[];
}

/**
 * Grasp choices grouped by how they hold the object: arm, effector, approach direction and grasp height in the
 * object's frame (and, for boxes, the closing axis). Round bodies are symmetric about their axis, so grasps a
 * turn apart hold them alike; the place turns the object anyway. Classes come best score first.
 */
export function holdClasses(object: KnownObject, ranked: readonly GraspChoice[]): HoldClass[] {
  const round = object.shape.kind === 'cylinder' || object.shape.kind === 'capsule' || object.shape.kind === 'sphere';
  const byKey = new Map<string, GraspChoice[]>();
  for (const choice of ranked) {
    const q = choice.candidate.toolInObject.quaternion;
    const z = new Vector3(0, 0, 1).applyQuaternion(q);
    const y = new Vector3(0, 1, 0).applyQuaternion(q);
    const r = (v: number): string => (Math.round(v * 10) / 10 + 0).toFixed(1);
    const shape = round
      ? `z${r(z.z)} h${r(choice.candidate.toolInObject.position.z * 10)}`
      : `a${[z.x, z.y, z.z].map(r).join(',')} c${[y.x, y.y, y.z].map((v) => r(Math.abs(v))).join(',')}`;
    const key = `${choice.entry.arm.name} ${choice.entry.kind} ${shape}`;
    const list = byKey.get(key) ?? [];
    list.push(choice);
    byKey.set(key, list);
  }
  return [...byKey].map(([key, choices]) => ({ key, choices }));
}

function chainForClass(
  scene: PlanningScene,
  fields: TravelFields,
  object: KnownObject,
  request: PickPlaceRequest,
  cls: HoldClass,
  targetName: string,
  fromPose: Pose2D | undefined,
  rejected: Rejection[],
): PickPlacePlan | undefined {
  const arm = cls.choices[0]!.entry.arm;
  const label = cls.choices[0]!.candidate.label;
  const mobile = scene.robot.parts.base !== undefined;
  // Mobile robots drive to the pick with every arm folded in; a fixed arm starts from where it is.
  const startJoints = mobile
    ? armsAt(scene, (a) => stowJoints(scene.robot, a))
    : armsAt(scene, (a) => [...a.currentState().positions]);
  const seed = planningSeed(scene.robot, arm);
  const picks = findPicks(scene, object, request, cls, arm, startJoints, seed, fromPose, fields, rejected);
  let tried = 0;
  for (const pick of picks) {
    if (typeof pick === 'string') {
      rejected.push({ grasp: label, stage: 'pick', reason: pick });
      return undefined;
    }
    tried += 1;
    const stage = placeStage(scene, fields, object, request, arm, pick.hold, pick.at.basePose, pick.carried);
    if (typeof stage === 'string') {
      rejected.push({ grasp: pick.motion.choice.candidate.label, stage: 'place', reason: stage });
      if (tried >= PICKS_PER_CLASS) return undefined;
      continue;
    }
    const robust = robustAt(
      pick.at,
      (o) => typeof planPickMotion(scene, object, pick.motion.choice, o, seed) !== 'string',
    );
    const standOff: StandOff = {
      ...(pick.at.basePose ? { basePose: pick.at.basePose } : {}),
      ...(pick.at.place ? { place: pick.at.place } : {}),
      ...(pick.at.liftHeightM === undefined ? {} : { liftHeightM: pick.at.liftHeightM }),
      robust,
    };
    const toPick = fromPose && pick.at.basePose ? (fields(fromPose)?.driveM(pick.at.basePose) ?? Infinity) : 0;
    const armTravelRad = pick.motion.armTravelRad + pick.carried.armTravelRad + stage.place.armTravelRad;
    return {
      objectId: object.id,
      target: request.target,
      targetName,
      armName: arm.name,
      effector: pick.motion.choice.entry.kind,
      pick: { standOff, motion: pick.motion, holdClass: cls.key },
      hold: pick.hold,
      ...(pick.carried.carry ? { carry: pick.carried.carry } : {}),
      place: stage.place,
      cost: costOf(toPick + stage.driveM, armTravelRad, pick.motion.choice.score / BEST_GRASP_SCORE),
      alternatives: 1,
      rejected: [],
    };
  }
  rejected.push({ grasp: label, stage: 'pick', reason: 'no pick stand-off left to try' });
  return undefined;
}

/** The chain when the object is already held: carry from where the arm is, then the place. */
function chainFromHold(
  scene: PlanningScene,
  fields: TravelFields,
  object: KnownObject,
  request: PickPlaceRequest,
  hold: HeldObject,
  targetName: string,
  fromPose: Pose2D | undefined,
  rejected: Rejection[],
): PickPlacePlan | undefined {
  const arm = findArm(scene.robot, hold.armName);
  if (!arm) throw new SkillFailure('precondition-failed', `the arm '${hold.armName}' holding '${object.id}' is gone`);
  const joints = { ...currentJoints(scene.robot) };
  const carried = carryStage(scene, object, request, arm, hold, fromPose, joints);
  const stage =
    typeof carried === 'string' ? carried : placeStage(scene, fields, object, request, arm, hold, fromPose, carried);
  if (typeof stage === 'string' || typeof carried === 'string') {
    const reason = typeof carried === 'string' ? carried : (stage as string);
    rejected.push({ grasp: 'as held', stage: reason.startsWith('carry') ? 'carry' : 'place', reason });
    return undefined;
  }
  return {
    objectId: object.id,
    target: request.target,
    targetName,
    armName: arm.name,
    effector: hold.effector,
    hold,
    ...(carried.carry ? { carry: carried.carry } : {}),
    place: stage.place,
    cost: costOf(stage.driveM, carried.armTravelRad + stage.place.armTravelRad, 1),
    alternatives: 1,
    rejected: [],
  };
}

/** The carry stage: the carry posture (robots with a base) and the joints the place starts from. */
interface CarryStage {
  readonly carry?: CarryPlan;
  /** Every joint at the end of the carry: the loaded arm in its carry posture, the others stowed. */
  readonly joints: Readonly<Record<string, number>>;
  readonly armTravelRad: number;
}

/**
 * From the load held at `joints` (the arm's and the lift's), with the base at `basePose`: the carry posture that
 * brings it in before the drive (robots with a base). A long drive without one is refused here, not found out on
 * the way (`carry: ...`).
 */
function carryStage(
  scene: PlanningScene,
  object: KnownObject,
  request: PickPlaceRequest,
  arm: Arm,
  hold: HeldObject,
  basePose: Pose2D | undefined,
  joints: Readonly<Record<string, number>>,
): CarryStage | string {
  if (scene.robot.parts.base === undefined) return { joints, armTravelRad: 0 };
  const overrides = { ...(basePose ? { basePose } : {}), joints };
  const carry = planCarry(scene, arm, hold, overrides);
  const path = [...carry.rise, ...(carry.carry?.joints ?? [])];
  if (!carry.carry) {
    const work = resolvePlaceTarget(scene.world, request.target, Math.min(...shapeHalfExtents(object.shape)));
    const here = matrixToPose(linkInWorld(scene, arm.tipLink, overrides)).position;
    const awayM = Math.hypot(work.surfacePoint.x - here.x, work.surfacePoint.y - here.y);
    if (awayM > LONGEST_CARRY_AS_IS_M)
      return `carry: no carry posture for a ${awayM.toFixed(1)} m carry (the load would be held out as picked)`;
  }
  let placeJoints: Record<string, number> = { ...joints };
  if (path.length > 0) placeJoints = { ...placeJoints, ...armMap(arm, last(path)) };
  // Every other arm stays folded in for the drive.
  for (const other of scene.robot.parts.arms)
    if (other !== arm) placeJoints = { ...placeJoints, ...armMap(other, stowJoints(scene.robot, other)) };
  return { carry, joints: placeJoints, armTravelRad: carryTravelRad(arm, joints, carry) };
}

/** The place stage from the end of the carry, and the drive to it. */
function placeStage(
  scene: PlanningScene,
  fields: TravelFields,
  object: KnownObject,
  request: PickPlaceRequest,
  arm: Arm,
  hold: HeldObject,
  basePose: Pose2D | undefined,
  carried: CarryStage,
): { place: PlaceStage; driveM: number } | string {
  const travel = basePose ? fields(basePose) : undefined;
  const place = searchPlace(scene, arm, object, hold, request.target, {
    ...(basePose ? { fromPose: basePose } : {}),
    ...(travel ? { travel } : {}),
    joints: carried.joints,
  });
  if (typeof place === 'string') return `place: ${place}`;
  const driveM = travel && place.standOff.basePose ? (travel.driveM(place.standOff.basePose) ?? Infinity) : 0;
  return { place, driveM };
}

/** Driving distances from a base pose, one field per pose asked (cached); none without a base or a map. */
type TravelFields = (from: Pose2D) => TravelField | undefined;

function travelFields(scene: PlanningScene): TravelFields {
  const cache = new Map<string, TravelField>();
  const map = scene.services.navigationMap;
  const base = scene.robot.parts.base;
  return (from) => {
    if (!map || !base) return undefined;
    const key = `${from.x.toFixed(3)},${from.y.toFixed(3)}`;
    let field = cache.get(key);
    if (!field) {
      field = new TravelField(map, base.limits.footprintRadiusM, from);
      cache.set(key, field);
    }
    return field;
  };
}

type PickFound =
  | { readonly at: StandOffTry; readonly motion: PickMotion; readonly hold: HeldObject; readonly carried: CarryStage }
  | string;

/** Picks for one hold class, cheapest stand-off first; a string (the last reason) when the budget runs out. */
function* findPicks(
  scene: PlanningScene,
  object: KnownObject,
  request: PickPlaceRequest,
  cls: HoldClass,
  arm: Arm,
  startJoints: Readonly<Record<string, number>>,
  seed: readonly number[],
  fromPose: Pose2D | undefined,
  fields: TravelFields,
  rejected: Rejection[],
): Generator<PickFound> {
  let checks = 0;
  let lastReason = 'no stand-off within reach';
  const travel = fromPose ? fields(fromPose) : undefined;
  for (const at of standOffTries(scene, arm, object.poseInWorld.position, {
    ...(fromPose ? { fromPose } : {}),
    ...(travel ? { travel } : {}),
    joints: startJoints,
    maxStandOffs: PICK_STAND_OFFS,
    liftsPerStandOff: PICK_LIFTS,
    shoulderAboveWorkM: PICK_SHOULDER_ABOVE_M,
  })) {
    // A cheap screen first, one IK solve of the grasp pose per choice: the choices the arm reaches from here, the
    // ones nearest the seed posture first (the full motion of each is checked in that order).
    const screened = cls.choices
      .map((choice) => ({ choice, q: solveWaypoints(scene, arm, [choice.graspInWorld], at.overrides, seed)?.[0] }))
      .filter((s): s is { choice: GraspChoice; q: number[] } => s.q !== undefined)
      .sort((a, b) => jointDistance(a.q, seed) - jointDistance(b.q, seed));
    if (screened.length === 0) lastReason = 'grasp pose out of reach';
    for (const { choice } of screened.slice(0, CHOICES_PER_TRY)) {
      if (checks++ >= PICK_CHECKS_PER_CLASS) {
        yield `${lastReason} (${checks - 1} pick motions checked)`;
        return;
      }
      const motion = planPickMotion(scene, object, choice, at.overrides, seed);
      if (typeof motion === 'string') {
        lastReason = `${choice.candidate.label}: ${motion}`;
        continue;
      }
      // The carry belongs to the pick: a grasp from which the load cannot be drawn in is no pick for a drive.
      const hold = nominalHold(object, choice);
      const atRetreat = withArm(at.overrides, arm, last(motion.retreat));
      const carried = carryStage(scene, object, request, arm, hold, at.basePose, atRetreat.joints ?? {});
      if (typeof carried === 'string') {
        if (!rejected.some((r) => r.reason === carried))
          rejected.push({ grasp: choice.candidate.label, stage: 'carry', reason: carried });
        lastReason = `${choice.candidate.label}: ${carried}`;
        continue;
      }
      yield { at, motion, hold, carried };
      break;
    }
  }
  yield `${lastReason} (${checks} pick motions checked)`;
}

/** The largest joint difference, rad. */
function jointDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(0, ...a.map((q, i) => Math.abs(q - (b[i] ?? q))));
}

function costOf(baseTravelM: number, armTravelRad: number, graspQuality: number): ChainCost {
  return {
    baseTravelM,
    armTravelRad,
    graspQuality,
    total: baseTravelM + ARM_WEIGHT_M_PER_RAD * armTravelRad + QUALITY_WEIGHT_M * (1 - graspQuality),
  };
}

function carryTravelRad(arm: Arm, joints: Readonly<Record<string, number>>, carry: CarryPlan): number {
  const start = arm.jointNames.map((name) => joints[name] ?? 0);
  const path = [start, ...carry.rise, ...(carry.carry?.joints ?? [])];
  let sum = 0;
  for (let i = 1; i < path.length; i++)
    sum += Math.max(0, ...path[i]!.map((q, j) => Math.abs(q - (path[i - 1]![j] ?? q))));
  return sum;
}

/** Every arm's joints by URDF name, from `of`. */
function armsAt(scene: PlanningScene, of: (arm: Arm) => readonly number[]): Record<string, number> {
  const joints: Record<string, number> = {};
  for (const arm of scene.robot.parts.arms) Object.assign(joints, armMap(arm, of(arm)));
  return joints;
}

function armMap(arm: Arm, q: readonly number[]): Record<string, number> {
  return Object.fromEntries(arm.jointNames.map((name, i) => [name, q[i] ?? 0]));
}

function withArm(overrides: StandOffTry['overrides'], arm: Arm, q: readonly number[]): StandOffTry['overrides'] {
  return { ...overrides, joints: { ...overrides.joints, ...armMap(arm, q) } };
}

function last<T>(list: readonly T[]): T {
  return list[list.length - 1]!;
}

/** The rejections in a line: `grasp (stage): reason; ...`, the first few. */
function summarize(rejected: readonly Rejection[]): string {
  if (rejected.length === 0) return 'nothing to try';
  const shown = rejected.slice(0, 4).map((r) => `${r.grasp} (${r.stage}): ${r.reason}`);
  return shown.join('; ') + (rejected.length > 4 ? `; and ${rejected.length - 4} more` : '');
}
