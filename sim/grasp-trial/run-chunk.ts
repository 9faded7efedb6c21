import { Matrix4, Quaternion, Vector3 } from 'three';
import { turnsTrialWorld, type JawJoints } from '../effectors/jaw-joints.ts';
import type { Rapier, RigidBody, World } from '../rapier.ts';
import { ParallelSlot, weightInFrame, type ParallelHandles } from './parallel-slot.ts';
import { TRIAL_PROTOCOL } from './protocol.ts';
import { totalSteps, trialSchedule, type TrialSchedule } from './schedule.ts';
import { gravityInGripper, PalmLoadWatch } from './palm-load.ts';
import { inGripperFrame, slotOrigin, slotPoses, TRIAL_GRAVITY_MPS2 } from './slot-geometry.ts';
import { SuctionSlot, type SuctionHandles } from './suction-slot.ts';
import type { TrialSlot } from './trial-slot.ts';
import {
  buildTrialTemplate,
  buildTrialWorld,
  restoreTrialWorld,
  applySolverVariant,
  trialStepper,
  TRIAL_FINGER_JOINTS,
  type SlotHandles,
  type TrialSolverVariant,
  type TrialTemplate,
} from './trial-world.ts';
import type { FailureMode, TrialChunk, TrialResult } from './types.ts';

/** How a chunk's worlds are made: copies of a cached snapshot (datagen) or built from scratch (the naive baseline). */
export interface ChunkRunOptions {
  readonly reuse: boolean;
  /** Templates by key, kept between chunks by the caller (a worker keeps one map for its lifetime). */
  readonly templates?: Map<string, TrialTemplate>;
  readonly templateKey?: string;
  /**
   * Take a trial out of its world as soon as its outcome is decided (default). Off, decided trials keep moving to
   * the end of the protocol; the labels are the same (test/datagen/early-stop.test.ts), only slower.
   */
  readonly earlyStop?: boolean;
  /**
   * Step with `World.step` and send every motor setting every step: the plain path the fast one (`trialStepper`,
   * motor settings sent only when changed) must match bit for bit (test/datagen/fast-path.test.ts). Slower.
   */
  readonly plainStepping?: boolean;
  /** Solver settings other than `SOLVER`'s, for benches that measure what they change (never datasets). */
  readonly solverVariant?: TrialSolverVariant;
  /** Called after every step of every world, for benches that read the engine (its profiler, the contacts). */
  readonly onStep?: (world: World) => void;
}

interface Running {
  readonly index: number;
  readonly slot: TrialSlot;
  readonly handles: SlotHandles;
  readonly body: RigidBody;
  /** The grasped point in the object frame, fixed at the end of closing. */
  readonly anchor: Vector3;
  /** The object's weight as a force, N, when the slot's world is turned into the gripper's frame; else null. */
  readonly weight: Vector3 | null;
  /** Whether the palm carries the load (`palm_contact`); null for a suction cup, which has no palm. */
  readonly palm: PalmLoadWatch | null;
  width: number;
  decided: boolean;
}

/**
 * Runs every trial of a chunk, each in the slot its index gives it: place, close with the object weightless, then
 * gravity on, lift, hold and shake. Objects are held only by pad friction and motor force (or the sealed cup).
 */
export function runTrialChunk(rapier: Rapier, chunk: TrialChunk, options: ChunkRunOptions): TrialResult[] {
  const perWorld = TRIAL_PROTOCOL.trialsPerWorld;
  const results: (TrialResult | undefined)[] = Array.from({ length: chunk.trials.length }, () => undefined);
  // Trials whose indices fall in the same block of `perWorld` share a world, each in slot index mod perWorld.
  const groups = new Map<number, number[]>();
  chunk.trials.forEach((_, i) => {
    const index = chunk.firstTrialIndex + i;
    const group = Math.floor(index / perWorld);
    groups.set(group, [...(groups.get(group) ?? []), i]);
  });
  for (const members of groups.values()) runWorld(rapier, chunk, members, options, results);
  return results.map((r) => r ?? failed('slipped_during_shake'));
}

