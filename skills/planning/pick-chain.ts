import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { CarryOptions } from '../arm/carry-plan.ts';
import type { FrameOverrides } from '../arm/robot-frames.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { planningSeed, stowJoints } from '../arm/postures.ts';
import { jointDistance, solveWaypoints } from '../arm/reachability.ts';
import { BEST_GRASP_SCORE, type GraspChoice } from '../grasping/plan-grasp.ts';
import { armMap, carryStage, last, type CarryStage } from './carry-stage.ts';
import { costOf } from './chain-cost.ts';
import type { HoldClass } from './hold-classes.ts';
import { nominalHold, planPickMotion, type PickMotion } from './pick-motion.ts';
import type { PickPlacePlan, PickPlaceRequest, Rejection } from './pick-place-plan.ts';
import { insideFirst } from './inside-first.ts';
import { placeStage, type PlaceMemo, type PlaceStage } from './place-stage.ts';
import { docksTightly, robustAt, standOffTries, type StandOff, type StandOffTry } from './stand-offs.ts';
import type { TravelFields } from './travel-field.ts';

/** Pick stand-offs whose carry and place are tried per hold class. */
const PICKS_PER_CLASS = 2;
/** Pick motions checked at most per hold class, and choices of a class tried per stand-off. */
const PICK_CHECKS_PER_CLASS = 40;
const CHOICES_PER_TRY = 3;
/** Complete chains of a class whose pick works only at its exact stand-off looked past, for a robust one. */
const FRAGILE_LOOK_PAST = 2;
const PICK_STAND_OFFS = 12;
const PICK_LIFTS = 3;
/**
 * Pick lift heights are tried around the one that puts the shoulder this high over the object, m: a top-down
 * reach into a tote comes down steeply enough that the forearm clears the tote's near wall.
 */
const PICK_SHOULDER_ABOVE_M = 0.4;

/**
 * The chain of one hold class: a pick (stand-off, lift and a checked pick motion) with its carry posture, then a
 * place reachable from that carry posture. When the place fails, the class's next pick is tried (at most
 * `PICKS_PER_CLASS`); undefined, with the reasons in `rejected`, when none completes. `carry`: how the carry
 * after each pick is searched (`planCarry`); its `refused` is set when a pick of the class was refused a carry.
 */
