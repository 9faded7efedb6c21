import { Matrix4, Quaternion, Vector3 } from 'three';
import { makePose } from '../../src/math/pose.ts';
import {
  buildParallelJaw,
  PARALLEL_JAW_LAW,
  pairImpulse,
  pushes,
  totalStrokeM,
  type JawFinger,
  type JawHandles,
} from '../effectors/parallel-jaw.ts';
import {
  driveParallelJaw,
  forgetSentMotors,
  jawStallS,
  jawParts,
  jawTravel,
  jawTravelRecord,
  type JawParts,
  type JawTravel,
} from '../effectors/jaw-drive.ts';
import { crownedPadShape } from '../effectors/pad-crown.ts';
import { segmentedPadShapes } from '../effectors/pad-segments.ts';
import { padSpinState, resistPadSpin, type PadSpinState } from '../effectors/pad-spin.ts';
import type { JawJoints } from '../effectors/jaw-joints.ts';
import { keepContactsFresh } from '../fresh-contacts.ts';
import type { Collider, Rapier, RigidBody, World } from '../rapier.ts';
import type { SimShape } from '../shapes.ts';
import { TRIAL_PROTOCOL } from './protocol.ts';
import { closeFractionAt, palmOffsetAt, TRIAL_DT_S, type TrialSchedule } from './schedule.ts';
import { TRIAL_GRAVITY_MPS2, type SlotPoses } from './slot-geometry.ts';
import {
  approachOverlaps,
  GRIPPER_SOLVER_GROUPS,
  slotCollisionGroups,
  type GripperPart,
  type TrialSlot,
} from './trial-slot.ts';
import type { ConvexPolytope } from './convex-overlap.ts';
import type { ParallelJawModel, TrialSpec } from './types.ts';

/** Handles of one parallel-jaw gripper in a template world (valid in every restored copy). */
export interface ParallelHandles {
  readonly palm: number;
  readonly palmCollider: number;
  readonly jaw: JawHandles;
}

/** The model's two fingers for the jaw contact model: pads that meet at x = 0 when closed. */
export function jawFingers(model: ParallelJawModel): readonly [JawFinger, JawFinger] {
  const finger = (side: 1 | -1): JawFinger => ({
    name: side > 0 ? 'finger_a' : 'finger_b',
    closedOriginInHand: new Vector3(side * model.padHalfM[0], 0, model.padCentreZM),
    openingAxisInHand: new Vector3(side, 0, 0),
    strokeM: model.maxOpeningM / 2,
    shapes: padShapes(model, side),
    massKg: model.fingerMassKg,
  });
  return [finger(1), finger(-1)];
}

/**
 * A pad's collision shapes: the model's box, or, when a bench asks for it, that box crowned (`padCrownM`) or cut
 * into segments along its length (`padSegments`).
 */
function padShapes(model: ParallelJawModel, side: 1 | -1): JawFinger['shapes'] {
  const crownM = model.padCrownM ?? 0;
  const segments = model.padSegments ?? 1;
  if (crownM > 0 && segments > 1) throw new Error('a pad is crowned or segmented, not both');
  if (segments > 1) return segmentedPadShapes(model.padHalfM, segments);
  const shape: SimShape =
    crownM > 0 ? crownedPadShape(model.padHalfM, crownM, side) : { kind: 'box', halfExtentsM: model.padHalfM };
  return [{ shape, poseInFinger: makePose() }];
}

/** Builds a free-floating gripper parked at `at` in slot `slot`: a kinematic palm carrying the jaw contact model, open. */
export function buildParallelGripper(
  rapier: Rapier,
  world: World,
  model: ParallelJawModel,
  at: Vector3,
  joints: JawJoints,
  slot: number,
): ParallelHandles {
  const groups = slotCollisionGroups(slot);
  const palm = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(at.x, at.y, at.z));
  // Its contacts are found afresh every step, like the pads': a recycled one judges palm contact on stale geometry.
  const palmCollider = world.createCollider(
    keepContactsFresh(
      rapier,
      rapier.ColliderDesc.cuboid(...model.palmHalfM)
        .setTranslation(0, 0, model.palmCentreZM)
        .setCollisionGroups(groups)
        .setSolverGroups(GRIPPER_SOLVER_GROUPS),
    ),
    palm,
  );
  const fingers = jawFingers(model);
  const jaw = buildParallelJaw(
    rapier,
    world,
    palm,
    fingers,
    groups,
    totalStrokeM(fingers),
    joints,
    GRIPPER_SOLVER_GROUPS,
  );
  return { palm: palm.handle, palmCollider: palmCollider.handle, jaw };
}

