import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { Collider, ImpulseJoint, JointAxesMask, Rapier, RigidBody, World } from '../rapier.ts';

// The contact model of a vacuum suction cup, used by the robot's cup (sim-suction.ts) and by every datagen trial
// (grasp-trial/suction-slot.ts). A seal forms only on a flat face that covers the lip, close and square to the
// cup; while sealed, a joint with force-capped motors on every axis holds the face where it sealed: pull up to
// vacuum × area, shear up to the lip's friction, bending and twist up to the peel moment. The vacuum builds up
// over the ejector's rise time, as a real one does. The seal breaks when the face is pulled, peeled or slid off.

/** The law and constants of the cup; datasets record them from here. */
export const SUCTION_LAW = {
  /** Rays from the lip ring (at this fraction of the radius) plus one from the centre, along the cup axis. */
  rimRays: 8,
  rimFraction: 0.9,
  /** Rays start this far behind the face, inside the cup, so a face pressed into soft contact still hits, m. */
  rayBackoffM: 0.005,
  /** Largest spread of the ray distances that still seals (flat enough to cover the lip), m. */
  sealToleranceM: 0.0015,
  /** Largest angle between the cup axis and a surface normal that still seals. */
  maxTiltRad: (5 * Math.PI) / 180,
  /** Largest gap between the lip and the face that still seals, m. */
  maxGapM: 0.003,
  /** The held face breaks away when pulled this far off (a compliant lip follows less), m. */
  releaseGapM: 0.006,
  /** ... or peeled by this tilt off the cup axis. */
  releaseTiltRad: (15 * Math.PI) / 180,
  /** ... or slid along itself by this fraction of the cup radius. */
  releaseSlideFraction: 0.5,
  /** Pull along the cup axis: stiffness N/m and damping N·s/m (a 0.3 kg box hangs 0.06 mm off the face). */
  pullStiffnessNpm: 50_000,
  pullDampingNspm: 50,
  /** Shear the lip carries before the face slides, as friction under the vacuum's press: μ × rated force. */
  lipFriction: 0.5,
  lipShearStiffnessNpm: 10_000,
  lipShearDampingNspm: 20,
  /**
   * Peel (bending) and twist moment the vacuum resists, as a fraction of rated force × cup radius (a pressure
   * disc hinged at its lip), with the lip's bending stiffness and damping.
   */
  peelMomentFraction: 0.5,
  lipBendingStiffnessNmprad: 20,
  lipBendingDampingNmsprad: 0.05,
  /**
   * The vacuum under a freshly sealed cup builds up linearly over this time (an ejector evacuating the cup), so
   * the pull, shear and peel caps ramp from 0. Applied at once, the full pull spun a light box on the face before
   * its weight was on the cup, and one of a box's two identical side faces failed a third of the time.
   */
  vacuumRiseS: 0.1,
} as const;

/** Rated hold force of a cup: vacuum × lip area, N. */
export function ratedHoldForceN(vacuumKPa: number, diameterM: number): number {
  return vacuumKPa * 1000 * Math.PI * (diameterM / 2) ** 2;
}

/** Fraction of full vacuum `sealedForS` after the seal formed. */
export function vacuumFraction(sealedForS: number): number {
  return Math.min(1, Math.max(0, sealedForS / SUCTION_LAW.vacuumRiseS));
}

/** A ray query: the first hit along `dir` from `origin` within `maxToi`, or undefined. */
export type SealRayCaster = (
  origin: Vector3,
  dir: Vector3,
  maxToi: number,
) => { readonly collider: number; readonly toi: number; readonly normal: Vector3 } | undefined;

/** A seal the lip rays found: the collider, the face point under the cup centre, and the cup axis. */
export interface SealHit {
  readonly collider: number;
  readonly point: Vector3;
  readonly axis: Vector3;
  /** Spread of the ray distances, m (flatness under the lip). */
  readonly spreadM: number;
}

/**
 * The seal, if the lip rays say the face under the cup is one flat face that covers the lip, close to it and
 * square to the cup axis. `faceInWorld` is the cup face: origin at its centre, +z out of the cup.
 */