export function chainForClass(
  scene: PlanningScene,
  fields: TravelFields,
  memo: PlaceMemo,
  object: KnownObject,
  request: PickPlaceRequest,
  cls: HoldClass,
  targetName: string,
  fromPose: Pose2D | undefined,
  rejected: Rejection[],
  carry: ClassCarry = {},
): PickPlacePlan | undefined {
  const arm = cls.choices[0]!.entry.arm;
  const label = cls.choices[0]!.candidate.label;
  const mobile = scene.robot.parts.base !== undefined;
  // Mobile robots drive to the pick with every arm folded in; a fixed arm starts from where it is.
  const startJoints = mobile
    ? armsAt(scene, (a) => stowJoints(scene.robot, a))
    : armsAt(scene, (a) => [...a.currentState().positions]);
  const seed = planningSeed(scene.robot, arm);
  const picks = findPicks(scene, object, request, cls, arm, startJoints, seed, fromPose, fields, rejected, carry);
  const placeOf = (pick: Exclude<PickFound, string>) =>
    placeStage(
      scene,
      fields,
      memo,
      object,
      request.target,
      arm,
      pick.hold,
      pick.at.basePose,
      pick.carried,
      request.refusedPlaces,
    );
  const fragileChain = (pick: Exclude<PickFound, string>, stage: { place: PlaceStage; driveM: number }) =>
    chainOf(scene, fields, object, request, targetName, arm, pick, stage, false, fromPose, cls.key);
  let tried = 0;
  let fragile: PickPlacePlan | undefined;
  let lookedPast = 0;
  // Fragile picks (below) whose place is not searched yet, each with its entry in `rejected`: a robust pick after
  // them that completes a chain makes their places moot. They are searched, in order, before any step whose outcome
  // could depend on them (`settle`), so the chain found is the one searching each at once would find.
  const pending: Pending[] = [];
  /** The place of one fragile pick: kept as the fallback chain if it is the first to complete, or its refusal. */
  const fragilePlace = (pick: Exclude<PickFound, string>, slot: number): boolean => {
    const stage = placeOf(pick);
    if (typeof stage === 'string') {
      rejected[slot] = { grasp: pick.motion.choice.candidate.label, stage: 'place', reason: stage };
      return false;
    }
    fragile ??= fragileChain(pick, stage);
    lookedPast += 1;
    return true;
  };
  /** A fragile pick that fails the tight tolerance: its place is searched for the reason it is rejected with. */
  const notTight = (pick: Exclude<PickFound, string>): Rejection => {
    const stage = placeOf(pick);
    const grasp = pick.motion.choice.candidate.label;
    return typeof stage === 'string'
      ? { grasp, stage: 'place', reason: stage }
      : { grasp, stage: 'pick', reason: EXACT };
  };
  // The pending picks' check over the tight tolerance is put off too, until a step depends on it: a robust pick
  // after them that completes a chain makes it moot. Made then, in order, it leaves `pending` as checking each at
  // once would have (those that dock tightly), and each refused one its rejection.
  const checkPending = () => {
    for (const entry of pending.filter((p) => !p.tight)) {
      if (docksTightly(entry.pick.at, entry.works)) entry.tight = true;
      else {
        rejected[entry.slot] = notTight(entry.pick);
        pending.splice(pending.indexOf(entry), 1);
      }
    }
  };
  const settle = () => {
    checkPending();
    for (const { pick, slot } of pending.splice(0)) fragilePlace(pick, slot);
  };
  for (const pick of picks) {
    if (typeof pick === 'string') {
      rejected.push({ grasp: label, stage: 'pick', reason: pick });
      settle();
      return fragile;
    }
    tried += 1;
    const grasp = pick.motion.choice.candidate.label;
    // The pick's own check first, a few pick motions a docking error off: it decides whether the place is needed now.
    const works = (o: FrameOverrides) => typeof planPickMotion(scene, object, pick.motion.choice, o, seed) !== 'string';
    if (robustAt(pick.at, works)) {
      const stage = placeOf(pick);
      if (typeof stage !== 'string')
        return chainOf(scene, fields, object, request, targetName, arm, pick, stage, true, fromPose, cls.key);
      rejected.push({ grasp, stage: 'place', reason: stage });
    } else {
      // A pick that works only with the base exactly at its stand-off is lost to the few mm the base docks off it
      // (the grasp's sweep then hits what the plan cleared by a hair): the class's next picks are tried for a
      // robust one first, and this one is kept in case none is found, if it docks tightly. It is docked to the tight
      // tolerance of an exact stand-off, where the base stops at the edge of that tolerance too: one that fails that
      // close is no pick (demo seed 1's bleach bottle, 2.98 mm and 0.15° off, the approach then changed IK branch).
      checkPending();
      const slot = rejected.push({ grasp, stage: 'pick', reason: FRAGILE_PICK }) - 1;
      // Its place is put off unless the search could stop here: this one looked past one too many if its place
      // works, or the budget spent if it does not (`lookedPast` counts only the fragile picks whose place worked).
      // Put off unchecked: one that fails the tight tolerance would go on to the next pick too (budget not spent).
      const mayStop = lookedPast + pending.length + 1 > FRAGILE_LOOK_PAST || tried >= PICKS_PER_CLASS + lookedPast;
      if (!mayStop) {
        pending.push({ pick, slot, works, tight: false });
        continue;
      }
      if (!docksTightly(pick.at, works)) rejected[slot] = notTight(pick);
      else {
        settle();
        if (fragilePlace(pick, slot)) {
          if (lookedPast > FRAGILE_LOOK_PAST) return fragile;
          continue;
        }
      }
    }
    // A failed place, or a pick that fails the tight tolerance: the class's next pick, while the budget lasts. The
    // budget grows with each fragile pick whose place worked, so only a stop the pending ones could not prevent
    // waits for them.
    if (tried >= PICKS_PER_CLASS + lookedPast) {
      settle();
      if (tried >= PICKS_PER_CLASS + lookedPast) return fragile;
    }
  }
  settle();
  if (fragile) return fragile;
  rejected.push({ grasp: label, stage: 'pick', reason: 'no pick stand-off left to try' });
  return undefined;
}