function runWorld(
  rapier: Rapier,
  chunk: TrialChunk,
  members: readonly number[],
  options: ChunkRunOptions,
  results: (TrialResult | undefined)[],
): void {
  const template = templateFor(rapier, chunk, options);
  const world = options.reuse
    ? restoreTrialWorld(rapier, template)
    : buildTrialWorld(rapier, chunk.object, chunk.effector, fingerJointsOf(chunk)).world;
  if (options.solverVariant !== undefined) applySolverVariant(world, options.solverVariant);
  const schedule = trialSchedule(chunk.schedule);
  const used = new Set(members.map((i) => (chunk.firstTrialIndex + i) % TRIAL_PROTOCOL.trialsPerWorld));
  template.slots.forEach((handles, j) => {
    if (!used.has(j)) removeSlot(world, handles);
  });
  const running: Running[] = [];
  for (const i of members) {
    const spec = chunk.trials[i]!;
    const j = (chunk.firstTrialIndex + i) % TRIAL_PROTOCOL.trialsPerWorld;
    const handles = template.slots[j]!;
    const turned = chunk.effector.kind === 'parallel' && turnsTrialWorld(fingerJointsOf(chunk));
    const placed = turned
      ? inGripperFrame(slotPoses(j, spec), slotOrigin(j))
      : { poses: slotPoses(j, spec), worldToFrame: null };
    const poses = placed.poses;
    const body = world.getRigidBody(handles.objectBody);
    const collider = world.getCollider(handles.objectCollider);
    body.setTranslation(poses.objectPosition, true);
    body.setRotation(poses.objectRotation, true);
    collider.setFriction(spec.friction);
    collider.setMass(spec.massKg);
    const slot =
      chunk.effector.kind === 'parallel'
        ? new ParallelSlot(
            rapier,
            world,
            handles.effector as ParallelHandles,
            chunk.effector,
            template.gripperParts,
            spec,
            poses,
            collider,
            schedule,
            placed.worldToFrame,
          )
        : new SuctionSlot(
            rapier,
            world,
            handles.effector as SuctionHandles,
            chunk.effector,
            template.gripperParts,
            spec,
            poses,
            collider,
            schedule,
          );
    if (slot.approachCollides(template.objectPolytope)) {
      results[i] = failed('collision_at_approach');
      removeSlot(world, handles);
      continue;
    }
    slot.place();
    const weight = placed.worldToFrame === null ? null : weightInFrame(placed.worldToFrame, spec.massKg);
    const gripperRotation = slotPoses(j, spec).gripperRotation;
    const palm =
      chunk.effector.kind === 'parallel'
        ? new PalmLoadWatch({
            jaw: chunk.effector,
            shape: chunk.object.shape,
            gravityInGripperMps2: gravityInGripper(TRIAL_GRAVITY_MPS2, gripperRotation),
            massKg: spec.massKg,
            friction: spec.friction,
            squeezeN: spec.effort,
          })
        : null;
    running.push({ index: i, slot, handles, body, anchor: new Vector3(), weight, palm, width: 0, decided: false });
  }
  // Colliders follow their bodies at the next step; the cup's first seal check looks at them before it.
  world.propagateModifiedBodyPositionsToColliders();
  simulate(world, schedule, running, results, options);
  world.free();
}

function templateFor(rapier: Rapier, chunk: TrialChunk, options: ChunkRunOptions): TrialTemplate {
  const joints = fingerJointsOf(chunk);
  const key = `${options.templateKey ?? JSON.stringify(chunk.object)}|${chunk.effector.name}|${joints}`;
  let template = options.templates?.get(key);
  if (template === undefined) {
    template = buildTrialTemplate(rapier, chunk.object, chunk.effector, joints);
    options.templates?.set(key, template);
  }
  return template;
}