const scratchOffset = new Vector3();
// The palm's next position, reused every step of every trial.
const scratchNext = { x: 0, y: 0, z: 0 };

/** The weight of `massKg` in a world turned by `worldToFrame`, N. */
export function weightInFrame(worldToFrame: Quaternion, massKg: number): Vector3 {
  const g = TRIAL_GRAVITY_MPS2;
  return new Vector3(g.x, g.y, g.z).multiplyScalar(massKg).applyQuaternion(worldToFrame);
}

/** An engine-side vector (Rapier's `RawVector`): its components are set in place. */
interface RawVelocity {
  x: number;
  y: number;
  z: number;
}

/** The body set call `RigidBody.setLinvel` wraps, taking an engine vector the caller keeps. */
interface RawLinvelSet {
  rbSetLinvel(handle: number, linvel: RawVelocity, wakeUp: boolean): void;
}

/** One parallel-jaw trial in a restored world. */
export class ParallelSlot implements TrialSlot {
  private readonly palm: RigidBody;
  private readonly palmCollider: Collider;
  private readonly fingers: readonly [JawFinger, JawFinger];
  private readonly fingerBodies: readonly RigidBody[];
  private readonly jaw: JawParts;
  private readonly padSets: readonly [readonly Collider[], readonly Collider[]];
  private readonly spin: PadSpinState;
  private readonly offset: [number, number, number] = [0, 0, 0];
  private readonly travel: JawTravel = jawTravelRecord();
  private squeezing = false;
  private stalledS = 0;
  private carryVelocity: RawVelocity | undefined;
  /**
   * The palm's pose as the engine holds it: its rotation never changes in a trial, and a kinematic palm ends each
   * step exactly at its next position (stored as f32), so neither is read back.
   */
  private readonly hand = { rotation: { x: 0, y: 0, z: 0, w: 1 }, translation: { x: 0, y: 0, z: 0 } };

  constructor(
    private readonly rapier: Rapier,
    private readonly world: World,
    handles: ParallelHandles,
    private readonly model: ParallelJawModel,
    private readonly parts: readonly GripperPart[],
    private readonly spec: TrialSpec,
    private readonly poses: SlotPoses,
    private readonly object: Collider,
    private readonly schedule: TrialSchedule,
    /** Set when the slot's world is turned into the gripper's frame (`inGripperFrame`): world → that frame. */
    private readonly worldToFrame: Quaternion | null = null,
  ) {
    this.palm = world.getRigidBody(handles.palm);
    this.palmCollider = world.getCollider(handles.palmCollider);
    this.fingers = jawFingers(model);
    this.jaw = jawParts(world, this.palm, handles.jaw);
    this.fingerBodies = this.jaw.fingers;
    // Each finger's pad colliders: one box, or a bench's segments (`padSegments`), read together.
    const pads = handles.jaw.padColliders.map((f) => f.map((c) => world.getCollider(c)));
    this.padSets = [pads[0]!, pads[1]!];
    this.spin = padSpinState(model.padPatchRadiusM);
  }

  approachCollides(object: ConvexPolytope): boolean {
    return approachOverlaps(object, this.poses, this.parts, TRIAL_PROTOCOL.approachBackoffsM);
  }

  place(): void {
    const { gripperPosition: p, gripperRotation: q } = this.poses;
    this.palm.setTranslation(p, true);
    this.palm.setRotation(q, true);
    this.palm.setNextKinematicTranslation(p);
    this.palm.setNextKinematicRotation(q);
    this.palm.rotation(this.hand.rotation);
    this.palm.translation(this.hand.translation);
    this.fingers.forEach((f, i) => {
      const at = f.closedOriginInHand
        .clone()
        .addScaledVector(f.openingAxisInHand, f.strokeM)
        .applyMatrix4(this.poses.gripperInWorld);
      this.fingerBodies[i]!.setTranslation(at, true);
      this.fingerBodies[i]!.setRotation(q, true);
      // A turned world has no gravity of its own: each finger carries its weight as a force (held till removed).
      if (this.worldToFrame !== null) this.fingerBodies[i]!.addForce(weightInFrame(this.worldToFrame, f.massKg), true);
    });
  }

  /** The next drive sends every motor setting again (the reference path of the fast-path test). */
  forgetSentMotors(): void {
    forgetSentMotors(this.jaw);
  }

