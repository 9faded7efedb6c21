import { Quaternion, Vector3 } from 'three';
import type { Rapier, RigidBody, World } from '../rapier.ts';
import { ParallelSlot, type ParallelHandles } from './parallel-slot.ts';
import { totalSteps, trialSchedule, type TrialSchedule } from './schedule.ts';
import { slotPoses } from './slot-geometry.ts';
import { SuctionSlot, type SuctionHandles } from './suction-slot.ts';
import type { TrialSlot } from './trial-slot.ts';
import {
  buildTrialTemplate,
  buildTrialWorld,
  restoreTrialWorld,
  type SlotHandles,
  type TrialTemplate,
} from './trial-world.ts';
import type { FailureMode, TrialChunk, TrialResult } from './types.ts';

/** The grasped point may drift this far in the gripper and still count as held (the peers' 3 cm). */
export const HELD_DRIFT_M = 0.03;
/** Beyond this drift the object is gone: the slot stops early. */
const DROPPED_DRIFT_M = 0.05;
const CHECK_EVERY_STEPS = 12;

/** How a chunk's world is made: a copy of a cached snapshot (datagen) or built from scratch (the naive baseline). */
export interface ChunkRunOptions {
  readonly reuse: boolean;
  /** Templates by key, kept between chunks by the caller (a worker keeps one map for its lifetime). */
  readonly templates?: Map<string, TrialTemplate>;
  readonly templateKey?: string;
}

interface Running {
  readonly index: number;
  readonly slot: TrialSlot;
  readonly body: RigidBody;
  /** The grasped point in the object frame, fixed at the end of closing. */
  readonly anchor: Vector3;
  width: number;
}

/**
 * Runs every trial of a chunk in one world, each in its own slot: place, close with the object weightless, then
 * gravity on, lift, hold and shake. Objects are held only by pad friction and motor force (or the sealed cup).
 */
export function runTrialChunk(rapier: Rapier, chunk: TrialChunk, options: ChunkRunOptions): TrialResult[] {
  const n = chunk.trials.length;
  const { world, slots } = makeWorld(rapier, chunk, options);
  const schedule = trialSchedule(chunk.schedule);
  const results: (TrialResult | undefined)[] = Array.from({ length: n }, () => undefined);
  const running: Running[] = [];
  for (let i = 0; i < n; i++) {
    const spec = chunk.trials[i]!;
    const handles = slots[i]!;
    const poses = slotPoses(i, spec);
    const body = world.getRigidBody(handles.objectBody);
    const collider = world.getCollider(handles.objectCollider);
    body.setTranslation(poses.objectPosition, true);
    body.setRotation(poses.objectRotation, true);
    collider.setFriction(spec.friction);
    collider.setMass(spec.massKg);
    const slot =
      chunk.effector.kind === 'parallel'
        ? new ParallelSlot(world, handles.effector as ParallelHandles, chunk.effector, spec, poses, collider, schedule)
        : new SuctionSlot(
            rapier,
            world,
            handles.effector as SuctionHandles,
            chunk.effector,
            spec,
            poses,
            collider,
            schedule,
          );
    if (slot.approachCollides()) {
      results[i] = failed('collision_at_approach');
      continue;
    }
    slot.place();
    running.push({ index: i, slot, body, anchor: new Vector3(), width: 0 });
  }
  simulate(world, schedule, running, results);
  world.free();
  return results.map((r) => r ?? failed('slipped_during_shake'));
}

function makeWorld(
  rapier: Rapier,
  chunk: TrialChunk,
  options: ChunkRunOptions,
): { world: World; slots: readonly SlotHandles[] } {
  const n = chunk.trials.length;
  if (!options.reuse) return buildTrialWorld(rapier, chunk.object, chunk.effector, n);
  const key = `${options.templateKey ?? JSON.stringify(chunk.object)}|${chunk.effector.name}|${n}`;
  let template = options.templates?.get(key);
  if (template === undefined) {
    template = buildTrialTemplate(rapier, chunk.object, chunk.effector, n);
    options.templates?.set(key, template);
  }
  return { world: restoreTrialWorld(rapier, template), slots: template.slots };
}

function simulate(
  world: World,
  schedule: TrialSchedule,
  running: Running[],
  results: (TrialResult | undefined)[],
): void {
  const closeEnd = schedule.closeSteps - 1;
  const liftEnd = closeEnd + schedule.liftSteps + schedule.holdSteps;
  const last = totalSteps(schedule) - 1;
  let active = running;
  const tcp = new Vector3();
  for (let k = 0; k <= last && active.length > 0; k++) {
    for (const r of active) r.slot.drive(k);
    world.step();
    if (k === closeEnd) {
      active = active.filter((r) => {
        if (!r.slot.holding(world)) return resolve(world, r, results, failed('no_contact'));
        r.slot.tcpInWorld(tcp);
        toBodyFrame(r.body, tcp, r.anchor);
        r.width = r.slot.closedWidthM();
        r.body.setGravityScale(1, true);
        return true;
      });
    } else if (k === liftEnd || k === last) {
      const mode: FailureMode = k === liftEnd ? 'slipped_during_lift' : 'slipped_during_shake';
      active = active.filter((r) => {
        const drift = driftM(r, tcp);
        if (!r.slot.holding(world) || drift > HELD_DRIFT_M)
          return resolve(world, r, results, { ...failed(mode), closedWidthM: r.width, slipM: drift });
        if (k === last) results[r.index] = { success: true, failure: 'none', closedWidthM: r.width, slipM: drift };
        return true;
      });
    } else if (k > closeEnd && (k - closeEnd) % CHECK_EVERY_STEPS === 0) {
      // A dropped object is not coming back: free its slot early so the world steps less.
      const mode: FailureMode = k < liftEnd ? 'slipped_during_lift' : 'slipped_during_shake';
      active = active.filter((r) => {
        const drift = driftM(r, tcp);
        return drift > DROPPED_DRIFT_M
          ? resolve(world, r, results, { ...failed(mode), closedWidthM: r.width, slipM: drift })
          : true;
      });
    }
  }
}

/** Records a failure and removes the object so the world stops simulating it; returns false for `filter`. */
function resolve(world: World, r: Running, results: (TrialResult | undefined)[], result: TrialResult): false {
  results[r.index] = result;
  world.removeRigidBody(r.body);
  return false;
}

function driftM(r: Running, tcp: Vector3): number {
  const t = r.body.translation();
  const q = r.body.rotation();
  const anchorNow = r.anchor
    .clone()
    .applyQuaternion(new Quaternion(q.x, q.y, q.z, q.w))
    .add(new Vector3(t.x, t.y, t.z));
  return anchorNow.distanceTo(r.slot.tcpInWorld(tcp));
}

function toBodyFrame(body: RigidBody, world: Vector3, out: Vector3): void {
  const t = body.translation();
  const q = body.rotation();
  out
    .copy(world)
    .sub(new Vector3(t.x, t.y, t.z))
    .applyQuaternion(new Quaternion(q.x, q.y, q.z, q.w).invert());
}

function failed(failure: FailureMode): TrialResult {
  return { success: false, failure, closedWidthM: 0, slipM: 0 };
}
