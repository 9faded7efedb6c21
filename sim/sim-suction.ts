import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { SuctionCup } from '../hardware/end-effector.ts';
import type { Pose } from '../src/math/pose.ts';
import { GROUP } from './collision-groups.ts';
import type { JointAxesMask } from './rapier.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

export interface SuctionCupSpec {
  readonly name: string;
  readonly part: string;
  /** The dynamic cup body (it rides on a compliant wrist). */
  readonly cupBodyHandle: number;
  /** The cup face in the cup body frame: origin at the face centre, +z pointing out of the cup toward the object. */
  readonly faceInCup: Pose;
  readonly diameterM: number;
  readonly vacuumKPa: number;
  /** Largest spread of the rim ray distances that still seals, m. */
  readonly sealToleranceM?: number;
  /** Largest angle between the cup axis and the surface normal that still seals, rad. */
  readonly maxTiltRad?: number;
  /** Largest gap between cup face and surface that still seals, m. */
  readonly maxGapM?: number;
  /** Gap the held face must open by, against the vacuum, before the seal breaks (a compliant lip follows), m. */
  readonly releaseGapM?: number;
  /** Tilt of the held face off the cup axis that peels the lip and breaks the seal, rad (above `maxTiltRad`). */
  readonly releaseTiltRad?: number;
}

/** Rays start this far behind the face, inside the cup, so a face pressed into soft contact still hits. */
const RAY_BACKOFF_M = 0.005;
const RIM_RAYS = 8;
/** Rim rays sit at this fraction of the cup radius (the lip's contact ring). */
const RIM_FRACTION = 0.9;
/** Only objects and fixtures can be sealed on, never the robot itself. */
const SEAL_FILTER = ((GROUP.fixture | GROUP.object) << 16) | 0xffff;
/** Stiffness of the seal's hold along the cup axis, N/m: a 0.3 kg box hangs 0.06 mm off the face. */
const PULL_STIFFNESS_NPM = 50_000;
const PULL_DAMPING_NSPM = 50;
/** Bending stiffness of the sealed lip, N·m/rad, and its damping: a 0.3 kg box under 2 m/s² tilts ~0.1°. */
const LIP_STIFFNESS_NMPRAD = 20;
const LIP_DAMPING_NMSPRAD = 0.05;
/** Peel moment the vacuum resists, as a fraction of rated force × cup radius (a pressure disc hinged at its lip). */
const PEEL_MOMENT_FRACTION = 0.5;
/**
 * Shear the lip carries before the face slides, as friction under the vacuum's press (μ × rated force), and the
 * lip's shear stiffness: the joint holds the face ~0.06 mm off the cup, so face contact friction carries nothing.
 */
const LIP_FRICTION = 0.5;
const LIP_SHEAR_STIFFNESS_NPM = 10_000;
const LIP_SHEAR_DAMPING_NSPM = 20;
/** Slide of the held face along itself, as a fraction of the cup radius, that shears the lip off. */
const RELEASE_SLIDE_FRACTION = 0.5;

interface SuctionState {
  vacuumOn: boolean;
  sealed: boolean;
  sealedCollider: number | undefined;
  pullJoint: number | undefined;
  /** Joint frame at sealing, on the cup and on the object (x along the cup axis), to check the held seal. */
  hold?: HoldFrames | undefined;
}

interface HoldFrames {
  readonly anchorInCup: readonly [number, number, number];
  readonly frameInCup: readonly [number, number, number, number];
  readonly anchorInTarget: readonly [number, number, number];
  readonly frameInTarget: readonly [number, number, number, number];
  readonly targetBody: number;
}

/**
 * A vacuum cup that holds only while sealed: rays from the cup lip along the cup axis must all hit one body, at
 * nearly the same distance (a flat face that covers the lip), close to the face, with normals within a few
 * degrees of the axis. While sealed with the vacuum on, the body is held where it sealed by force-capped motors on
 * a joint with no locked axis: pull up to vacuum × area, shear up to the lip's friction, bending up to a peel
 * moment. The held seal breaks (hysteresis, as a compliant lip) when the face is pulled 6 mm off, peeled 15° or
 * slid r/2: a load above a cap does that and the body falls; a tilted cup or a curved face never seals.
 */
