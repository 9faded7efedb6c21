import { BehaviorSubject, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { Wrench } from '../hardware/force-torque-sensor.ts';
import type { ForceTorqueSensor } from '../hardware/force-torque-sensor.ts';
import type { Pose } from '../src/math/pose.ts';
import type { JointAxesMask } from './rapier.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** Where the wrist attaches: the sensor frame fixed on a kinematic flange body and on the dynamic hand body. */
export interface CompliantWristSpec {
  readonly name: string;
  /** Frame id of readings (the sensor link). */
  readonly frameId: string;
  readonly flangeBodyHandle: number;
  readonly sensorInFlange: Pose;
  readonly handBodyHandle: number;
  readonly sensorInHand: Pose;
  /** Linear stiffness, N/m: 30 kN/m sags 0.16 mm under a 0.5 kg payload. */
  readonly linearStiffnessNpm?: number;
  readonly linearDampingNspm?: number;
}

const ZERO_WRENCH = (frameId: string, stampMs: number): Wrench => ({
  stampMs,
  frameId,
  forceN: [0, 0, 0],
  torqueNm: [0, 0, 0],
});

/**
 * A compliant wrist and its force sensor. The hand is a dynamic body held to the flange by a stiff spring-damper:
 * a generic impulse joint whose three linear axes are free with force-based position motors (solved implicitly
 * by Rapier, so the spring can be stiff). The reading is the spring law on the deflection after each step: the
 * force the hand exerts on the flange at the sensor origin, in the sensor frame, which is what a strain gauge
 * measures, payload, contact and friction included.
 *
 * The hand's rotation is rigid to the flange: its rotations are locked in Rapier (no impulse turns it) and before
 * each step its angular velocity is set to carry it onto the flange's next orientation. A rotation lock in the
 * joint, solved iteratively like any impulse joint, let the hand drift about 0.03 rad/s each step under a held
 * load's moment about the wrist and took it back in position only; a side-held carton, coupled to the pads by
 * velocity-level friction, kept the drift and turned 1.75°/s in the fingers (issues 11, 12, 16).
 *
 * Torque reads 0: with Rapier 0.21's angular motors on this joint (and with three offset linear springs) a held
 * box crept in the grip and the force reading wandered by ±20 %, so rotation stays rigid until that is solved.
 */
export class CompliantWrist implements ForceTorqueSensor, SimStateful {
  readonly name: string;
  readonly frameId: string;
  readonly stateKey: string;
  private readonly k: number;
  private readonly c: number;
  /** The hand's orientation in the flange's frame when the sensor frames coincide. */
  private readonly handInFlange: Quaternion;
  private raw: Wrench;
  private bias: readonly [number, number, number, number, number, number] = [0, 0, 0, 0, 0, 0];
  private readonly subject: BehaviorSubject<Wrench>;
  readonly wrench$: Observable<Wrench>;

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: CompliantWristSpec,
  ) {
    this.name = spec.name;
    this.frameId = spec.frameId;
    this.stateKey = `wrist/${spec.name}`;
    this.k = spec.linearStiffnessNpm ?? 30_000;
    this.c = spec.linearDampingNspm ?? 300;
    this.handInFlange = spec.sensorInFlange.quaternion.clone().multiply(spec.sensorInHand.quaternion.clone().invert());
    this.createJoint();
    sim.body(spec.handBodyHandle).lockRotations(true, true);
    // Registered after the robot body's hook that sets the flange's next pose, so the hand follows it in the same
    // step; a flange whose next pose is set after this hook is followed one step late.
    sim.addPreStep((dtS) => this.turnWithFlange(dtS));
    this.raw = ZERO_WRENCH(spec.frameId, sim.timeMs);
    this.subject = new BehaviorSubject(this.raw);
    this.wrench$ = this.subject.asObservable();
    sim.addPostStep(() => {
      this.raw = this.measure();
      this.subject.next(this.currentWrench());
    });
    sim.addStateful(this);
  }

  currentWrench(): Wrench {
    const [fx, fy, fz, tx, ty, tz] = this.bias;
    const { forceN: f, torqueNm: t } = this.raw;
    return { ...this.raw, forceN: [f[0] - fx, f[1] - fy, f[2] - fz], torqueNm: [t[0] - tx, t[1] - ty, t[2] - tz] };
  }

  tare(): void {
    const { forceN: f, torqueNm: t } = this.raw;
    this.bias = [f[0], f[1], f[2], t[0], t[1], t[2]];
  }

  saveState(): unknown {
    return { raw: this.raw, bias: this.bias };
  }

  loadState(state: unknown): void {
    const s = state as { raw: Wrench; bias: CompliantWrist['bias'] };
    this.raw = s.raw;
    this.bias = s.bias;
  }

  private createJoint(): void {
    const { rapier, world } = this.sim;
    // No axis is locked: the springs hold the linear ones, `turnWithFlange` the rotation.
    const data = rapier.JointData.generic(
      this.spec.sensorInFlange.position,
      this.spec.sensorInHand.position,
      { x: 1, y: 0, z: 0 },
      0 as JointAxesMask,
    );
    const joint = world.createImpulseJoint(
      data,
      this.sim.body(this.spec.flangeBodyHandle),
      this.sim.body(this.spec.handBodyHandle),
      true,
    );
    // Rapier's generic joint descriptor ignores `frame1/2` (both frames come from one axis), which would lock the
    // hand to the flange's orientation whenever the sensor frames differ; set the real frames on the joint.
    joint.setLocalFrame1(this.spec.sensorInFlange.position, this.spec.sensorInFlange.quaternion);
    joint.setLocalFrame2(this.spec.sensorInHand.position, this.spec.sensorInHand.quaternion);
    joint.setContactsEnabled(false);
    // Rapier's JS API exposes per-axis motors only on its spherical joint class; the raw calls are the same for
    // any joint, so borrow them for the generic one.
    const axisApi = rapier.SphericalImpulseJoint.prototype;
    for (const axis of [0, 1, 2]) {
      axisApi.configureMotorModel.call(joint, axis, rapier.MotorModel.ForceBased);
      axisApi.configureMotor.call(joint, axis, 0, 0, this.k, this.c);
    }
  }

  /**
   * Sets the hand's angular velocity so that the coming step turns it onto the flange's next orientation (the
   * kinematic flange's target): the hand's rotations are locked, so nothing else in the step changes it.
   */
  private turnWithFlange(dtS: number): void {
    const hand = this.sim.body(this.spec.handBodyHandle);
    const target = quat(this.sim.body(this.spec.flangeBodyHandle).nextRotation()).multiply(this.handInFlange);
    const turn = rotationVector(target.multiply(quat(hand.rotation()).invert())).divideScalar(dtS);
    hand.setAngvel(turn, false);
  }

  /** The spring law on the present deflection: the force of hand on flange at the sensor, in the sensor frame. */
  private measure(): Wrench {
    const flange = this.sim.body(this.spec.flangeBodyHandle);
    const hand = this.sim.body(this.spec.handBodyHandle);
    const mount = framePose(vec(flange.translation()), quat(flange.rotation()), this.spec.sensorInFlange);
    const held = framePose(vec(hand.translation()), quat(hand.rotation()), this.spec.sensorInHand);
    const pointVel = (body: typeof hand, at: Vector3): Vector3 =>
      vec(body.linvel()).add(vec(body.angvel()).cross(at.clone().sub(vec(body.worldCom()))));
    const relVel = pointVel(hand, held.position).sub(pointVel(flange, mount.position));
    const force = held.position.clone().sub(mount.position).multiplyScalar(this.k).addScaledVector(relVel, this.c);
    const f = force.applyQuaternion(mount.quaternion.clone().invert());
    // Rotation is held rigid (see the class comment), so there is no deflection to read torque from.
    return { stampMs: this.sim.timeMs, frameId: this.frameId, forceN: [f.x, f.y, f.z], torqueNm: [0, 0, 0] };
  }
}

function vec(v: { x: number; y: number; z: number }): Vector3 {
  return new Vector3(v.x, v.y, v.z);
}

function quat(q: { x: number; y: number; z: number; w: number }): Quaternion {
  return new Quaternion(q.x, q.y, q.z, q.w);
}

function framePose(position: Vector3, quaternion: Quaternion, local: Pose): Pose {
  return {
    position: local.position.clone().applyQuaternion(quaternion).add(position),
    quaternion: quaternion.clone().multiply(local.quaternion),
  };
}

/** Axis × angle of a rotation, the short way round. */
export function rotationVector(q: Quaternion): Vector3 {
  const s = q.w < 0 ? -1 : 1;
  const v = new Vector3(q.x * s, q.y * s, q.z * s);
  const sinHalf = v.length();
  if (sinHalf < 1e-12) return v.multiplyScalar(2);
  const angle = 2 * Math.atan2(sinHalf, q.w * s);
  return v.multiplyScalar(angle / sinHalf);
}
