import type { Pose2D } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { basePose2D, currentJoints } from '../arm/robot-frames.ts';
import { rankGraspChoices } from '../grasping/plan-grasp.ts';
import { resolvePlaceTarget } from '../placing/place-target.ts';
import { levelledStandUp } from '../reach/level-lift.ts';
import { carryStage } from './carry-stage.ts';
import { costOf } from './chain-cost.ts';
import { holdClasses, type HoldClass } from './hold-classes.ts';
import { roomFirst } from './overhead-room.ts';
import { chainForClass, type ClassCarry } from './pick-chain.ts';
import { placesInLine, searchInLine } from './in-line.ts';
import { PICK_DISTANCES } from './pick-motion.ts';
import { placeStage, type PlaceMemo } from './place-stage.ts';
import { travelFields, type TravelFields } from './travel-field.ts';
import type { PickPlacePlan, PickPlaceRequest, Rejection } from './pick-place-plan.ts';
import { knownObject } from '../../src/skill/known-object.ts';

/** Hold classes (grasps that differ only by a turn about the object's symmetry) tried at most. */
const MAX_CLASSES = 4;
/** Complete chains compared at most before the cheapest is taken. */
const MAX_CHAINS = 2;

/**
 * Plans a pick-and-place as one problem, in the spirit of MoveIt Task Constructor's stages: grasp candidates are
 * grouped into hold classes (grasps a turn of a symmetric object apart lead to the same carry and place), and for
 * each class, best first, the planner looks for a pick (stand-off, lift and a checked pick motion), a carry
 * posture, and a place stand-off and approach reachable from that carry posture. A chain is kept only when every
 * stage is feasible; when a later stage fails the search goes back to the class's next pick, then to the next class.
 * Of the complete chains the cheapest (`ChainCost`) is chosen. IK is seeded from the arm's named `ready` posture and
 * the arms start the pick folded in their `stow` posture, so the plan does not depend on where the arms are now.
 * Place stand-offs a place into this target already failed at on the robot (`request.refusedPlaces`) are not tried.
 *
 * Throws `invalid-input` (unknown object or target), `no-grasp` (no grasp fits, every approach blocked) or
 * `unreachable` (no complete chain), with every rejected alternative in the failure's detail.
 *
 * @example
 * const plan = solvePickAndPlace(ctx, { object: 'stock-tote/can-330ml-3', target: 'aisle-a/level-1/slot-6', effector: 'auto' });
 */