  drive(k: number): void {
    jawTravel(this.jaw, this.fingers, this.travel, this.hand);
    const closing = k < this.schedule.closeRampSteps;
    const commandM = closing ? this.model.maxOpeningM * (1 - closeFractionAt(this.schedule, k)) : 0;
    // As the robot's gripper: squeeze once the fingers stall on something or the command has reached closed.
    this.stalledS = jawStallS(this.stalledS, this.travel, commandM, TRIAL_DT_S);
    this.squeezing ||= !closing || this.stalledS >= PARALLEL_JAW_LAW.stallS - 1e-9;
    driveParallelJaw(
      this.jaw,
      this.fingers,
      { travelM: commandM, forceN: this.spec.effort, squeeze: this.squeezing },
      this.travel,
    );
    resistPadSpin(this.world, this.jaw, this.padSets, this.spin, TRIAL_DT_S, this.object);
    palmOffsetAt(this.schedule, k, this.offset);
    if (this.worldToFrame !== null) {
      const o = scratchOffset.set(...this.offset).applyQuaternion(this.worldToFrame);
      this.offset[0] = o.x;
      this.offset[1] = o.y;
      this.offset[2] = o.z;
    }
    const p = this.poses.gripperPosition;
    const next = scratchNext;
    next.x = p.x + this.offset[0];
    next.y = p.y + this.offset[1];
    next.z = p.z + this.offset[2];
    if (this.worldToFrame !== null) this.carryLockedFingers(next);
    this.palm.setNextKinematicTranslation(next);
    const h = this.hand.translation;
    h.x = Math.fround(next.x);
    h.y = Math.fround(next.y);
    h.z = Math.fround(next.z);
  }

  /**
   * Fingers locked to their axis (`JawJoints` 'locked') cannot be moved across it by a joint: they move with the
   * palm at its velocity for the coming step, as if infinitely heavy across their axis (what the joint's locked
   * axes make them against a kinematic palm). Along their axis they stay free, driven by their motors.
   */
  private carryLockedFingers(next: { x: number; y: number; z: number }): void {
    const now = this.hand.translation;
    // `setLinvel` allocates (and registers for finalization) an engine vector per call; one kept per slot is set.
    const raw = (this.carryVelocity ??= this.rapier.VectorOps.intoRaw(now) as unknown as RawVelocity);
    raw.y = (next.y - now.y) / TRIAL_DT_S;
    raw.z = (next.z - now.z) / TRIAL_DT_S;
    for (let i = 0; i < 2; i++) {
      // Its velocity along the axis as jawTravel read it this step (nothing has stepped since). No wake-up call:
      // fingers never sleep (`buildParallelJaw`).
      raw.x = this.travel.fingerVelocityInWorld[i]!.x;
      const finger = this.fingerBodies[i]!;
      (finger as unknown as { rawSet: RawLinvelSet }).rawSet.rbSetLinvel(finger.handle, raw, false);
    }
  }

  holding(world: World): boolean {
    return this.padSets.every((pads) => pads.some((pad) => pushes(world, pad, this.object)));
  }

  touching(world: World): boolean {
    return this.padSets.some((pads) => pads.some((pad) => pushes(world, pad, this.object)));
  }

  palmForceN(world: World): number {
    return pairImpulse(world, this.palmCollider, this.object) / TRIAL_DT_S;
  }

  /** The object's pose (its collider's) in the gripper's (the palm's) frame, as the palm judge reads it. */
  objectInGripper(out: Matrix4): Matrix4 {
    const { translation: p, rotation: q } = this.hand;
    const t = this.object.translation();
    const r = this.object.rotation();
    const one = new Vector3(1, 1, 1);
    const hand = new Matrix4().compose(new Vector3(p.x, p.y, p.z), new Quaternion(q.x, q.y, q.z, q.w), one);
    out.compose(new Vector3(t.x, t.y, t.z), new Quaternion(r.x, r.y, r.z, r.w), one);
    return out.premultiply(hand.invert());
  }

  gripPoint(out: Vector3): Vector3 {
    const a = this.fingerBodies[0]!.translation();
    const b = this.fingerBodies[1]!.translation();
    return out.set((a.x + b.x) / 2, (a.y + b.y) / 2, (a.z + b.z) / 2);
  }

  closedWidthM(): number {
    return Math.max(0, jawTravel(this.jaw, this.fingers, this.travel, this.hand).travelM);
  }
}
