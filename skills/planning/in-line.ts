import { Vector3, type Quaternion } from 'three';
import { wrapAngle } from '../../src/math/pose.ts';
import { planogramOf } from '../../src/world/planogram.ts';
import type { KnownObject, WorldModel } from '../../src/world/world-model.ts';
import { isRound, quarterTurnShowsSide, type HoldClass } from './hold-classes.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { chainForClass, type ClassCarry } from './pick-chain.ts';
import type { PickPlacePlan, PickPlaceRequest, Rejection } from './pick-place-plan.ts';
import type { PlaceMemo } from './place-stage.ts';
import type { TravelFields } from './travel-field.ts';

/** A box whose face is turned less than this from its facing's heading stands in line, degrees (`verifyFacing`'s). */
export const IN_LINE_DEG = 20;

/**
 * How far an item's face is turned from `productYawRad` (where its own +x, its depth axis, should point), rad: a box
 * turned half a turn still shows a wide face, a quarter turn shows its side, unless its footprint is square (a milk
 * carton), whose every side is as wide; 0 for round items, which show a face at any heading. The one measure of a
 * turned item: the planner ranks chains by it, `verifyFacing` judges a placed item by it.
 */
export function faceTurnRad(object: KnownObject, orientation: Quaternion, productYawRad: number): number {
  if (isRound(object)) return 0;
  const x = new Vector3(1, 0, 0).applyQuaternion(orientation);
  const symmetryRad = quarterTurnShowsSide(object) ? Math.PI : Math.PI / 2;
  const error = Math.abs(wrapAngle(Math.atan2(x.y, x.x) - productYawRad)) % symmetryRad;
  return Math.min(error, symmetryRad - error);
}

/**
 * Whether the chain leaves its load in line with its target: the heading the planogram gives the facing's product,
 * or a shelf slot's own heading; always, for a target with no heading (an open surface) and for round loads.
 */
export function placesInLine(world: WorldModel, object: KnownObject, chain: PickPlacePlan): boolean {
  const { goal, objectAtRest } = chain.place.plan;
  const facing = planogramOf(world)?.facings.find((f) => f.name === goal.name);
  const headingRad = facing?.productYawRad ?? goal.yawRad;
  if (headingRad === undefined) return true;
  return faceTurnRad(object, objectAtRest.quaternion, headingRad) <= (IN_LINE_DEG * Math.PI) / 180;
}

/** Hold classes beyond those tried first searched at most for a chain that keeps a box in line. */
const MORE_CLASSES = 4;

/** What `searchInLine` searches: the planner's scene and memo, and the hold classes left to try. */
export interface InLineSearch {
  readonly scene: PlanningScene;
  readonly fields: TravelFields;
  readonly memo: PlaceMemo;
  readonly object: KnownObject;
  readonly request: PickPlaceRequest;
  readonly targetName: string;
  readonly fromPose: Pose2D | undefined;
  readonly rejected: Rejection[];
  /** Classes tried first whose pick was refused a carry as picked, not yet tried with the carry turned. */
  readonly carryRefused: readonly HoldClass[];
  /** Classes not tried yet that fit under what stands over the target, best first. */
  readonly untried: readonly HoldClass[];
}

/**
 * Every chain found turns a box off its facing (a side hold whose hand goes straight into the slot): the first chain
 * that keeps it in line, if one is found among the classes refused a carry as picked (now with the carry turned
 * toward the body, as when no chain is found at all) and up to four classes not tried yet (carried as picked, or
 * turned when that is refused). Chains that also turn it are not kept: they add nothing to what was found.
 */
export function searchInLine(search: InLineSearch): PickPlacePlan | undefined {
  const { scene, fields, memo, object, request, targetName, fromPose, rejected } = search;
  const chainFor = (cls: HoldClass, carry: ClassCarry) =>
    chainForClass(scene, fields, memo, object, request, cls, targetName, fromPose, rejected, carry);
  const turned = (): ClassCarry => ({ options: { turned: true } });
  const kept = (chain: PickPlacePlan | undefined) =>
    chain && placesInLine(scene.world, object, chain) ? chain : undefined;
  for (const cls of search.carryRefused) {
    const chain = kept(chainFor(cls, turned()));
    if (chain) return chain;
  }
  for (const cls of search.untried.slice(0, MORE_CLASSES)) {
    const asPicked: ClassCarry = {};
    const chain = kept(chainFor(cls, asPicked) ?? (asPicked.refused ? chainFor(cls, turned()) : undefined));
    if (chain) return chain;
  }
  return undefined;
}