export function findSeal(cast: SealRayCaster, faceInWorld: Pose, diameterM: number): SealHit | undefined {
  const law = SUCTION_LAW;
  const axis = new Vector3(0, 0, 1).applyQuaternion(faceInWorld.quaternion);
  const rimR = (law.rimFraction * diameterM) / 2;
  const cosMaxTilt = Math.cos(law.maxTiltRad);
  let collider: number | undefined;
  let minToi = Infinity;
  let maxToi = -Infinity;
  let point: Vector3 | undefined;
  for (let i = 0; i <= law.rimRays; i++) {
    const angle = (2 * Math.PI * i) / law.rimRays;
    const local = i === law.rimRays ? new Vector3() : new Vector3(rimR * Math.cos(angle), rimR * Math.sin(angle), 0);
    const origin = local
      .applyQuaternion(faceInWorld.quaternion)
      .add(faceInWorld.position)
      .addScaledVector(axis, -law.rayBackoffM);
    const hit = cast(origin, axis, law.rayBackoffM + law.maxGapM);
    if (hit === undefined) return undefined;
    if (collider !== undefined && hit.collider !== collider) return undefined;
    collider = hit.collider;
    if (-hit.normal.dot(axis) < cosMaxTilt) return undefined;
    minToi = Math.min(minToi, hit.toi);
    maxToi = Math.max(maxToi, hit.toi);
    if (i === law.rimRays) point = origin.addScaledVector(axis, hit.toi);
  }
  if (collider === undefined || point === undefined || maxToi - minToi > law.sealToleranceM) return undefined;
  return { collider, point, axis, spreadM: maxToi - minToi };
}

/** Where a held seal was made, on the cup and on the held body (joint frames, x along the cup axis). */
export interface SealFrames {
  readonly anchorInCup: readonly [number, number, number];
  readonly frameInCup: readonly [number, number, number, number];
  readonly anchorInTarget: readonly [number, number, number];
  readonly frameInTarget: readonly [number, number, number, number];
  readonly targetBody: number;
}

/**
 * The vacuum's hold as implicit springs: a joint with every axis free and force-capped motors that keep the face
 * where it sealed. It pulls only as hard as the load needs (the face contact carries any push). Caps start at 0:
 * set them every step with `setSealStrength` as the vacuum builds. Returns undefined for a static target.
 */
export function createSealJoint(
  rapier: Rapier,
  world: World,
  cup: RigidBody,
  target: RigidBody,
  seal: SealHit,
): { joint: number; frames: SealFrames } | undefined {
  if (!target.isDynamic()) return undefined;
  const toCup = quat(cup.rotation()).invert();
  const toTarget = quat(target.rotation()).invert();
  const anchorInCup = seal.point.clone().sub(vec(cup.translation())).applyQuaternion(toCup);
  const anchorInTarget = seal.point.clone().sub(vec(target.translation())).applyQuaternion(toTarget);
  // One joint frame in the world, x along the cup axis, seen from both bodies: its angular axes then hold the
  // orientation the face sealed at.
  const frameInWorld = new Quaternion().setFromUnitVectors(new Vector3(1, 0, 0), seal.axis);
  const frameInCup = toCup.clone().multiply(frameInWorld);
  const frameInTarget = toTarget.clone().multiply(frameInWorld);
  const data = rapier.JointData.generic(anchorInCup, anchorInTarget, { x: 1, y: 0, z: 0 }, 0 as JointAxesMask);
  const joint = world.createImpulseJoint(data, cup, target, true);
  // The generic joint descriptor ignores `frame1/2` (it builds both frames from one axis), so set them here.
  joint.setLocalFrame1(anchorInCup, frameInCup);
  joint.setLocalFrame2(anchorInTarget, frameInTarget);
  const law = SUCTION_LAW;
  const axisApi = rapier.SphericalImpulseJoint.prototype;
  const springs: [number, number, number][] = [
    [rapier.JointAxis.LinX, law.pullStiffnessNpm, law.pullDampingNspm],
    [rapier.JointAxis.LinY, law.lipShearStiffnessNpm, law.lipShearDampingNspm],
    [rapier.JointAxis.LinZ, law.lipShearStiffnessNpm, law.lipShearDampingNspm],
    [rapier.JointAxis.AngX, law.lipBendingStiffnessNmprad, law.lipBendingDampingNmsprad],
    [rapier.JointAxis.AngY, law.lipBendingStiffnessNmprad, law.lipBendingDampingNmsprad],
    [rapier.JointAxis.AngZ, law.lipBendingStiffnessNmprad, law.lipBendingDampingNmsprad],
  ];
  for (const [axis, stiffness, damping] of springs) {
    axisApi.configureMotorModel.call(joint, axis, rapier.MotorModel.ForceBased);
    axisApi.setMotorMaxForce.call(joint, axis, 0);
    axisApi.configureMotor.call(joint, axis, 0, 0, stiffness, damping);
  }
  const frames: SealFrames = {
    anchorInCup: anchorInCup.toArray(),
    frameInCup: frameInCup.toArray(),
    anchorInTarget: anchorInTarget.toArray(),
    frameInTarget: frameInTarget.toArray(),
    targetBody: target.handle,
  };
  return { joint: joint.handle, frames };
}

