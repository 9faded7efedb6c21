import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { Collider, Rapier, RigidBody, World } from '../rapier.ts';
import { colliderDesc, type SimShape } from '../shapes.ts';
import {
  createFingerJoint,
  jawMotor,
  lockFingerAxes,
  type FingerJointRole,
  type JawJoints,
  type JawMotor,
} from './jaw-joints.ts';

// The contact model of a parallel-jaw gripper, used by the robot's gripper (sim-gripper.ts) and by every datagen
// trial (grasp-trial/parallel-slot.ts): two dynamic fingers on prismatic joints of the hand, coupled like a real
// 2F-85 or Franka hand, squeezing with a force-capped servo. Nothing is welded: a held object stays by pad friction
// only.

/** The law and constants of the jaw; datasets record them from here. */
export const PARALLEL_JAW_LAW = {
  /**
   * While moving, each finger servos to its share of the commanded opening: F = clamp(kp·(q* − q) − kd·q̇,
   * ±force), as in the peers' common trial. Both fingers get the same target, so free motion is symmetric.
   */
  kpNPerM: 2000,
  kdNsPerM: 20,
  /** Rubber pads. Objects combine with the `Min` rule, so the contact's μ is min(object μ, pad μ). */
  padFriction: 1,
  /**
   * Squeezing (blocked, or the command reached closed), each finger's servo aims past closed and saturates at the
   * force, and a second, stiff spring per finger (the linkage of a real 2F-85 or Franka hand, a mimic joint) holds
   * it at its share of the present opening. The spring is slack while the fingers are symmetric, so each pad
   * presses with exactly the force; a shift of the pair along the closing axis (a held can pushed by its weight)
   * meets its stiffness (10 kN/m for the pair: a 0.35 kg can along the axis shifts 0.3 mm). With the servos
   * alone both sit at their caps and a held can drifted ±1.7 cm along the closing axis. The spring's target comes
   * from the travel before the step, so it is kept soft: at 50 kN/m and above a held box pitched 3–5° in the grip
   * and pushed the pads open within a second. (A drive between the two light fingers converged badly in Rapier,
   * the pads tilting 0.7° and creeping open; one stiff spring per finger carrying the squeeze as an offset
   * fluctuated and let a held box creep.)
   */
  mimicStiffnessNPerM: 5000,
  mimicDampingNsPerM: 20,
  /** What the linkage carries before it gives, N. */
  mimicMaxForceN: 1000,
  /** A squeeze aims this factor past the force needed at closed, so the servo saturates on whatever is between. */
  squeezeOvershoot: 1.5,
  /**
   * The jaw is blocked (and starts squeezing) once it has lagged a closing command by more than `blockedLagM`
   * with its opening moving slower than `stallSpeedMps` for `stallS`: lag alone is no sign, a servo following a
   * fast ramp lags by kd/kp × speed (4 mm at 0.4 m/s), and squeezing from there slammed the pads shut at 3 m/s.
   */
  blockedLagM: 0.004,
  stallSpeedMps: 0.004,
  stallS: 0.04,
} as const;

/** One finger of a parallel gripper, in the hand frame. Fingers keep the hand's orientation; shapes carry the rest. */
export interface JawFinger {
  readonly name: string;
  /** Finger frame origin in the hand frame with the gripper fully closed. */
  readonly closedOriginInHand: Vector3;
  /** Unit direction the finger moves to open, in the hand frame; the two fingers' axes are opposite. */
  readonly openingAxisInHand: Vector3;
  /** Travel from closed to fully open, m. */
  readonly strokeM: number;
  /** Collision shapes in the finger frame. */
  readonly shapes: readonly { readonly shape: SimShape; readonly poseInFinger: Pose }[];
  readonly massKg: number;
}

/** Handles of a built jaw (valid in every restored copy of its world). */
export interface JawHandles {
  readonly fingerBodies: readonly [number, number];
  /** Pad collider handles per finger. */
  readonly padColliders: readonly [readonly number[], readonly number[]];
  /** Hand → finger prismatic joints carrying the servos. */
  readonly joints: readonly [number, number];
  /**
   * Hand → finger joints carrying the linkage (mimic) springs along the same axes, in parallel with `joints`; null
   * when `joints` carry servo and linkage as one motor (`JawJoints` 'single').
   */
  readonly mimicJoints: readonly [number, number] | null;
}

