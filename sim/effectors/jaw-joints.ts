import type { ImpulseJoint, PrismaticImpulseJoint, Rapier, RigidBody, World } from '../rapier.ts';

// How a parallel jaw's fingers are jointed to the hand. The law (servo, linkage, squeeze) is parallel-jaw.ts's; this
// file only says which Rapier joints carry it.

/**
 * - `linkage` (the robot's gripper, and trials by choice): each finger on two prismatic joints of the hand, one for
 *   the servo and one for the linkage spring. Works in a hand that moves and turns. Four 6-axis joints per jaw.
 * - `lean-linkage` (trial worlds): the same servo and linkage spring as two motors, but only the servo's joint is
 *   prismatic; the spring rides on a motor-only joint along the same axis (the servo's joint already holds the
 *   finger on it, so the second joint's five locked axes and its limits only doubled the solver's work).
 * - `prismatic` (trial worlds, or any hand): each finger on the servo's prismatic joint alone, which carries servo and
 *   linkage spring as one motor with the same law (`jaw-drive.ts`, `driveParallelJaw`). Two 6-axis joints per
 *   jaw; the fingers keep their rotational freedom on their bodies (the joint holds it), as the robot's do, so pads
 *   sink into an object as deep as theirs.
 * - `single` (trial worlds, whose palm translates but never turns): each finger's rotation is locked on its body and
 *   one joint per finger keeps it on its axis (two locked axes) and carries servo and linkage spring as one motor
 *   with the same law (`jaw-drive.ts`, `driveParallelJaw`). Two 2-axis joints per jaw; no finger tilt at all.
 * - `locked` (trial worlds turned into the gripper's frame, `grasp-trial/slot-geometry.ts` `inGripperFrame`): each
 *   finger's rotation and its translation across its axis are locked on its body (`lockFingerAxes`), and one
 *   motor-only joint per finger carries servo and linkage spring as one motor. The fastest; see
 *   `TRIAL_FINGER_JOINTS` for how its labels compare.
 *
 * Measured and not built: the fingers as links of a reduced-coordinate multibody rooted at the palm (no locked rows
 * at all). Rapier JS (0.20 simd, 0.21 deterministic) offers multibody joints no motor, no way to set a joint's
 * coordinate (a link starts at coordinate 0 wherever its body was placed) and, under a kinematic palm, moves the
 * links with the palm by position only (their velocity, and the palm's, read 0 while the palm moves at 0.24 m/s).
 * With the motor left on a motor-only joint, it changed 8–9 of 64 peers' labels and ran at 1.1× `lean-linkage`
 * (deterministic) and 0.67× (simd). Also measured: `locked` with each finger's tilt across its axis left free (held
 * by two joint rows, so pads meet the finger's rotational inertia as jointed fingers do), 2.1× `lean-linkage` (simd):
 * on protocol 2 the MuJoCo referee agreed with 417/480 of its labels against `locked`'s 433 and `lean-linkage`'s 427
 * (bench/verify-agreement.ts, seeds 11–13), the robot's gripper with 212/220 (213, 215; bench/label-transfer.ts).
 */
export const JAW_JOINTS = ['linkage', 'lean-linkage', 'prismatic', 'single', 'locked'] as const;

/** One of `JAW_JOINTS`. */
export type JawJoints = (typeof JAW_JOINTS)[number];

/** A force-based motor along a finger's axis, whichever joint carries it. */
export interface JawMotor {
  setMaxForce(maxForceN: number): void;
  configure(targetM: number, targetMps: number, stiffness: number, damping: number): void;
}

/** The per-axis calls of Rapier's joint set; its JS wrapper offers them to generic joints through no method. */
interface RawAxisJointSet {
  jointConfigureMotorModel(handle: number, axis: number, model: number): void;
  jointSetMotorMaxForce(handle: number, axis: number, maxForce: number): void;
  jointConfigureMotor(
    handle: number,
    axis: number,
    targetPos: number,
    targetVel: number,
    stiffness: number,
    damping: number,
  ): void;
  jointSetLimits(handle: number, axis: number, min: number, max: number): void;
}

/** The joint's free axis in its own frame: the finger's opening axis (`JointAxis.LinX`). */
const AXIS_LIN_X = 0;
/** `JointAxesMask.LinY | JointAxesMask.LinZ`: the axes a `single` joint locks (rotations are locked on the body). */
const LOCK_LATERAL = 2 | 4;

