import { BehaviorSubject, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { Wrench } from '../hardware/force-torque-sensor.ts';
import type { ForceTorqueSensor } from '../hardware/force-torque-sensor.ts';
import type { Pose } from '../src/math/pose.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';
import type { JointAxesMask } from './rapier.ts';

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
  /**
   * How far the six springs sit from the sensor origin, one each way along its x, y and z axes, m. With a sixth of
   * the linear stiffness at each anchor the hand turns with stiffness 4 · (k/6) · r² about each axis: 0.04 m and
   * 30 kN/m give 32 N·m/rad, 5 mrad under a 0.16 N·m offset load.
   */
  readonly springOffsetM?: number;
  /**
   * Extra solver iterations for the hand's island (Rapier's per-body `additionalSolverIterations`). The springs
   * and the grip are solved together; with the world's 8 iterations alone a 0.4 kg bar held 40 mm off centre
   * turned 0.062 rad and slid 3.4 mm in the grip in 2.5 s and the torque read 70 mN·m off; with 8 more it turned
   * 0.016 rad and slid 1.15 mm, no more than with the rotation locked (0.041 rad, 1.2 mm). They cost robot sims
   * time: tabletop steps took 1.6× as long (bench/sim-step.ts), 16 more took 2×.
   */
  readonly extraSolverIterations?: number;
}

const ZERO_WRENCH = (frameId: string, stampMs: number): Wrench => ({
  stampMs,
  frameId,
  forceN: [0, 0, 0],
  torqueNm: [0, 0, 0],
});

/**
 * A compliant wrist and its force/torque sensor. The hand is a dynamic body held to the flange by six stiff linear
 * spring-dampers at anchors set off the sensor origin along ±x, ±y and ±z, as a strain-gauge sensor's flexures
 * are: each an impulse joint whose linear axes carry force-based position motors (solved implicitly by Rapier, so
 * the springs can be stiff) and whose rotation is free. Their lever arms hold the hand's orientation. The reading is
 * the spring law on the deflections after each step: the springs' summed force on the flange and its moment about
 * the sensor origin, in the sensor frame — what the gauges measure, payload, contact and friction included.
 *
 * Why linear springs for the moment: Rapier's angular motors on a joint with coupled free angles do not act
 * (dimforge/rapier#1011); on this wrist they read 5–30× the real torque while a held bar slid out of the grip.
 */
export class CompliantWrist implements ForceTorqueSensor, SimStateful {
  readonly name: string;
  readonly frameId: string;
  readonly stateKey: string;
  private readonly k: number;
  private readonly c: number;
  /** Spring anchors in the sensor frame: the origin, then one along each axis. */
  private readonly anchors: readonly Vector3[];
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
    const r = spec.springOffsetM ?? 0.04;
    this.anchors = [
      new Vector3(r, 0, 0),
      new Vector3(-r, 0, 0),
      new Vector3(0, r, 0),
      new Vector3(0, -r, 0),
      new Vector3(0, 0, r),
      new Vector3(0, 0, -r),
    ];
    this.createJoint();
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

  /**
   * Four spring joints between flange and hand, one at each anchor: linear axes free with force-based position
   * motors (stiff, solved implicitly), rotation free. Together they hold the hand's orientation through their
   * lever arms, so the moment is read from linear springs alone (Rapier's angular motors on coupled axes do not
   * act; issue dimforge/rapier#1011).
   */
  private createJoint(): void {
    const { rapier, world } = this.sim;
    const kEach = this.k / this.anchors.length;
    const cEach = this.c / this.anchors.length;
    // Rapier's JS API exposes per-axis motors only on its spherical joint class; the raw calls are the same for
    // any joint, so borrow them for the generic one.
    const axisApi = rapier.SphericalImpulseJoint.prototype;
    this.sim.body(this.spec.handBodyHandle).setAdditionalSolverIterations(this.spec.extraSolverIterations ?? 8);
    for (const anchor of this.anchors) {
      const inFlange = anchorPose(this.spec.sensorInFlange, anchor);
      const inHand = anchorPose(this.spec.sensorInHand, anchor);
      // No axis locked: the motors below carry the linear axes; rotation is free.
      const free = 0 as JointAxesMask;
      const data = rapier.JointData.generic(inFlange.position, inHand.position, { x: 1, y: 0, z: 0 }, free);
      const joint = world.createImpulseJoint(
        data,
        this.sim.body(this.spec.flangeBodyHandle),
        this.sim.body(this.spec.handBodyHandle),
        true,
      );
      // Rapier's generic joint descriptor ignores `frame1/2` (both frames come from one axis); set the real frames.
      joint.setLocalFrame1(inFlange.position, inFlange.quaternion);
      joint.setLocalFrame2(inHand.position, inHand.quaternion);
      joint.setContactsEnabled(false);
      for (const axis of [0, 1, 2]) {
        axisApi.configureMotorModel.call(joint, axis, rapier.MotorModel.ForceBased);
        axisApi.configureMotor.call(joint, axis, 0, 0, kEach, cEach);
      }
    }
  }

  /**
   * The spring law on the present deflections: the force of hand on flange summed over the anchors, and its moment
   * about the sensor origin (Σ r × F over the anchors), in the sensor frame.
   */
  private measure(): Wrench {
    const flange = this.sim.body(this.spec.flangeBodyHandle);
    const hand = this.sim.body(this.spec.handBodyHandle);
    const flangePos = vec(flange.translation());
    const flangeRot = quat(flange.rotation());
    const handPos = vec(hand.translation());
    const handRot = quat(hand.rotation());
    const pointVel = (body: typeof hand, at: Vector3): Vector3 =>
      vec(body.linvel()).add(vec(body.angvel()).cross(at.clone().sub(vec(body.worldCom()))));
    const sensor = framePose(flangePos, flangeRot, this.spec.sensorInFlange);
    const toSensor = sensor.quaternion.clone().invert();
    const kEach = this.k / this.anchors.length;
    const cEach = this.c / this.anchors.length;
    const force = new Vector3();
    const torque = new Vector3();
    for (const anchor of this.anchors) {
      const mount = framePose(flangePos, flangeRot, anchorPose(this.spec.sensorInFlange, anchor)).position;
      const held = framePose(handPos, handRot, anchorPose(this.spec.sensorInHand, anchor)).position;
      const relVel = pointVel(hand, held).sub(pointVel(flange, mount));
      const f = held.clone().sub(mount).multiplyScalar(kEach).addScaledVector(relVel, cEach);
      force.add(f);
      torque.add(mount.clone().sub(sensor.position).cross(f));
    }
    const f = force.applyQuaternion(toSensor);
    const t = torque.applyQuaternion(toSensor);
    return { stampMs: this.sim.timeMs, frameId: this.frameId, forceN: [f.x, f.y, f.z], torqueNm: [t.x, t.y, t.z] };
  }
}

/** A spring anchor's pose in a body: the sensor frame moved by `offset` (in the sensor frame). */
function anchorPose(sensorInBody: Pose, offset: Vector3): Pose {
  return {
    position: offset.clone().applyQuaternion(sensorInBody.quaternion).add(sensorInBody.position),
    quaternion: sensorInBody.quaternion,
  };
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