/** What the jaw is told for the coming step. */
export interface JawCommand {
  /** Commanded total opening travel (0 closed), m; ignored while squeezing. */
  readonly travelM: number;
  /** Force limit of each finger, N. */
  readonly forceN: number;
  /** Squeeze: hold whatever is between the pads with `forceN` (the coupled, force-controlled mode). */
  readonly squeeze: boolean;
}

/** Travel of each finger from closed (0) and the total, m, with rates, m/s. */
export interface JawTravel {
  travelM: number;
  rateMps: number;
  /** Per finger, [first, second]. */
  readonly fingerM: [number, number];
  readonly fingerMps: [number, number];
  /** Each finger body's velocity in the world as read for this record, m/s. */
  readonly fingerVelocityInWorld: readonly [XYZ, XYZ];
}

interface XYZ {
  x: number;
  y: number;
  z: number;
}

/** A fresh travel record to reuse across steps. */
export function jawTravelRecord(): JawTravel {
  return {
    travelM: 0,
    rateMps: 0,
    fingerM: [0, 0],
    fingerMps: [0, 0],
    fingerVelocityInWorld: [
      { x: 0, y: 0, z: 0 },
      { x: 0, y: 0, z: 0 },
    ],
  };
}

/**
 * The hand's pose as the engine holds it (its f32 values), for a caller that knows it without asking: a hand that
 * never turns, at the position it was last moved to. Saves two reads per step of every trial.
 */
export interface KnownHandPose {
  readonly rotation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
  readonly translation: XYZ;
}

/** Builds the two fingers on `hand`, open by `travelM` in total (split by stroke). */
export function buildParallelJaw(
  rapier: Rapier,
  world: World,
  hand: RigidBody,
  fingers: readonly [JawFinger, JawFinger],
  collisionGroups: number,
  travelM = totalStrokeM(fingers),
  joints: JawJoints = 'linkage',
  /** Rapier solver groups of the pads (default: push on everything they collide with). */
  solverGroups = 0xffffffff,
): JawHandles {
  const [a, b] = fingers;
  if (a.openingAxisInHand.dot(b.openingAxisInHand) > -0.999)
    throw new Error(`parallel jaw: fingers ${a.name} and ${b.name} must open along opposite axes`);
  const handRot = quat(hand.rotation());
  const handPos = vec(hand.translation());
  const share = travelM / totalStrokeM(fingers);
  const bodies = fingers.map((f) => {
    const at = f.closedOriginInHand
      .clone()
      .addScaledVector(f.openingAxisInHand, share * f.strokeM)
      .applyQuaternion(handRot)
      .add(handPos);
    const desc = rapier.RigidBodyDesc.dynamic()
      .setTranslation(at.x, at.y, at.z)
      .setRotation(handRot)
      .setCanSleep(false);
    lockFingerAxes(desc, joints, f.openingAxisInHand.clone().applyQuaternion(handRot));
    return world.createRigidBody(desc);
  }) as [RigidBody, RigidBody];
  const padColliders = fingers.map((f, i) => {
    const mass = f.massKg / Math.max(1, f.shapes.length);
    if (f.shapes.length === 0) bodies[i]!.setAdditionalMass(f.massKg, true);
    return f.shapes.map(
      ({ shape, poseInFinger }) =>
        world.createCollider(
          colliderDesc(rapier, shape, { friction: PARALLEL_JAW_LAW.padFriction, massKg: mass }, poseInFinger)
            .setCollisionGroups(collisionGroups)
            .setSolverGroups(solverGroups)
            .setRestitution(0),
          bodies[i],
        ).handle,
    );
  }) as [number[], number[]];
  // The hand and its fingers overlap by design; the joints, not contacts, keep them apart.
  const joint = (f: JawFinger, i: number, role: FingerJointRole) =>
    createFingerJoint(
      rapier,
      world,
      hand,
      bodies[i]!,
      f.closedOriginInHand,
      f.openingAxisInHand,
      f.strokeM,
      joints,
      role,
    ).handle;
  const servos = fingers.map((f, i) => joint(f, i, 'servo'));
  // The robot's linkage springs are prismatic joints of their own along the same axes. (A generic joint locking no
  // axes saved 11 % of a trial's time but changed the robot's grip: the bottle slipped in
  // test/skills/e2e/slip.test.ts.) Trial worlds may take that joint (`lean-linkage`).
  const mimicJoints =
    joints === 'linkage' || joints === 'lean-linkage' ? fingers.map((f, i) => joint(f, i, 'linkage')) : null;
  return {
    fingerBodies: [bodies[0].handle, bodies[1].handle],
    padColliders,
    joints: [servos[0]!, servos[1]!],
    mimicJoints: mimicJoints === null ? null : [mimicJoints[0]!, mimicJoints[1]!],
  };
}

