import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { Motion } from '../hardware/common.ts';
import type { ParallelGripper } from '../hardware/end-effector.ts';
import type { Pose } from '../src/math/pose.ts';
import { COLLISION_GROUPS } from './collision-groups.ts';
import type { PrismaticImpulseJoint } from './rapier.ts';
import { colliderDesc, type SimShape } from './shapes.ts';
import { MotionSlot } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** One finger: a dynamic body on a prismatic joint of the hand. */
export interface FingerSpec {
  readonly name: string;
  /** Finger frame in the hand frame at q = 0; the finger body keeps the hand's orientation, shapes carry the rest. */
  readonly originInHand: Pose;
  /** Unit joint axis in the hand frame (q moves the finger along it). */
  readonly axisInHand: Vector3;
  readonly closedQ: number;
  readonly openQ: number;
  /** Collision shapes in the finger frame. */
  readonly shapes: readonly { readonly shape: SimShape; readonly poseInFinger: Pose }[];
  readonly massKg: number;
  readonly friction: number;
}

export interface GripperSpec {
  readonly name: string;
  /** Part name in faults: `gripper/right`. */
  readonly part: string;
  readonly handBodyHandle: number;
  readonly fingers: readonly FingerSpec[];
  /** Pad gap when fully open (all fingers at openQ), m. */
  readonly maxWidthM: number;
  readonly maxForceN: number;
  readonly defaultSpeedMps?: number;
}

/** Finger servo: F = clamp(KP·(q* − q) − KD·q̇, ±force), as in the peer grasp trial. */
const KP_N_PER_M = 2000;
const KD_NS_PER_M = 20;
/** Finger speed below which a closing finger counts as stalled, m/s, and for how long. */
const STALL_SPEED_MPS = 0.004;
const STALL_MS = 40;
/** Time the motor gets to build up the squeeze before a close reports done, ms. */
const SQUEEZE_SETTLE_MS = 100;
/** Lag of the fingers behind a closing command that means something is in the way, m of width. */
const BLOCKED_LAG_M = 0.004;

type Phase = 'idle' | 'moving' | 'squeezing';

interface GripperState {
  phase: Phase;
  /** Commanded opening fraction (0 closed, 1 open) and where the ramp ends. */
  commandS: number;
  goalS: number;
  rateSps: number;
  forceN: number;
  stalledMs: number;
  settledMs: number;
  objectDetected: boolean;
}

/**
 * A parallel gripper whose fingers are dynamic bodies on prismatic impulse joints with force-limited ForceBased
 * position motors. Nothing is welded: a held object stays only by friction from the squeeze. Closing ramps the
 * target at the commanded speed; when the fingers stall (on an object) or reach the closed end, the target jumps
 * past the closed limit so the motor saturates at the commanded force, the way a force-controlled grasp holds.
 */