/**
 * Sets the seal joint's caps for the present vacuum: pull up to rated × fraction, shear up to the lip friction of
 * that, bending and twist up to the peel moment of that.
 */
export function setSealStrength(
  rapier: Rapier,
  joint: ImpulseJoint,
  ratedForceN: number,
  diameterM: number,
  fraction: number,
): void {
  const law = SUCTION_LAW;
  const pullN = ratedForceN * fraction;
  const axisApi = rapier.SphericalImpulseJoint.prototype;
  axisApi.setMotorMaxForce.call(joint, rapier.JointAxis.LinX, pullN);
  for (const axis of [rapier.JointAxis.LinY, rapier.JointAxis.LinZ])
    axisApi.setMotorMaxForce.call(joint, axis, law.lipFriction * pullN);
  const peelNm = law.peelMomentFraction * pullN * (diameterM / 2);
  for (const axis of [rapier.JointAxis.AngX, rapier.JointAxis.AngY, rapier.JointAxis.AngZ])
    axisApi.setMotorMaxForce.call(joint, axis, peelNm);
}

/**
 * True while the held face is within the release gap, tilt and slide of where it sealed. A held seal is checked
 * against its sealing pose, not by fresh rays: the lip conforms, so a face that shifts or tilts a little under a
 * sideways acceleration stays sealed until it is pulled, peeled or slid off.
 */
export function sealIntact(cup: RigidBody, target: RigidBody, frames: SealFrames, diameterM: number): boolean {
  const law = SUCTION_LAW;
  const cupRot = quat(cup.rotation());
  const targetRot = quat(target.rotation());
  const onCup = new Vector3(...frames.anchorInCup).applyQuaternion(cupRot).add(vec(cup.translation()));
  const onTarget = new Vector3(...frames.anchorInTarget).applyQuaternion(targetRot).add(vec(target.translation()));
  const axisOnCup = new Vector3(1, 0, 0).applyQuaternion(cupRot.clone().multiply(new Quaternion(...frames.frameInCup)));
  const axisOnTarget = new Vector3(1, 0, 0).applyQuaternion(
    targetRot.clone().multiply(new Quaternion(...frames.frameInTarget)),
  );
  const offset = onTarget.sub(onCup);
  const gapM = offset.dot(axisOnCup);
  const slideM = offset.addScaledVector(axisOnCup, -gapM).length();
  return (
    gapM <= law.releaseGapM &&
    axisOnCup.dot(axisOnTarget) >= Math.cos(law.releaseTiltRad) &&
    slideM <= (law.releaseSlideFraction * diameterM) / 2
  );
}

/**
 * Makes the cup's own colliders frictionless (`Min` combine): the lip's friction is the seal's shear cap, and
 * friction from the face contact, pressed by the pull, would count it twice.
 */
export function prepareCupCollider(rapier: Rapier, collider: Collider): void {
  collider.setFriction(0);
  collider.setFrictionCombineRule(rapier.CoefficientCombineRule.Min);
}

function vec(v: { x: number; y: number; z: number }): Vector3 {
  return new Vector3(v.x, v.y, v.z);
}

function quat(q: { x: number; y: number; z: number; w: number }): Quaternion {
  return new Quaternion(q.x, q.y, q.z, q.w);
}
