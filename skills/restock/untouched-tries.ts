import type { Vector3 } from 'three';
import { wrapAngle, type Pose, type Pose2D } from '../../src/math/pose.ts';
import type { BlackboardView } from '../../src/skill/blackboard.ts';
import { HELD } from '../arm/held-objects.ts';
import { forgetGone } from './memory.ts';
import { UNMOVED_M } from './untouched.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

// A restock try whose every way was refused at planning (the robot neither touched its item nor moved) changed
// nothing the planner looks at, and the planner is deterministic: the same item for the same facing, with nothing
// near either moved, is refused again. Trying it again only costs a failed try. This remembers such tries with
// what stood around them, so the next choice of stock passes over the item until something there has changed.

/** Objects this close to the item (tote neighbours, walls' contents) or to the facing (shelf neighbours) count, m. */
const NEAR_M = 0.5;
/** The base moved less than this during a try stayed put (a refusal), m and rad; a drive moves it metres. */
const BASE_STAYED_M = 0.01;
const BASE_STAYED_RAD = 0.02;

/** A facing (or any place) by name and pose. */
export interface FacingRef {
  readonly name: string;
  readonly poseInWorld: Pose;
}

interface TrySnapshot {
  /** Positions of the item and of every object near it or near the facing, by id. */
  readonly positions: ReadonlyMap<string, Vector3>;
  /** What the arms held, sorted: a hand that was busy then and is free now plans differently. */
  readonly held: string;
}

const untouchedTries = new WeakMap<WorldModel, Map<string, TrySnapshot>>();
/** Where the base stood when each stock item's latest try began (undefined: a robot without a base). */
const tryStarts = new WeakMap<WorldModel, Map<string, Pose2D | undefined>>();

/** Records where the base stands as a try of `objectId` begins (`baseStayedSince` compares with it). */
export function rememberTryStart(world: WorldModel, objectId: string, base: Pose2D | undefined): void {
  const byId = tryStarts.get(world) ?? new Map<string, Pose2D | undefined>();
  forgetGone(world, byId);
  byId.set(objectId, base === undefined ? undefined : { ...base });
  tryStarts.set(world, byId);
}

/**
 * True when the base stands where it stood as the latest try of `objectId` began: the try was refused before the
 * robot drove anywhere. False when no start was recorded. A try that drove and then failed with the item untouched
 * (the grasp out of reach from where the base arrived) planned from elsewhere than the next try will.
 */
export function baseStayedSince(world: WorldModel, objectId: string, base: Pose2D | undefined): boolean {
  const byId = tryStarts.get(world);
  if (byId === undefined || !byId.has(objectId)) return false;
  const start = byId.get(objectId);
  if (start === undefined || base === undefined) return start === base;
  const turnRad = Math.abs(wrapAngle(base.yawRad - start.yawRad));
  return Math.hypot(base.x - start.x, base.y - start.y) < BASE_STAYED_M && turnRad < BASE_STAYED_RAD;
}

function key(facing: string, objectId: string): string {
  return `${facing}\n${objectId}`;
}

/** The object id of a `key`. */
function objectOfKey(k: string): string {
  return k.slice(k.indexOf('\n') + 1);
}

function snapshot(world: WorldModel, facing: FacingRef, objectId: string, heldIds: readonly string[]): TrySnapshot {
  const item = world.object(objectId)?.poseInWorld.position;
  const near = (p: Vector3): boolean =>
    p.distanceTo(facing.poseInWorld.position) <= NEAR_M || (item !== undefined && p.distanceTo(item) <= NEAR_M);
  const positions = new Map<string, Vector3>();
  for (const o of world.objects()) {
    if (o.id === objectId || near(o.poseInWorld.position)) positions.set(o.id, o.poseInWorld.position.clone());
  }
  return { positions, held: [...heldIds].sort().join(',') };
}

/**
 * Remembers a try of `objectId` for `facing` that ended with the item untouched, and what stood around them then.
 * `heldIds` are the objects the arms hold.
 */
export function rememberUntouchedTry(
  world: WorldModel,
  facing: FacingRef,
  objectId: string,
  heldIds: readonly string[],
): void {
  const byKey = untouchedTries.get(world) ?? new Map<string, TrySnapshot>();
  forgetGone(world, byKey, objectOfKey);
  byKey.set(key(facing.name, objectId), snapshot(world, facing, objectId, heldIds));
  untouchedTries.set(world, byKey);
}

/**
 * True when a try of `objectId` for `facing` already ended untouched and nothing near the item or the facing has
 * moved, come or gone since, with the arms holding the same: trying it again would be planned, and refused, alike.
 */
export function triedAlike(
  world: WorldModel,
  facing: FacingRef,
  objectId: string,
  heldIds: readonly string[],
): boolean {
  const then = untouchedTries.get(world)?.get(key(facing.name, objectId));
  if (then === undefined) return false;
  const now = snapshot(world, facing, objectId, heldIds);
  if (now.held !== then.held || now.positions.size !== then.positions.size) return false;
  for (const [id, position] of now.positions) {
    const before = then.positions.get(id);
    if (before === undefined || before.distanceTo(position) > UNMOVED_M) return false;
  }
  return true;
}

/** The objects the arms hold now (what `heldIds` of the functions above take). */
export function heldObjectIds(blackboard: BlackboardView): string[] {
  return blackboard.entries(HELD).map(([, hold]) => hold.objectId);
}