/** Stroke of both fingers together, m. */
export function totalStrokeM(fingers: readonly [JawFinger, JawFinger]): number {
  return fingers[0].strokeM + fingers[1].strokeM;
}

/** A jaw's live Rapier objects in one world (fetch them again after a snapshot restore replaces the world). */
export interface JawParts {
  readonly hand: RigidBody;
  readonly fingers: readonly [RigidBody, RigidBody];
  readonly servos: readonly [JawMotor, JawMotor];
  /** Null when the servos carry the linkage too (`JawJoints` 'single'). */
  readonly linkages: readonly [JawMotor, JawMotor] | null;
  /** What was last sent to each motor through these parts: servos, then linkages (empty at first). */
  readonly sent: readonly [MotorSetting, MotorSetting, MotorSetting, MotorSetting];
}

/** One motor's setting as last sent: target, target rate, stiffness, damping, force cap. */
interface MotorSetting {
  targetM: number;
  targetMps: number;
  stiffness: number;
  damping: number;
  maxForceN: number;
}

function unsentMotor(): MotorSetting {
  return { targetM: NaN, targetMps: NaN, stiffness: NaN, damping: NaN, maxForceN: NaN };
}

/** Forgets what was sent through `parts`, so the next drive sends every setting (the reference path of tests). */
export function forgetSentMotors(parts: JawParts): void {
  for (const m of parts.sent) Object.assign(m, unsentMotor());
}

/**
 * Sets a motor, sending only what changed since the last call through the same parts: a trial drives its jaw every
 * step and most settings stay put for whole phases (the servo's while squeezing, the slack linkage's while moving).
 * The engine keeps a motor's setting until it is set again, so the step sees the same motor either way.
 */
function setMotor(
  joint: JawMotor,
  sent: MotorSetting,
  targetM: number,
  targetMps: number,
  stiffness: number,
  damping: number,
  maxForceN: number,
): void {
  if (maxForceN !== sent.maxForceN) {
    joint.setMaxForce(maxForceN);
    sent.maxForceN = maxForceN;
  }
  if (
    targetM !== sent.targetM ||
    targetMps !== sent.targetMps ||
    stiffness !== sent.stiffness ||
    damping !== sent.damping
  ) {
    joint.configure(targetM, targetMps, stiffness, damping);
    sent.targetM = targetM;
    sent.targetMps = targetMps;
    sent.stiffness = stiffness;
    sent.damping = damping;
  }
}

/** Looks up a jaw's bodies and joints in `world`. */
export function jawParts(world: World, hand: RigidBody, handles: JawHandles): JawParts {
  return {
    hand,
    fingers: [world.getRigidBody(handles.fingerBodies[0]), world.getRigidBody(handles.fingerBodies[1])],
    servos: [jawMotor(world.getImpulseJoint(handles.joints[0])), jawMotor(world.getImpulseJoint(handles.joints[1]))],
    linkages:
      handles.mimicJoints === null
        ? null
        : [
            jawMotor(world.getImpulseJoint(handles.mimicJoints[0])),
            jawMotor(world.getImpulseJoint(handles.mimicJoints[1])),
          ],
    sent: [unsentMotor(), unsentMotor(), unsentMotor(), unsentMotor()],
  };
}