export class SimSuctionCup implements SuctionCup, SimStateful {
  readonly kind = 'suction-cup';
  readonly name: string;
  readonly stateKey: string;
  readonly diameterM: number;
  readonly ratedHoldForceN: number;
  readonly sealed$: Observable<boolean>;
  private readonly sealedSubject = new BehaviorSubject(false);
  private state: SuctionState = { vacuumOn: false, sealed: false, sealedCollider: undefined, pullJoint: undefined };
  private readonly tolerance: number;
  private readonly cosMaxTilt: number;
  private readonly maxGapM: number;
  private readonly releaseGapM: number;
  private readonly cosReleaseTilt: number;

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: SuctionCupSpec,
  ) {
    this.name = spec.name;
    this.stateKey = `suction/${spec.name}`;
    this.diameterM = spec.diameterM;
    this.ratedHoldForceN = spec.vacuumKPa * 1000 * Math.PI * (spec.diameterM / 2) ** 2;
    this.tolerance = spec.sealToleranceM ?? 0.0015;
    this.cosMaxTilt = Math.cos(spec.maxTiltRad ?? (5 * Math.PI) / 180);
    this.maxGapM = spec.maxGapM ?? 0.003;
    this.releaseGapM = spec.releaseGapM ?? 2 * this.maxGapM;
    this.cosReleaseTilt = Math.cos(spec.releaseTiltRad ?? (15 * Math.PI) / 180);
    this.sealed$ = this.sealedSubject.pipe(distinctUntilChanged());
    sim.addPreStep(() => this.control());
    sim.addStateful(this);
    // The lip's friction is the seal's shear cap (LIP_FRICTION × rated force): friction from the cup face's own
    // contact, pressed by the pull motor, would count it twice. Min combine makes that contact frictionless.
    const cupBody = sim.body(spec.cupBodyHandle);
    for (let i = 0; i < cupBody.numColliders(); i++) {
      cupBody.collider(i).setFriction(0);
      cupBody.collider(i).setFrictionCombineRule(sim.rapier.CoefficientCombineRule.Min);
    }
  }

  setVacuum(on: boolean): boolean {
    this.state = { ...this.state, vacuumOn: on };
    if (!on) this.setSealed(false, undefined);
    return on;
  }

  get vacuumOn(): boolean {
    return this.state.vacuumOn;
  }

  /** Handle of the collider the cup is sealed on, if any. */
  get sealedCollider(): number | undefined {
    return this.state.sealedCollider;
  }

  saveState(): unknown {
    return { ...this.state };
  }

  loadState(state: unknown): void {
    this.state = { ...(state as SuctionState) };
    this.sealedSubject.next(this.state.sealed);
  }

  private control(): void {
    if (!this.state.vacuumOn) return;
    // A held object is checked against the pose it sealed at, not by fresh rays: the lip conforms, so a face that
    // shifts or tilts a little under a sideways acceleration stays sealed until it is pulled, peeled or slid off.
    if (this.state.hold !== undefined) {
      if (!this.holdIntact(this.state.hold)) this.setSealed(false, undefined);
      return;
    }
    const seal = this.checkSeal();
    if (seal === undefined) {
      this.setSealed(false, undefined);
      return;
    }
    if (this.state.sealedCollider !== seal.collider) {
      const held = this.pullJoint(seal);
      this.setSealed(true, seal.collider, held?.joint, held?.hold);
    }
  }

  /** True while the held face is within the release gap, tilt and slide of where it sealed. */
  private holdIntact(hold: HoldFrames): boolean {
    const cup = this.sim.body(this.spec.cupBodyHandle);
    const target = this.sim.body(hold.targetBody);
    const cupRot = quat(cup.rotation());
    const targetRot = quat(target.rotation());
    const onCup = new Vector3(...hold.anchorInCup).applyQuaternion(cupRot).add(vec(cup.translation()));
    const onTarget = new Vector3(...hold.anchorInTarget).applyQuaternion(targetRot).add(vec(target.translation()));
    const axisOnCup = new Vector3(1, 0, 0).applyQuaternion(cupRot.clone().multiply(new Quaternion(...hold.frameInCup)));
    const axisOnTarget = new Vector3(1, 0, 0).applyQuaternion(
      targetRot.clone().multiply(new Quaternion(...hold.frameInTarget)),
    );
    const offset = onTarget.sub(onCup);
    const gapM = offset.dot(axisOnCup);
    const slideM = offset.addScaledVector(axisOnCup, -gapM).length();
    return (
      gapM <= this.releaseGapM &&
      axisOnCup.dot(axisOnTarget) >= this.cosReleaseTilt &&
      slideM <= (RELEASE_SLIDE_FRACTION * this.diameterM) / 2
    );
  }

  /**
   * The vacuum's hold as implicit springs: a joint with all axes free and force-based motors that keep the face
   * where it sealed, along the cup axis capped at vacuum × area. It pulls only as hard as the load needs (the face
   * contact carries any push); a constant 40 N force pair fought the contact inside the solver and showed up as
   * phantom load on the wrist. The joint holds the face just off the cup, so shear and peel need their own capped
   * motors: without them a light box slid off the face under a 2 m/s² sideways move.
   */
  private pullJoint(seal: {
    collider: number;
    point: Vector3;
    axis: Vector3;
  }): { joint: number; hold: HoldFrames } | undefined {
    const target = this.sim.collider(seal.collider).parent();
    if (target === null || !target.isDynamic()) return undefined;
    const { rapier, world } = this.sim;
    const cup = this.sim.body(this.spec.cupBodyHandle);
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
    const axisApi = rapier.SphericalImpulseJoint.prototype;
    axisApi.configureMotorModel.call(joint, rapier.JointAxis.LinX, rapier.MotorModel.ForceBased);
    axisApi.setMotorMaxForce.call(joint, rapier.JointAxis.LinX, this.ratedHoldForceN);
    axisApi.configureMotor.call(joint, rapier.JointAxis.LinX, 0, 0, PULL_STIFFNESS_NPM, PULL_DAMPING_NSPM);
    for (const axis of [rapier.JointAxis.LinY, rapier.JointAxis.LinZ]) {
      axisApi.configureMotorModel.call(joint, axis, rapier.MotorModel.ForceBased);
      axisApi.setMotorMaxForce.call(joint, axis, LIP_FRICTION * this.ratedHoldForceN);
      axisApi.configureMotor.call(joint, axis, 0, 0, LIP_SHEAR_STIFFNESS_NPM, LIP_SHEAR_DAMPING_NSPM);
    }
    // The vacuum presses the face onto the whole lip, so the lip resists peeling and twisting up to a moment set
    // by the vacuum force; a larger moment tilts the face past the release angle and the seal breaks.
    const peelMomentNm = PEEL_MOMENT_FRACTION * this.ratedHoldForceN * (this.diameterM / 2);
    for (const axis of [rapier.JointAxis.AngX, rapier.JointAxis.AngY, rapier.JointAxis.AngZ]) {
      axisApi.configureMotorModel.call(joint, axis, rapier.MotorModel.ForceBased);
      axisApi.setMotorMaxForce.call(joint, axis, peelMomentNm);
      axisApi.configureMotor.call(joint, axis, 0, 0, LIP_STIFFNESS_NMPRAD, LIP_DAMPING_NMSPRAD);
    }
    const hold: HoldFrames = {
      anchorInCup: anchorInCup.toArray(),
      frameInCup: frameInCup.toArray(),
      anchorInTarget: anchorInTarget.toArray(),
      frameInTarget: frameInTarget.toArray(),
      targetBody: target.handle,
    };
    return { joint: joint.handle, hold };
  }

  private setSealed(sealed: boolean, collider: number | undefined, joint?: number, hold?: HoldFrames): void {
    if (this.state.pullJoint !== undefined && this.state.pullJoint !== joint) {
      this.sim.world.removeImpulseJoint(this.sim.world.getImpulseJoint(this.state.pullJoint), true);
    }
    this.state = { ...this.state, sealed, sealedCollider: collider, pullJoint: joint, hold };
    this.sealedSubject.next(sealed);
  }

  /** The seal, if the lip rays say the face is flat, covering, close and square to the cup. */
  private checkSeal(): { collider: number; point: Vector3; axis: Vector3 } | undefined {
    const cup = this.sim.body(this.spec.cupBodyHandle);
    const t = cup.translation();
    const r = cup.rotation();
    const cupRot = new Quaternion(r.x, r.y, r.z, r.w);
    const faceRot = cupRot.clone().multiply(this.spec.faceInCup.quaternion);
    const faceCentre = this.spec.faceInCup.position
      .clone()
      .applyQuaternion(cupRot)
      .add(new Vector3(t.x, t.y, t.z));
    const axis = new Vector3(0, 0, 1).applyQuaternion(faceRot);
    const rimR = (RIM_FRACTION * this.diameterM) / 2;
    let collider: number | undefined;
    let minToi = Infinity;
    let maxToi = -Infinity;
    let centrePoint: Vector3 | undefined;
    for (let i = 0; i <= RIM_RAYS; i++) {
      const angle = (2 * Math.PI * i) / RIM_RAYS;
      const local = i === RIM_RAYS ? new Vector3() : new Vector3(rimR * Math.cos(angle), rimR * Math.sin(angle), 0);
      const origin = local.applyQuaternion(faceRot).add(faceCentre).addScaledVector(axis, -RAY_BACKOFF_M);
      const ray = new this.sim.rapier.Ray(origin, axis);
      const hit = this.sim.world.castRayAndGetNormal(
        ray,
        RAY_BACKOFF_M + this.maxGapM,
        true,
        undefined,
        SEAL_FILTER,
        undefined,
        cup,
      );
      if (hit === null) return undefined;
      if (collider !== undefined && hit.collider.handle !== collider) return undefined;
      collider = hit.collider.handle;
      if (-(hit.normal.x * axis.x + hit.normal.y * axis.y + hit.normal.z * axis.z) < this.cosMaxTilt) return undefined;
      minToi = Math.min(minToi, hit.timeOfImpact);
      maxToi = Math.max(maxToi, hit.timeOfImpact);
      if (i === RIM_RAYS) centrePoint = origin.addScaledVector(axis, hit.timeOfImpact);
    }
    if (collider === undefined || centrePoint === undefined || maxToi - minToi > this.tolerance) return undefined;
    return { collider, point: centrePoint, axis };
  }
}

function vec(v: { x: number; y: number; z: number }): Vector3 {
  return new Vector3(v.x, v.y, v.z);
}

function quat(q: { x: number; y: number; z: number; w: number }): Quaternion {
  return new Quaternion(q.x, q.y, q.z, q.w);
}
