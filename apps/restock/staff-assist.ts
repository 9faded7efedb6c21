import type { Vector3 } from 'three';
import { HELD, heldObject } from '../../skills/arm/held-objects.ts';
import { armTraps, forgetTrap } from '../../skills/reach/trapped-arm.ts';
import { forgetStuckHold, sameGrasp, stuckHoldsOf } from '../../skills/restock/memory.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { emitStoreEvent } from './store-events.ts';
import { heldItemIds, type StoreSession } from './store-session.ts';

/** An arm whose joints all turn slower than this stands still (a worker may reach into its hand), rad/s. */
const STILL_RADPS = 0.01;

/** The arm named stands still, so a worker may reach in beside it: every joint slower than `STILL_RADPS`. */
function armStandsStill(store: StoreSession, armName: string): boolean {
  const arm = store.robot.parts.arms.find((a) => a.name === armName);
  return arm !== undefined && arm.currentState().velocities.every((v) => Math.abs(v) <= STILL_RADPS);
}

/**
 * A worker takes an item out of a hand the robot reported stuck with it (`handStuck`: nothing would take it, a
 * person must), once the arm holding it stands still, and tidies it away like a knocked item: the hand is free
 * for the next facing instead of the robot standing with it to the end of the run (demo seed 9 held a bleach
 * bottle from 10:45 to the end). The report stays counted (`handsStuck`). Logged as a `tidy` event.
 */
export function takeFromStuckHands(store: StoreSession, sink: TelemetrySink, nowMs: number): void {
  const { world, blackboard, simulation } = store;
  for (const stuck of stuckHoldsOf(world)) {
    const id = stuck.objectId;
    // Freed since (placed, dropped, or held anew after a later pick): nobody is called for it any more.
    if (!sameGrasp(heldObject(blackboard, id), stuck) || world.object(id) === undefined) {
      forgetStuckHold(world, id);
      continue;
    }
    if (!armStandsStill(store, stuck.armName)) continue;
    simulation.removeObject(id);
    blackboard.delete(HELD.of(id));
    forgetStuckHold(world, id);
    emitStoreEvent(sink, nowMs, { kind: 'tidy', removed: [id], why: 'taken from a stuck hand' });
  }
}

/**
 * A worker takes away the item an empty arm reported itself trapped against (`trapped`: no way in, the hand past
 * the footprint, so every drive is refused), once the arm stands still, and tidies it like a knocked item: the next
 * tuck finds the way in clear. A trap against a fixture needs a person to guide the arm, which is not modelled: the
 * robot goes on refusing drives and logs it (`stillTrapped`). Logged as a `tidy` event.
 */
export function clearTrapBlockers(store: StoreSession, sink: TelemetrySink, nowMs: number): void {
  const { robot, world, simulation } = store;
  const held = heldItemIds(store);
  for (const trap of armTraps(robot)) {
    const id = trap.objectId;
    if (id === undefined || held.has(id) || world.object(id) === undefined) continue;
    if (!armStandsStill(store, trap.armName)) continue;
    simulation.removeObject(id);
    forgetTrap(robot, trap.armName);
    emitStoreEvent(sink, nowMs, { kind: 'tidy', removed: [id], why: 'taken from beside a trapped arm' });
  }
}

/** An item whose centre is this close above the floor's top lies on the floor (the lowest boards stand higher), m. */
const ON_FLOOR_M = 0.12;

/**
 * A worker picks up items lying on the floor (dropped by a failed place) as soon as the robot's hands are clear of
 * them (the rule of a tote swap), instead of at the next three-minute tidy, which leaves items near the robot
 * alone: navigation plans around fixtures, not products, so the base drove into a bottle it had dropped beside
 * itself (demo seed 1 at 13:01, seed 10 at 11:45, once the arms could fold in there). Logged as a `tidy` event.
 */
export function pickUpFromFloor(
  store: StoreSession,
  sink: TelemetrySink,
  nowMs: number,
  handsNear: (position: Vector3) => boolean,
): void {
  const { world, simulation } = store;
  const held = heldItemIds(store);
  const onFloor = world
    .objects()
    .filter((o) => !held.has(o.id) && Math.abs(o.poseInWorld.position.z) < ON_FLOOR_M)
    .filter((o) => !handsNear(o.poseInWorld.position))
    .map((o) => o.id);
  if (onFloor.length === 0) return;
  for (const id of onFloor) simulation.removeObject(id);
  emitStoreEvent(sink, nowMs, { kind: 'tidy', removed: onFloor, why: 'picked up off the floor' });
}