// Scratch for jawTravel, which runs every step of every trial: Rapier writes its reads into these targets instead of
// allocating a vector per read.
const scratchRot = new Quaternion();
const scratchAxis = new Vector3();
const scratchOrigin = new Vector3();
const readRot = { x: 0, y: 0, z: 0, w: 1 };
const readHandPos = { x: 0, y: 0, z: 0 };
const readHandVel = { x: 0, y: 0, z: 0 };
const readPos = { x: 0, y: 0, z: 0 };

/** Present travel of the fingers, from the finger and hand bodies (Rapier JS exposes no joint coordinates). */
export function jawTravel(
  parts: JawParts,
  fingers: readonly [JawFinger, JawFinger],
  out: JawTravel = jawTravelRecord(),
  knownHand?: KnownHandPose,
): JawTravel {
  const r = knownHand?.rotation ?? parts.hand.rotation(readRot);
  scratchRot.set(r.x, r.y, r.z, r.w);
  const handPos = knownHand?.translation ?? parts.hand.translation(readHandPos);
  const handVel = parts.hand.linvel(readHandVel);
  for (let i = 0; i < 2; i++) {
    const finger = fingers[i]!;
    const body = parts.fingers[i]!;
    const a = scratchAxis.copy(finger.openingAxisInHand).applyQuaternion(scratchRot);
    const o = scratchOrigin.copy(finger.closedOriginInHand).applyQuaternion(scratchRot);
    const p = body.translation(readPos);
    const v = body.linvel(out.fingerVelocityInWorld[i]);
    out.fingerM[i] = a.x * (p.x - handPos.x - o.x) + a.y * (p.y - handPos.y - o.y) + a.z * (p.z - handPos.z - o.z);
    out.fingerMps[i] = a.x * (v.x - handVel.x) + a.y * (v.y - handVel.y) + a.z * (v.z - handVel.z);
  }
  out.travelM = out.fingerM[0] + out.fingerM[1];
  out.rateMps = out.fingerMps[0] + out.fingerMps[1];
  return out;
}

/**
 * How long the jaw has been stalled on a closing command, s, after one more step of `dtS`: lagging the command by
 * more than the law's blocked lag while barely moving. Squeeze once it reaches the law's `stallS`.
 */
export function jawStallS(stalledS: number, travel: JawTravel, commandedTravelM: number, dtS: number): number {
  const law = PARALLEL_JAW_LAW;
  const blocked = travel.travelM - commandedTravelM > law.blockedLagM && Math.abs(travel.rateMps) < law.stallSpeedMps;
  return blocked ? stalledS + dtS : 0;
}

/**
 * Sets the finger motors for the coming step from the command and the present travel (read before the step).
 * Moving: each finger servos to its share of the commanded travel, capped at the force, the linkage slack.
 * Squeezing: each servo aims past closed (saturating at the force) and each linkage spring holds its finger at
 * its share of the present travel.
 */
export function driveParallelJaw(
  parts: JawParts,
  fingers: readonly [JawFinger, JawFinger],
  command: JawCommand,
  travel: JawTravel,
): void {
  const law = PARALLEL_JAW_LAW;
  const total = totalStrokeM(fingers);
  for (let i = 0; i < 2; i++) {
    const share = fingers[i]!.strokeM / total;
    const servo = parts.servos[i]!;
    const linkage = parts.linkages?.[i];
    if (!command.squeeze) {
      setMotor(servo, parts.sent[i]!, share * command.travelM, 0, law.kpNPerM, law.kdNsPerM, command.forceN);
      if (linkage !== undefined) setMotor(linkage, parts.sent[2 + i]!, 0, 0, 0, 0, 0);
    } else if (linkage !== undefined) {
      const target = -(law.squeezeOvershoot * command.forceN) / law.kpNPerM;
      setMotor(servo, parts.sent[i]!, target, 0, law.kpNPerM, law.kdNsPerM, command.forceN);
      setMotor(
        linkage,
        parts.sent[2 + i]!,
        share * travel.travelM,
        share * travel.rateMps,
        law.mimicStiffnessNPerM,
        law.mimicDampingNsPerM,
        law.mimicMaxForceN,
      );
    } else {
      // One motor for both: the saturated servo's constant closing force plus the linkage spring is the spring
      // with its target moved closed by force / stiffness, capped at both caps together.
      setMotor(
        servo,
        parts.sent[i]!,
        share * travel.travelM - command.forceN / law.mimicStiffnessNPerM,
        share * travel.rateMps,
        law.mimicStiffnessNPerM,
        law.mimicDampingNsPerM,
        command.forceN + law.mimicMaxForceN,
      );
    }
  }
}