export function solvePickAndPlace(scene: PlanningScene, asked: PickPlaceRequest): PickPlacePlan {
  const object = knownObject(scene.world, asked.object);
  const targetName = resolvePlaceTarget(scene.world, asked.target, 0).name;
  // Only the stand-offs a place into this target failed at are skipped.
  const refusedPlaces = (asked.refusedPlaces ?? []).filter((refused) => refused.target === targetName);
  const request: PickPlaceRequest = { ...asked, refusedPlaces };
  const rejected: Rejection[] = [];
  const chains: PickPlacePlan[] = [];
  const fromPose = basePose2D(scene.robot);
  const fields = travelFields(scene);
  const memo: PlaceMemo = new Map();
  const inLine = (chain: PickPlacePlan) => placesInLine(scene.world, object, chain);
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
    const { ordered, short } = roomFirst(scene, object, holdClasses(object, ranked), request.target);
    for (const cls of ordered.slice(MAX_CLASSES).filter((c) => short.has(c.key))) {
      const shortM = short.get(cls.key)!;
      const reason = `from above the hand needs ${(shortM * 1000).toFixed(0)} mm more room than the board above leaves`;
      rejected.push({ grasp: cls.choices[0]!.candidate.label, stage: 'grasp', reason });
    }
    const carryRefused: HoldClass[] = [];
    for (const cls of ordered.slice(0, MAX_CLASSES)) {
      const carry: ClassCarry = {};
      const chain = chainForClass(scene, fields, memo, object, request, cls, targetName, fromPose, rejected, carry);
      if (chain) chains.push(chain);
      if (carry.refused) carryRefused.push(cls);
      if (chains.length >= MAX_CHAINS) break;
    }
    // No load carried as it was picked: the classes refused a carry are tried again with carry poses turned toward
    // the body (a tall box held from the side, the hand pointing out in front). Picks whose carry worked end as
    // before (their place stages are in `memo`), so only what was refused a carry is searched anew.
    const turnedTried = chains.length === 0;
    for (const cls of turnedTried ? carryRefused : []) {
      const turned = { options: { turned: true } };
      const chain = chainForClass(scene, fields, memo, object, request, cls, targetName, fromPose, rejected, turned);
      if (chain) chains.push(chain);
      if (chains.length >= MAX_CHAINS) break;
    }
    // Every chain found turns a box off its facing: the classes not tried that way are searched for one in line.
    if (chains.length > 0 && !chains.some(inLine)) {
      const inLineChain = searchInLine({
        ...{ scene, fields, memo, object, request, targetName, fromPose, rejected },
        carryRefused: turnedTried ? [] : carryRefused,
        untried: ordered.slice(MAX_CLASSES).filter((c) => !short.has(c.key)),
      });
      if (inLineChain) chains.push(inLineChain);
    }
  }
  // In line before a quarter turn off; a chain whose pick survives the base's docking error before one that works
  // only at its exact stand-off; then the cheapest.
  const lineRank = (chain: PickPlacePlan) => (inLine(chain) ? 0 : 1);
  chains.sort((a, b) => lineRank(a) - lineRank(b) || robustRank(a) - robustRank(b) || a.cost.total - b.cost.total);
  const best = chains[0];
  if (!best) {
    // Why the alternatives that came furthest failed is why the plan failed: a tote's wall blocking a few grasps is
    // true, but it is not what stopped the grasps that were picked, carried and refused a way into the slot.
    const furthestFirst = byFurthestStage(rejected);
    throw new SkillFailure(
      'unreachable',
      `no feasible pick-and-place of '${object.id}' to '${targetName}': ${summarize(furthestFirst)}`,
      { detail: { objectId: object.id, target: targetName, rejected: furthestFirst } },
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
  let carried = carryStage(scene, object, request.target, arm, hold, fromPose, joints, { asHeld: true });
  // A load in the hand in a squat that bends the torso (a biped's waist) may have no carry posture from there: the
  // carry then starts where a levelled stand-up ends (the torso straight), and the plan says to stand up first.
  const standUp = typeof carried === 'string' ? levelledStandUp(scene, hold) : undefined;
  if (standUp) {
    const upright = carryStage(scene, object, request.target, arm, hold, fromPose, standUp.joints, { asHeld: true });
    if (typeof upright !== 'string') carried = upright;
  }
  const standsUpFirst = standUp !== undefined && typeof carried !== 'string';
  const stage =
    typeof carried === 'string'
      ? carried
      : placeStage(
          scene,
          fields,
          new Map(),
          object,
          request.target,
          arm,
          hold,
          fromPose,
          carried,
          request.refusedPlaces,
        );
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
    ...(standsUpFirst ? { standsUpFirst: true as const } : {}),
    place: stage.place,
    cost: costOf(stage.driveM, carried.armTravelRad + stage.place.armTravelRad, 1),
    alternatives: 1,
    rejected: [],
  };
}

/** 0 for a chain whose pick stays feasible a docking error off (or that has no pick), 1 otherwise. */
function robustRank(chain: PickPlacePlan): number {
  return chain.pick && !chain.pick.standOff.robust ? 1 : 0;
}

/** How far an alternative got before it was rejected: later stages first when rejections are listed. */
const STAGE_REACHED: Readonly<Record<Rejection['stage'], number>> = { grasp: 0, pick: 1, carry: 2, place: 3, cost: 4 };

/** `rejected`, the alternatives that came furthest first (the order within a stage kept). */
export function byFurthestStage(rejected: readonly Rejection[]): Rejection[] {
  return [...rejected].sort((a, b) => STAGE_REACHED[b.stage] - STAGE_REACHED[a.stage]);
}

/** The rejections in a line: `grasp (stage): reason; ...`, the first few. */
function summarize(rejected: readonly Rejection[]): string {
  if (rejected.length === 0) return 'nothing to try';
  const shown = rejected.slice(0, 4).map((r) => `${r.grasp} (${r.stage}): ${r.reason}`);
  return shown.join('; ') + (rejected.length > 4 ? `; and ${rejected.length - 4} more` : '');
}