/** Rejections of a pick that works only at its exact stand-off, and of one that fails the tight tolerance too. */
const FRAGILE_PICK = 'works only at the exact stand-off, not a docking error off';
const EXACT = 'works only at its exact pose, not within the tight tolerance it would be docked to';

/** A fragile pick whose place is put off; `tight` once it is checked to work over the tight tolerance. */
interface Pending {
  readonly pick: Exclude<PickFound, string>;
  readonly slot: number;
  readonly works: (o: FrameOverrides) => boolean;
  tight: boolean;
}

/** The plan of a complete chain: the pick found, its place stage, and the cost of both. */
function chainOf(
  scene: PlanningScene,
  fields: TravelFields,
  object: KnownObject,
  request: PickPlaceRequest,
  targetName: string,
  arm: Arm,
  pick: Exclude<PickFound, string>,
  stage: { place: PlaceStage; driveM: number },
  robust: boolean,
  fromPose: Pose2D | undefined,
  holdClass: string,
): PickPlacePlan {
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
    pick: { standOff, motion: pick.motion, holdClass },
    hold: pick.hold,
    ...(pick.carried.carry ? { carry: pick.carried.carry } : {}),
    place: stage.place,
    cost: costOf(toPick + stage.driveM, armTravelRad, pick.motion.choice.score / BEST_GRASP_SCORE),
    alternatives: 1,
    rejected: [],
  };
}

/** How the carries of a class's picks are searched (`planCarry`), and whether one was refused. */
export interface ClassCarry {
  readonly options?: CarryOptions;
  refused?: boolean;
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
  carry: ClassCarry,
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
    // The full motion and carry of each screened choice, lazily: `insideFirst` stops at the first inside carry.
    const picksHere = function* (): Generator<Exclude<PickFound, string>> {
      for (const { choice } of screened.slice(0, CHOICES_PER_TRY)) {
        if (checks >= PICK_CHECKS_PER_CLASS) return;
        checks += 1;
        const motion = planPickMotion(scene, object, choice, at.overrides, seed);
        if (typeof motion === 'string') {
          lastReason = `${choice.candidate.label}: ${motion}`;
          continue;
        }
        // The carry belongs to the pick: a grasp from which the load cannot be drawn in is no pick for a drive.
        const hold = nominalHold(object, choice);
        const atRetreat = { ...at.overrides.joints, ...armMap(arm, last(motion.retreat)) };
        const carried = carryStage(scene, object, request.target, arm, hold, at.basePose, atRetreat, carry.options);
        if (typeof carried === 'string') {
          carry.refused = true;
          if (!rejected.some((r) => r.reason === carried))
            rejected.push({ grasp: choice.candidate.label, stage: 'carry', reason: carried });
          lastReason = `${choice.candidate.label}: ${carried}`;
          continue;
        }
        yield { at, motion, hold, carried };
      }
    };
    yield* insideFirst(picksHere(), (p) => p.carried.carry?.carry?.beyondFootprintM !== undefined);
    if (checks >= PICK_CHECKS_PER_CLASS) break;
  }
  yield `${lastReason} (${checks} pick motions checked)`;
}

/** Every arm's joints by URDF name, from `of`. */
function armsAt(scene: PlanningScene, of: (arm: Arm) => readonly number[]): Record<string, number> {
  const joints: Record<string, number> = {};
  for (const arm of scene.robot.parts.arms) Object.assign(joints, armMap(arm, of(arm)));
  return joints;
}