/**
 * Spin friction of the pads. Rapier's contacts are points with no torsional friction, so an object touched by each
 * pad at one point (a cylinder, a box tilted out of the pads' plane) turned freely about the line between the two
 * contacts. A real rubber pad presses a patch: its friction resists spin about the contact normal up to
 * (2/3)·μ·N·r for a patch of radius r under uniform pressure.
 */
export const PAD_SPIN_LAW = {
  /**
   * Radius of the pressed patch, m: rubber pads (a 2F-85's or Franka's, a few mm thick) flatten under a grasp's
   * 10–30 N over a patch some 10–12 mm across on a Ø50 mm can. (The MuJoCo referee takes the pad's half-width,
   * 10 mm, as the widest patch; 5 mm and 6 mm were measured, 6 mm kept: see ARCHITECTURE.md.)
   */
  patchRadiusM: 0.006,
  /** Coefficient of the torsional limit over a uniformly pressed disc: (2/3)·μ·N·r. */
  discFactor: 2 / 3,
  /**
   * Of the turn the pad has let the object make since it last stuck, the part taken back per step (the pad
   * rubber's stick, as a Baumgarte factor): a held load's twist then rests at a fraction of a degree instead of
   * creeping by its weight's turn in every step.
   */
  stickFactor: 0.2,
} as const;

/** The spin friction's memory of each pad's contact, carried from step to step. */
export interface PadSpinState {
  /** Per pad: the body it last resisted spin of (−1 for none) and the turn about its normal since touching, rad. */
  readonly bodies: [number, number];
  readonly turnRad: [number, number];
}

export function padSpinState(): PadSpinState {
  return { bodies: [-1, -1], turnRad: [0, 0] };
}

// Scratch for resistPadSpin, which runs every step of every trial.
const spinNormals: [XYZ, XYZ] = [
  { x: 0, y: 0, z: 0 },
  { x: 0, y: 0, z: 0 },
];
const spinImpulses: [number, number] = [0, 0];
const spinFriction: [number, number] = [0, 0];
const spinSpreadM: [number, number] = [0, 0];
const spinTargets: [RigidBody | null, RigidBody | null] = [null, null];
const spinTorque = { x: 0, y: 0, z: 0 };

/**
 * Resists spin about each pad's contact normal, called before a step with the contacts of the last: a torque
 * impulse on the touched body opposing its spin relative to the pad (and the opposite on the finger), bounded by
 * the patch limit from μ and the normal impulse the pad gave in the last step. Contact points spread over the pad
 * already resist spin by their own friction (about μ·N times their spread about their centre; a box face's four
 * points span more than the patch), so the patch only tops them up to (2/3)·μ·N·r: the term acts where Rapier
 * touches at a point or two close together (a cylinder, a box tilted out of the pads' plane). One body per pad (the
 * first dynamic one it pushed); a load twisting harder than the limit still turns.
 */
