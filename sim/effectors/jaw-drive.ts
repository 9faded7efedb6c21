import { Quaternion, Vector3 } from 'three';
import type { RigidBody, World } from '../rapier.ts';
import { jawMotor, type JawMotor } from './jaw-joints.ts';
import { PARALLEL_JAW_LAW, totalStrokeM, type JawFinger, type JawHandles } from './parallel-jaw.ts';

// The jaw's control, shared by the robot's gripper (sim-gripper.ts) and every datagen trial
// (grasp-trial/parallel-slot.ts): reading the fingers' travel, judging a stall, and setting the finger motors for the
// coming step by the jaw's law (parallel-jaw.ts builds the fingers, their joints and pads).

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

export interface XYZ {
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
