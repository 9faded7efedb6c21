import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { Collider, Rapier, RigidBody, World } from '../rapier.ts';
import { keepContactsFresh } from '../fresh-contacts.ts';
import { massCarrierFirst, setExactMassProperties, shapesMassProperties } from '../mass-properties.ts';
import { colliderDesc, type SimShape } from '../shapes.ts';
import { createFingerJoint, lockFingerAxes, type FingerJointRole, type JawJoints } from './jaw-joints.ts';

// The contact model of a parallel-jaw gripper, used by the robot's gripper (sim-gripper.ts) and by every datagen
// trial (grasp-trial/parallel-slot.ts): two dynamic fingers on prismatic joints of the hand, coupled like a real
// 2F-85 or Franka hand, squeezing with a force-capped servo. Nothing is welded: a held object stays by pad friction
// only. This file builds the fingers, their joints and pads; jaw-drive.ts reads and drives them.

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
    // Several shapes: the finger gets their exact inertia (mass-properties.ts), the turned one (if any) built first.
    const placed = f.shapes.map((s, k) => ({ ...s, k, poseInBody: s.poseInFinger }));
    const order = massCarrierFirst(placed);
    const colliders = (order ?? placed).map(({ shape, poseInFinger, k }) => ({
      k,
      collider: world.createCollider(
        // Found afresh every step: a recycled pad contact kept its normal and points from the start of closing.
        keepContactsFresh(
          rapier,
          colliderDesc(rapier, shape, { friction: PARALLEL_JAW_LAW.padFriction, massKg: mass }, poseInFinger)
            .setCollisionGroups(collisionGroups)
            .setSolverGroups(solverGroups)
            .setRestitution(0),
        ),
        bodies[i],
      ),
    }));
    if (placed.length > 1 && order !== undefined)
      setExactMassProperties(
        colliders.map((c) => c.collider),
        shapesMassProperties(rapier, placed, f.massKg),
      );
    // Handles in the order of the finger's shapes.
    return colliders.sort((a, b) => a.k - b.k).map((c) => c.collider.handle);
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

/** The normal impulse the solver gave between the two colliders this step, N·s (summed over their contacts). */
export function pairImpulse(world: World, a: Collider, b: Collider): number {
  let impulse = 0;
  world.contactPair(a, b, (manifold) => {
    for (let i = 0; i < manifold.numContacts(); i++) impulse += manifold.contactImpulse(i);
  });
  return impulse;
}

/** True when the solver pushed between the two colliders this step (a touching contact, not a speculative one). */
export function pushes(world: World, a: Collider, b: Collider): boolean {
  return pairImpulse(world, a, b) > 1e-7;
}

function vec(v: { x: number; y: number; z: number }): Vector3 {
  return new Vector3(v.x, v.y, v.z);
}

function quat(q: { x: number; y: number; z: number; w: number }): Quaternion {
  return new Quaternion(q.x, q.y, q.z, q.w);
}