export function resistPadSpin(
  world: World,
  parts: JawParts,
  /** Each finger's pad colliders. */
  pads: readonly [readonly Collider[], readonly Collider[]],
  state: PadSpinState,
  dtS: number,
  /** The object if the caller knows it (a trial): saves looking the pads' contacts up. */
  only?: Collider,
): void {
  const law = PAD_SPIN_LAW;
  for (let i = 0; i < 2; i++) {
    spinImpulses[i] = 0;
    spinTargets[i] = null;
    let pad: Collider;
    const consider = (other: Collider) => {
      if (spinTargets[i] !== null) return;
      const body = other.parent();
      if (body === null || !body.isDynamic() || body.handle === parts.fingers[0].handle) return;
      if (body.handle === parts.fingers[1].handle) return;
      let impulse = 0;
      // The pushing points' first and second moments, to know how far they already span the patch.
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let sxx = 0;
      const n = spinNormals[i]!;
      world.contactPair(pad, other, (manifold, flipped) => {
        for (let c = 0; c < manifold.numContacts(); c++) {
          const p = manifold.contactImpulse(c);
          if (p <= 1e-9) continue;
          const at = manifold.localContactPoint1(c);
          if (at === null) continue;
          impulse += p;
          sx += p * at.x;
          sy += p * at.y;
          sz += p * at.z;
          sxx += p * (at.x * at.x + at.y * at.y + at.z * at.z);
        }
        if (impulse > 1e-7) {
          const m = manifold.normal();
          const sign = flipped ? -1 : 1;
          n.x = sign * m.x;
          n.y = sign * m.y;
          n.z = sign * m.z;
        }
      });
      if (impulse <= 1e-7) return;
      // Spread of the points about their centre, m (rms, weighted by impulse): the points' own friction resists
      // spin up to about μ·N·spread, which the patch limit only tops up.
      const spreadSq = sxx / impulse - (sx * sx + sy * sy + sz * sz) / (impulse * impulse);
      spinSpreadM[i] = Math.sqrt(Math.max(0, spreadSq));
      spinImpulses[i] = impulse;
      spinTargets[i] = body;
      spinFriction[i] = Math.min(pad.friction(), other.friction());
    };
    for (pad of pads[i]!) {
      if (only !== undefined) consider(only);
      else world.contactPairsWith(pad, consider);
    }
    const body = spinTargets[i] ?? null;
    if (body === null || body.handle !== state.bodies[i]) state.turnRad[i] = 0;
    state.bodies[i] = body === null ? -1 : body.handle;
  }
  for (let i = 0; i < 2; i++) {
    const body = spinTargets[i] ?? null;
    if (body === null) continue;
    const finger = parts.fingers[i]!;
    const n = spinNormals[i]!;
    const w = body.angvel();
    const f = finger.angvel();
    const spin = (w.x - f.x) * n.x + (w.y - f.y) * n.y + (w.z - f.z) * n.z;
    state.turnRad[i] = state.turnRad[i]! + spin * dtS;
    const inertia = body.effectiveAngularInertia();
    const about =
      n.x * (inertia.m11 * n.x + inertia.m12 * n.y + inertia.m13 * n.z) +
      n.y * (inertia.m12 * n.x + inertia.m22 * n.y + inertia.m23 * n.z) +
      n.z * (inertia.m13 * n.x + inertia.m23 * n.y + inertia.m33 * n.z);
    // Both pads on one body share stopping it.
    const sharing = spinTargets[1 - i]?.handle === body.handle ? 2 : 1;
    const wanted = (-about * (spin + (law.stickFactor * state.turnRad[i]!) / dtS)) / sharing;
    const limit =
      spinFriction[i]! * spinImpulses[i]! * Math.max(0, law.discFactor * law.patchRadiusM - spinSpreadM[i]!);
    if (limit <= 0) {
      state.turnRad[i] = 0;
      continue;
    }
    let impulse = wanted;
    if (Math.abs(wanted) > limit) {
      // Slipping: kinetic spin friction at the limit, and the pad sticks afresh where the slip ends.
      impulse = Math.sign(wanted) * limit;
      state.turnRad[i] = 0;
    }
    spinTorque.x = impulse * n.x;
    spinTorque.y = impulse * n.y;
    spinTorque.z = impulse * n.z;
    body.applyTorqueImpulse(spinTorque, true);
    spinTorque.x = -spinTorque.x;
    spinTorque.y = -spinTorque.y;
    spinTorque.z = -spinTorque.z;
    finger.applyTorqueImpulse(spinTorque, true);
  }
}

/** True when the solver pushed between the two colliders this step (a touching contact, not a speculative one). */
export function pushes(world: World, a: Collider, b: Collider): boolean {
  let impulse = 0;
  world.contactPair(a, b, (manifold) => {
    for (let i = 0; i < manifold.numContacts(); i++) impulse += manifold.contactImpulse(i);
  });
  return impulse > 1e-7;
}

function vec(v: { x: number; y: number; z: number }): Vector3 {
  return new Vector3(v.x, v.y, v.z);
}

function quat(q: { x: number; y: number; z: number; w: number }): Quaternion {
  return new Quaternion(q.x, q.y, q.z, q.w);
}