/** Whether these finger joints' trials are turned into the gripper's frame (`slot-geometry.ts` `inGripperFrame`). */
export function turnsTrialWorld(joints: JawJoints): boolean {
  return joints === 'locked';
}

function rawSet(joint: ImpulseJoint): RawAxisJointSet {
  return (joint as unknown as { rawSet: RawAxisJointSet }).rawSet;
}

/**
 * A finger body's description for the joints: `single` locks its rotation (it keeps the hand's, set at placing);
 * `locked` also locks its translation to its opening axis, which must then be a world axis.
 */
export function lockFingerAxes(
  desc: ReturnType<Rapier['RigidBodyDesc']['dynamic']>,
  joints: JawJoints,
  openingAxisInWorld: { x: number; y: number; z: number },
): void {
  if (joints === 'linkage' || joints === 'lean-linkage' || joints === 'prismatic') return;
  desc.lockRotations();
  if (joints === 'single') return;
  const free = [openingAxisInWorld.x, openingAxisInWorld.y, openingAxisInWorld.z].map((c) => Math.abs(c) > 1 - 1e-9);
  if (free.filter(Boolean).length !== 1)
    throw new Error('parallel jaw: locked finger joints need opening axes along world axes (a hand frame unturned)');
  desc.enabledTranslations(free[0]!, free[1]!, free[2]!);
}

/** Which motor a finger joint carries: the servo (or servo and linkage as one), or the linkage spring alone. */
export type FingerJointRole = 'servo' | 'linkage';

/**
 * Creates one finger joint from `hand` to `finger`: the closed origin in the hand, the opening axis, travel limited
 * to [0, strokeM], a force-based motor, no contacts between the two. A `lean-linkage` spring's joint is the motor
 * alone (no locked axes, no limits: the servo's joint holds the finger on its axis and in its stroke).
 */
export function createFingerJoint(
  rapier: Rapier,
  world: World,
  hand: RigidBody,
  finger: RigidBody,
  originInHand: { x: number; y: number; z: number },
  axisInHand: { x: number; y: number; z: number },
  strokeM: number,
  joints: JawJoints,
  role: FingerJointRole = 'servo',
): ImpulseJoint {
  const origin = { x: 0, y: 0, z: 0 };
  if (joints === 'linkage' || joints === 'prismatic' || (joints === 'lean-linkage' && role === 'servo')) {
    const data = rapier.JointData.prismatic(originInHand, origin, axisInHand);
    data.limitsEnabled = true;
    data.limits = [0, strokeM];
    const joint = world.createImpulseJoint(data, hand, finger, true) as PrismaticImpulseJoint;
    joint.setContactsEnabled(false);
    joint.configureMotorModel(rapier.MotorModel.ForceBased);
    return joint;
  }
  // `locked` fingers are held on their axis by their bodies: the joint carries only the motor and the limits. So does
  // a `lean-linkage` spring's joint, without limits: its servo's joint holds the finger.
  const data = rapier.JointData.generic(originInHand, origin, axisInHand, joints === 'single' ? LOCK_LATERAL : 0);
  const joint = world.createImpulseJoint(data, hand, finger, true);
  joint.setContactsEnabled(false);
  const raw = rawSet(joint);
  if (joints !== 'lean-linkage') raw.jointSetLimits(joint.handle, AXIS_LIN_X, 0, strokeM);
  raw.jointConfigureMotorModel(joint.handle, AXIS_LIN_X, rapier.MotorModel.ForceBased);
  return joint;
}

/** The motor of a finger joint made by `createFingerJoint`. */
export function jawMotor(joint: ImpulseJoint): JawMotor {
  // Prismatic joints are unit joints (one motor axis, `setLimits`); generic ones have no motor methods in JS.
  if ('setLimits' in joint) {
    const unit = joint as PrismaticImpulseJoint;
    return {
      setMaxForce: (f) => unit.setMotorMaxForce(f),
      configure: (t, v, k, c) => unit.configureMotor(t, v, k, c),
    };
  }
  const raw = rawSet(joint);
  const h = joint.handle;
  return {
    setMaxForce: (f) => raw.jointSetMotorMaxForce(h, AXIS_LIN_X, f),
    configure: (t, v, k, c) => raw.jointConfigureMotor(h, AXIS_LIN_X, t, v, k, c),
  };
}