function fingerJointsOf(chunk: TrialChunk): JawJoints {
  return chunk.fingerJoints ?? TRIAL_FINGER_JOINTS;
}

function simulate(
  world: World,
  schedule: TrialSchedule,
  running: Running[],
  results: (TrialResult | undefined)[],
  options: ChunkRunOptions,
): void {
  const earlyStop = options.earlyStop ?? true;
  const plainStepping = options.plainStepping ?? false;
  const onStep = options.onStep;
  const closeEnd = schedule.closeSteps - 1;
  const liftEnd = closeEnd + schedule.liftSteps + schedule.holdSteps;
  const last = totalSteps(schedule) - 1;
  let active = running;
  const step = plainStepping ? () => world.step() : trialStepper(world);
  const point = new Vector3();
  const decide = (r: Running, result: TrialResult): boolean => {
    results[r.index] = result;
    r.decided = true;
    if (earlyStop) removeSlot(world, r.handles);
    return !earlyStop;
  };
  for (let k = 0; k <= last && active.length > 0; k++) {
    for (const r of active) {
      if (plainStepping && r.slot instanceof ParallelSlot) r.slot.forgetSentMotors();
      r.slot.drive(k);
    }
    step();
    onStep?.(world);
    if (k === closeEnd) {
      active = active.filter((r) => {
        if (!r.slot.holding(world)) return decide(r, failed('no_contact'));
        toBodyFrame(r.body, r.slot.gripPoint(point), r.anchor);
        r.width = r.slot.closedWidthM();
        if (r.weight === null) r.body.setGravityScale(1, true);
        else r.body.addForce(r.weight, true);
        return true;
      });
      continue;
    }
    if (k > closeEnd) for (const r of active) if (!r.decided) r.palm?.step(r.slot.palmForceN(world));
    const phaseEnd = k === liftEnd || k === last;
    if (k < closeEnd || (!phaseEnd && (k - closeEnd) % TRIAL_PROTOCOL.checkEverySteps !== 0)) continue;
    // Checked on a fixed cadence, so stopping a decided trial early never changes a label.
    const phase: FailureMode = k <= liftEnd ? 'slipped_during_lift' : 'slipped_during_shake';
    active = active.filter((r) => {
      if (r.decided) return true;
      const slipM = slip(r, point);
      const failure: FailureMode | undefined = palmFails(r)
        ? 'palm_contact'
        : slipM > TRIAL_PROTOCOL.heldSlipM || !r.slot.touching(world) || (phaseEnd && !r.slot.holding(world))
          ? phase
          : undefined;
      if (failure !== undefined) return decide(r, { success: false, failure, closedWidthM: r.width, slipM });
      if (k === last) return decide(r, { success: true, failure: 'none', closedWidthM: r.width, slipM });
      return true;
    });
  }
}

/** The palm judge's verdict at a check (palm-load.ts), the object where it sits in the gripper. */
function palmFails(r: Running): boolean {
  const slot = r.slot;
  return r.palm !== null && slot instanceof ParallelSlot && r.palm.fails(() => slot.objectInGripper(new Matrix4()));
}

/** Takes a slot's object and effector out of the world, so it steps no more. */
function removeSlot(world: World, handles: SlotHandles): void {
  const bodies =
    'jaw' in handles.effector ? [handles.effector.palm, ...handles.effector.jaw.fingerBodies] : [handles.effector.cup];
  for (const h of [handles.objectBody, ...bodies]) {
    const body = world.getRigidBody(h);
    if (body !== null) world.removeRigidBody(body);
  }
}

/** How far the grasped point has moved from the grip point (pads' midpoint or cup face), m. */
function slip(r: Running, point: Vector3): number {
  const t = r.body.translation();
  const q = r.body.rotation();
  const anchorNow = r.anchor
    .clone()
    .applyQuaternion(new Quaternion(q.x, q.y, q.z, q.w))
    .add(new Vector3(t.x, t.y, t.z));
  return anchorNow.distanceTo(r.slot.gripPoint(point));
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