export class SimParallelGripper implements ParallelGripper, SimStateful {
  readonly kind = 'parallel-gripper';
  readonly name: string;
  readonly stateKey: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly width$: Observable<{ readonly stampMs: number; readonly widthM: number }>;
  readonly objectDetected$: Observable<boolean>;
  /** Finger body handles, for sensing and tests. */
  readonly fingerBodyHandles: readonly number[];
  private readonly jointHandles: number[] = [];
  private readonly slot: MotionSlot;
  private readonly widthSubject: BehaviorSubject<{ readonly stampMs: number; readonly widthM: number }>;
  private readonly detectedSubject = new BehaviorSubject(false);
  private state: GripperState;

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: GripperSpec,
  ) {
    this.name = spec.name;
    this.stateKey = `gripper/${spec.name}`;
    this.widthRangeM = [0, spec.maxWidthM];
    this.maxForceN = spec.maxForceN;
    this.slot = new MotionSlot(sim, spec.part);
    this.fingerBodyHandles = spec.fingers.map((finger) => this.addFinger(finger));
    this.state = {
      phase: 'idle',
      commandS: 1,
      goalS: 1,
      rateSps: 0,
      forceN: spec.maxForceN,
      stalledMs: 0,
      settledMs: 0,
      objectDetected: false,
    };
    this.widthSubject = new BehaviorSubject({ stampMs: sim.timeMs, widthM: this.widthM() });
    this.width$ = this.widthSubject.asObservable();
    this.objectDetected$ = this.detectedSubject.pipe(distinctUntilChanged());
    this.applyMotors();
    sim.addPreStep((dtS) => this.control(dtS));
    sim.addPostStep((dtS) => this.sense(dtS));
    sim.addStateful(this);
  }

  /** Present pad gap, from the finger joint positions. */
  widthM(): number {
    return this.spec.maxWidthM * this.meanOpenFraction();
  }

  open(widthM = this.spec.maxWidthM, speedMps = this.spec.defaultSpeedMps ?? 0.1): Motion<{ readonly widthM: number }> {
    const width = clamp(widthM, 0, this.spec.maxWidthM);
    return {
      applied: { widthM: width },
      execution$: this.slot.execution(() => ({
        start: () => this.startMove(width / this.spec.maxWidthM, speedMps, this.spec.maxForceN),
        poll: () => (this.state.phase === 'idle' ? 'done' : this.progress()),
        halt: () => this.freeze(),
      })),
    };
  }

  close(forceN: number, speedMps = this.spec.defaultSpeedMps ?? 0.1): Motion<{ readonly forceN: number }> {
    const force = clamp(forceN, 0, this.spec.maxForceN);
    return {
      applied: { forceN: force },
      execution$: this.slot.execution(() => ({
        start: () => this.startMove(0, speedMps, force),
        poll: () =>
          this.state.phase === 'squeezing' && this.state.settledMs >= SQUEEZE_SETTLE_MS ? 'done' : undefined,
        halt: () => this.freeze(),
      })),
    };
  }

  stop(): void {
    this.slot.stopActive();
    this.freeze();
  }

  saveState(): unknown {
    return { ...this.state };
  }

  loadState(state: unknown): void {
    this.state = { ...(state as GripperState) };
    this.applyMotors();
  }

  private addFinger(finger: FingerSpec): number {
    const { rapier, world } = this.sim;
    const hand = this.sim.body(this.spec.handBodyHandle);
    const t = hand.translation();
    const r = hand.rotation();
    // Fingers start fully open, matching the initial command.
    const handRot = new Quaternion(r.x, r.y, r.z, r.w);
    const origin = finger.originInHand.position
      .clone()
      .addScaledVector(finger.axisInHand, finger.openQ)
      .applyQuaternion(handRot)
      .add(new Vector3(t.x, t.y, t.z));
    const body = world.createRigidBody(
      rapier.RigidBodyDesc.dynamic().setTranslation(origin.x, origin.y, origin.z).setRotation(r).setCanSleep(false),
    );
    const share = finger.massKg / Math.max(1, finger.shapes.length);
    for (const { shape, poseInFinger } of finger.shapes) {
      const local = {
        position: poseInFinger.position.clone().applyQuaternion(finger.originInHand.quaternion),
        quaternion: finger.originInHand.quaternion.clone().multiply(poseInFinger.quaternion),
      };
      const collider = world.createCollider(
        colliderDesc(rapier, shape, { friction: finger.friction, massKg: share }, local).setCollisionGroups(
          COLLISION_GROUPS.hand,
        ),
        body,
      );
      this.sim.colliderNames.set(collider.handle, `finger ${finger.name}`);
    }
    if (finger.shapes.length === 0) body.setAdditionalMass(finger.massKg, true);
    const data = rapier.JointData.prismatic(finger.originInHand.position, { x: 0, y: 0, z: 0 }, finger.axisInHand);
    const lo = Math.min(finger.closedQ, finger.openQ);
    const hi = Math.max(finger.closedQ, finger.openQ);
    data.limitsEnabled = true;
    data.limits = [lo, hi];
    const joint = world.createImpulseJoint(data, hand, body, true) as PrismaticImpulseJoint;
    // The palm and its fingers overlap by design; the joint, not contacts, keeps them apart.
    joint.setContactsEnabled(false);
    joint.configureMotorModel(rapier.MotorModel.ForceBased);
    this.jointHandles.push(joint.handle);
    return body.handle;
  }

  private joint(i: number): PrismaticImpulseJoint {
    return this.sim.world.getImpulseJoint(this.jointHandles[i]!) as PrismaticImpulseJoint;
  }

  /** Opening fraction of finger i from its joint position (0 closed, 1 open). */
  private fingerS(i: number): number {
    const finger = this.spec.fingers[i]!;
    const hand = this.sim.body(this.spec.handBodyHandle);
    const r = hand.rotation();
    const t = hand.translation();
    const handRot = new Quaternion(r.x, r.y, r.z, r.w);
    const anchor = finger.originInHand.position
      .clone()
      .applyQuaternion(handRot)
      .add(new Vector3(t.x, t.y, t.z));
    const p = this.sim.body(this.fingerBodyHandles[i]!).translation();
    const q = new Vector3(p.x, p.y, p.z).sub(anchor).dot(finger.axisInHand.clone().applyQuaternion(handRot));
    return (q - finger.closedQ) / (finger.openQ - finger.closedQ);
  }

  private meanOpenFraction(): number {
    let sum = 0;
    for (let i = 0; i < this.spec.fingers.length; i++) sum += this.fingerS(i);
    return clamp(sum / Math.max(1, this.spec.fingers.length), 0, 1);
  }

  private startMove(goalS: number, speedMps: number, forceN: number): void {
    this.state = {
      ...this.state,
      phase: 'moving',
      commandS: this.meanOpenFraction(),
      goalS,
      rateSps: Math.max(1e-3, speedMps) / this.spec.maxWidthM,
      forceN,
      stalledMs: 0,
      settledMs: 0,
    };
  }

  /** Holds the fingers where they are; a squeeze in progress keeps squeezing so nothing held drops. */
  private freeze(): void {
    if (this.state.phase === 'moving') this.state = { ...this.state, phase: 'idle', commandS: this.meanOpenFraction() };
  }

  private progress(): number {
    return 1 - Math.abs(this.state.commandS - this.state.goalS);
  }

  private control(dtS: number): void {
    const s = this.state;
    if (s.phase === 'moving') {
      const step = s.rateSps * dtS;
      s.commandS = s.goalS > s.commandS ? Math.min(s.goalS, s.commandS + step) : Math.max(s.goalS, s.commandS - step);
    }
    this.applyMotors();
  }

  private applyMotors(): void {
    const s = this.state;
    for (let i = 0; i < this.spec.fingers.length; i++) {
      const finger = this.spec.fingers[i]!;
      const span = finger.openQ - finger.closedQ;
      // Squeezing aims past the closed end, so the motor saturates at the force limit on whatever is between.
      const overshootS = s.phase === 'squeezing' ? -(1.5 * s.forceN) / (KP_N_PER_M * Math.abs(span)) : s.commandS;
      const joint = this.joint(i);
      joint.setMotorMaxForce(s.forceN);
      joint.configureMotor(finger.closedQ + overshootS * span, 0, KP_N_PER_M, KD_NS_PER_M);
    }
  }

  private sense(dtS: number): void {
    const s = this.state;
    const widthM = this.widthM();
    if (s.phase === 'moving' || s.phase === 'squeezing') {
      const still = this.fingerSpeedMps() < STALL_SPEED_MPS;
      if (s.phase === 'moving') {
        const arrived = Math.abs(s.commandS - s.goalS) < 1e-9;
        // Blocked: the fingers lag the closing command by more than the servo's free-motion error.
        const blocked =
          s.goalS < s.commandS + 1e-9 && (this.meanOpenFraction() - s.commandS) * this.spec.maxWidthM > BLOCKED_LAG_M;
        s.stalledMs = blocked ? s.stalledMs + dtS * 1000 : 0;
        if (s.goalS === 0 && (arrived || s.stalledMs >= STALL_MS)) {
          s.phase = 'squeezing';
          s.settledMs = 0;
        } else if (s.goalS > 0 && arrived && still) {
          s.phase = 'idle';
        }
      } else {
        s.settledMs += dtS * 1000;
      }
    }
    // An object is detected when the fingers hold apart short of closed: something is between them.
    s.objectDetected = s.phase === 'squeezing' && s.settledMs >= SQUEEZE_SETTLE_MS && widthM > 0.002;
    this.detectedSubject.next(s.objectDetected);
    this.widthSubject.next({ stampMs: this.sim.timeMs, widthM });
  }

  private fingerSpeedMps(): number {
    const hand = this.sim.body(this.spec.handBodyHandle).linvel();
    let max = 0;
    for (const handle of this.fingerBodyHandles) {
      const v = this.sim.body(handle).linvel();
      max = Math.max(max, Math.hypot(v.x - hand.x, v.y - hand.y, v.z - hand.z));
    }
    return max;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
