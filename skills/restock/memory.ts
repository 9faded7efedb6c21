import type { Pose } from '../../src/math/pose.ts';
import type { WorldModel } from '../../src/world/world-model.ts';
import type { HeldObject } from '../arm/held-objects.ts';

/** Facings whose restock failed, and until when (sim time, ms) they are left alone. */
const coolingUntil = new WeakMap<WorldModel, Map<string, number>>();

/**
 * Leaves a facing alone until `untilMs`: a restock that failed there is not tried again at once, so a facing that
 * cannot be restocked does not take every cycle (it is tried again later, never in a tight loop).
 */
export function coolDownFacing(world: WorldModel, facing: string, untilMs: number): void {
  const byName = coolingUntil.get(world) ?? new Map<string, number>();
  byName.set(facing, untilMs);
  coolingUntil.set(world, byName);
}

/** Ends a facing's cool-down early: what made its restock fail has changed (the stock it could not reach was freed). */
export function endCoolDown(world: WorldModel, facing: string): void {
  coolingUntil.get(world)?.delete(facing);
}

/** True while a facing is being left alone after a failed restock. */
export function isCoolingDown(world: WorldModel, facing: string, nowMs: number): boolean {
  const until = coolingUntil.get(world)?.get(facing);
  return until !== undefined && nowMs < until;
}

/** Every facing left alone after a failed restock, with until when (sim time, ms): what a checkpoint of a run saves. */
export function coolDowns(world: WorldModel): ReadonlyMap<string, number> {
  return new Map(coolingUntil.get(world) ?? []);
}

/**
 * Drops from `byKey` the entries of objects no longer in the world (a shopper or the staff took them; `idOf` reads the
 * object's id from a key): kept, a store's memories of its items would grow by one for every item ever picked.
 */
export function forgetGone<V>(
  world: WorldModel,
  byKey: Map<string, V>,
  idOf: (key: string) => string = (k) => k,
): void {
  for (const k of byKey.keys()) if (world.object(idOf(k)) === undefined) byKey.delete(k);
}

/** Where each stock item stood before it was picked: a spot known to be free and in reach to put it back on. */
const pickOrigins = new WeakMap<WorldModel, Map<string, Pose>>();

/** Records where a stock item stood before its pick. */
export function rememberPickOrigin(world: WorldModel, objectId: string, poseInWorld: Pose): void {
  const byId = pickOrigins.get(world) ?? new Map<string, Pose>();
  forgetGone(world, byId);
  byId.set(objectId, poseInWorld);
  pickOrigins.set(world, byId);
}

/** Where a stock item stood before its pick, if it was picked by a restock. */
export function pickOrigin(world: WorldModel, objectId: string): Pose | undefined {
  return pickOrigins.get(world)?.get(objectId);
}

/** Holds a hand was reported stuck with (`handStuck`), by object: a person is to take those items out of the hand. */
const stuckHolds = new WeakMap<WorldModel, Map<string, HeldObject>>();

/**
 * Records that a hand is stuck with what it holds (nothing would take it): the robot has called for a person. The
 * hold itself is kept, so a later hold of the same item (freed, then picked again) is not taken for it.
 */
export function rememberStuckHold(world: WorldModel, hold: HeldObject): void {
  const byId = stuckHolds.get(world) ?? new Map<string, HeldObject>();
  byId.set(hold.objectId, hold);
  stuckHolds.set(world, byId);
}

/** The holds a hand was reported stuck with that nobody has taken yet. */
export function stuckHoldsOf(world: WorldModel): readonly HeldObject[] {
  return [...(stuckHolds.get(world)?.values() ?? [])];
}

/**
 * The stuck hold reported for the same grasp as `hold` (same item, same hand, same grasp), if one was: a re-plan from
 * the held state rewrites the hold as seen but keeps its grasp's rest orientation; a new grasp records its own.
 */
export function reportedStuckHold(world: WorldModel, hold: HeldObject): HeldObject | undefined {
  const then = stuckHolds.get(world)?.get(hold.objectId);
  return then !== undefined && sameGrasp(hold, then) ? then : undefined;
}

/** Whether `now` is the hold of the same grasp as `then` (see `reportedStuckHold`). */
export function sameGrasp(now: HeldObject | undefined, then: HeldObject): boolean {
  return now !== undefined && now.armName === then.armName && now.restQuaternion === then.restQuaternion;
}

/** Forgets a stuck hold: a person took the item, or the hand let go of it. */
export function forgetStuckHold(world: WorldModel, objectId: string): void {
  stuckHolds.get(world)?.delete(objectId);
}
