import { BehaviorSubject, type SchedulerLike } from 'rxjs';
import type {
  AppliedJointTrajectory,
  Arm,
  CartesianTarget,
  JointState,
  JointTarget,
  JointTrajectoryTarget,
} from '../arm.ts';
import { oneTargetTrajectory, planCartesianPath } from '../cartesian-path.ts';
import type { Motion, Vec3 } from '../common.ts';
import { jointBounds, type JointBounds } from '../joint-path-timing.ts';
import { planTrajectory, TrajectoryTargetError, type PlannedTrajectory } from '../trajectory-plan.ts';
import type { KinematicChain } from '../../src/kinematics/chain.ts';
import type { ParallelGripper, SuctionCup } from '../end-effector.ts';
import type { ForceTorqueSensor, Wrench } from '../force-torque-sensor.ts';
import type { Lift } from '../lift.ts';
import type { BaseLimits, MobileBase, StampedPose2D, Twist2D } from '../mobile-base.ts';
import type { JointLimits } from '../../src/kinematics/model.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { CommandLog } from './command-log.ts';
import { scriptedMotion } from './scripted-motion.ts';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * A scripted arm: targets are clipped to limits and planned with the shared `planTrajectory`, and the joint state
 * follows the plan in scheduler time. The double's one simplification: an untimed path runs at constant speed (each
 * segment takes max |Δq| / (velocity limit × scale), no acceleration phase), so tests can compute its durations by
 * hand. Cartesian targets are solved with the shared kinematics when the double was given its chain
 * (`planCartesianPath`).
 */
export class ScriptedArm implements Arm {
  readonly jointState$: BehaviorSubject<JointState>;
  readonly baseLink: string;
  readonly tipLink: string;
  readonly bounds: readonly JointBounds[];
  /** The arm's kinematic chain, for Cartesian targets; without it every Cartesian target is refused. */
  chain?: KinematicChain;

  constructor(
    readonly name: string,
    readonly jointNames: readonly string[],
    readonly limits: readonly JointLimits[],
    links: { baseLink: string; tipLink: string },
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
  ) {
    this.baseLink = links.baseLink;
    this.tipLink = links.tipLink;
    this.bounds = jointBounds(limits);
    const zeros = jointNames.map(() => 0);
    this.jointState$ = new BehaviorSubject<JointState>({
      stampMs: 0,
      positions: zeros,
      velocities: zeros,
      efforts: zeros,
    });
  }

  get part(): string {
    return `arm/${this.name}`;
  }

  currentState(): JointState {
    return this.jointState$.value;
  }

  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory> {
    this.log.record(this.part, 'moveJoints', target);
    return this.run(oneTargetTrajectory(target), 'moveJoints');
  }

  followTrajectory(target: JointTrajectoryTarget): Motion<AppliedJointTrajectory> {
    this.log.record(this.part, 'followTrajectory', target);
    return this.run(target, 'followTrajectory');
  }

  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory> {
    this.log.record(this.part, 'moveCartesian', target);
    const start = this.currentState().positions;
    const path = this.chain === undefined ? undefined : planCartesianPath(this.chain, start, target, this.part);
    if (path?.ok !== true) return this.refuse('moveCartesian', path?.fault.message ?? 'no IK solution');
    const points = path.waypoints.map((positions) => ({ positions }));
    return this.run({ points, ...scaleOf(target.velocityScale) }, 'moveCartesian');
  }

  stop(): void {
    this.log.record(this.part, 'stop');
  }

  private run(target: JointTrajectoryTarget, command: string): Motion<AppliedJointTrajectory> {
    let plan: PlannedTrajectory;
    try {
      const start = this.currentState().positions;
      plan = planTrajectory(this, start, this.atConstantSpeed(start, target));
    } catch (error) {
      if (!(error instanceof TrajectoryTargetError)) throw error;
      return this.refuse(command, error.message);
    }
    const publish = (fraction: number): void => {
      const now = plan.at(fraction * plan.durationS);
      this.jointState$.next({
        stampMs: this.scheduler.now(),
        positions: now,
        velocities: now.map(() => 0),
        efforts: now.map(() => 0),
      });
    };
    return scriptedMotion(this.log, this.scheduler, {
      part: this.part,
      command,
      applied: plan.applied,
      durationMs: plan.applied.durationMs,
      onProgress: publish,
    });
  }

  /** An untimed target timed at constant speed along its path (timed targets pass unchanged). */
  private atConstantSpeed(start: readonly number[], target: JointTrajectoryTarget): JointTrajectoryTarget {
    if (target.points.some((p) => p.timeFromStartMs !== undefined || p.positions.length !== start.length))
      return target;
    const scale = Math.min(1, Math.max(0.01, target.velocityScale ?? 1));
    let previous = start;
    let timeMs = 0;
    const points = [];
    for (const p of target.points) {
      const positions = p.positions.map((q, j) => Math.min(this.limits[j]!.upper, Math.max(this.limits[j]!.lower, q)));
      const segmentMs = Math.max(
        0,
        ...positions.map((q, j) => (Math.abs(q - previous[j]!) / (this.bounds[j]!.maxVelocity * scale)) * 1000),
      );
      previous = positions;
      if (segmentMs <= 0) continue;
      timeMs += segmentMs;
      points.push({ positions: p.positions, timeFromStartMs: timeMs });
    }
    // Nothing to move: the untimed plan of a path that stays put takes no time.
    return points.length === 0 ? target : { ...target, points };
  }

  /** A refused command: recorded like any motion, failing with `rejected` as soon as it is subscribed. */
  private refuse(command: string, message: string): Motion<AppliedJointTrajectory> {
    const positions = this.currentState().positions;
    // The refusal belongs to this motion: a refused command that is never run leaves nothing for the next one.
    return scriptedMotion(this.log, this.scheduler, {
      part: this.part,
      command,
      applied: { positions, durationMs: 0, clipped: [], points: [] },
      durationMs: 0,
      outcome: { kind: 'fault', code: 'rejected', afterMs: 0, message },
    });
  }
}

function scaleOf(velocityScale: number | undefined): { velocityScale?: number } {
  return velocityScale === undefined ? {} : { velocityScale };
}

/** A scripted holonomic base: drives straight to goals at its speed limit. */
export class ScriptedBase implements MobileBase {
  readonly kind = 'holonomic' as const;
  readonly pose$ = new BehaviorSubject<StampedPose2D>({ stampMs: 0, x: 0, y: 0, yawRad: 0 });

  constructor(
    readonly limits: BaseLimits,
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
  ) {}

  setVelocity(twist: Twist2D): Twist2D {
    const s = Math.hypot(twist.vxMps, twist.vyMps);
    const k = s > this.limits.maxLinearMps ? this.limits.maxLinearMps / s : 1;
    const applied = {
      vxMps: twist.vxMps * k,
      vyMps: twist.vyMps * k,
      wzRadps: clamp(twist.wzRadps, -this.limits.maxAngularRadps, this.limits.maxAngularRadps),
    };
    this.log.record('base', 'setVelocity', applied);
    return applied;
  }

  goTo(goal: Pose2D): Motion<Pose2D> {
    this.log.record('base', 'goTo', goal);
    const start = this.pose$.value;
    const durationMs = (Math.hypot(goal.x - start.x, goal.y - start.y) / this.limits.maxLinearMps) * 1000;
    return scriptedMotion(this.log, this.scheduler, {
      part: 'base',
      command: 'goTo',
      applied: goal,
      durationMs,
      onProgress: (f) =>
        this.pose$.next({
          stampMs: this.scheduler.now(),
          x: start.x + (goal.x - start.x) * f,
          y: start.y + (goal.y - start.y) * f,
          yawRad: start.yawRad + (goal.yawRad - start.yawRad) * f,
        }),
    });
  }

  stop(): void {
    this.log.record('base', 'stop');
  }
}

/** A scripted torso lift. */
export class ScriptedLift implements Lift {
  readonly height$ = new BehaviorSubject({ stampMs: 0, heightM: 0 });

  constructor(
    readonly jointName: string,
    readonly heightRangeM: readonly [number, number],
    readonly maxSpeedMps: number,
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
  ) {}

  moveTo(heightM: number, speedMps = this.maxSpeedMps): Motion<number> {
    const applied = clamp(heightM, this.heightRangeM[0], this.heightRangeM[1]);
    this.log.record('lift', 'moveTo', applied);
    const start = this.height$.value.heightM;
    const durationMs = (Math.abs(applied - start) / clamp(speedMps, 1e-3, this.maxSpeedMps)) * 1000;
    return scriptedMotion(this.log, this.scheduler, {
      part: 'lift',
      command: 'moveTo',
      applied,
      durationMs,
      onProgress: (f) => this.height$.next({ stampMs: this.scheduler.now(), heightM: start + (applied - start) * f }),
    });
  }

  stop(): void {
    this.log.record('lift', 'stop');
  }
}

/** A scripted gripper: `objectWidthM` says whether closing meets an object (stall) or closes empty. */
export class ScriptedGripper implements ParallelGripper {
  readonly kind = 'parallel-gripper' as const;
  readonly width$: BehaviorSubject<{ stampMs: number; widthM: number }>;
  readonly objectDetected$ = new BehaviorSubject(false);
  /** Width of the object between the fingers, or undefined for none. Tests set it. */
  objectWidthM: number | undefined;

  constructor(
    readonly name: string,
    readonly widthRangeM: readonly [number, number],
    readonly maxForceN: number,
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
  ) {
    this.width$ = new BehaviorSubject({ stampMs: 0, widthM: widthRangeM[1] });
  }

  private get part(): string {
    return `gripper/${this.name}`;
  }

  open(widthM = this.widthRangeM[1], speedMps = 0.1): Motion<{ widthM: number }> {
    const applied = { widthM: clamp(widthM, this.widthRangeM[0], this.widthRangeM[1]) };
    this.log.record(this.part, 'open', applied);
    return this.moveTo(applied.widthM, speedMps, 'open', applied, false);
  }

  close(forceN: number, speedMps = 0.1): Motion<{ forceN: number }> {
    const applied = { forceN: clamp(forceN, 0, this.maxForceN) };
    this.log.record(this.part, 'close', applied);
    const stallAt = this.objectWidthM;
    return this.moveTo(stallAt ?? this.widthRangeM[0], speedMps, 'close', applied, stallAt !== undefined);
  }

  stop(): void {
    this.log.record(this.part, 'stop');
  }

  private moveTo<A>(widthM: number, speedMps: number, command: string, applied: A, detects: boolean): Motion<A> {
    const start = this.width$.value.widthM;
    return scriptedMotion(this.log, this.scheduler, {
      part: this.part,
      command,
      applied,
      durationMs: (Math.abs(widthM - start) / speedMps) * 1000,
      onProgress: (f) => this.width$.next({ stampMs: this.scheduler.now(), widthM: start + (widthM - start) * f }),
      onArrive: () => this.objectDetected$.next(detects),
    });
  }
}

/** A scripted suction cup: seals when `surfaceUnder` is true when the vacuum goes on. */
export class ScriptedSuctionCup implements SuctionCup {
  readonly kind = 'suction-cup' as const;
  readonly sealed$ = new BehaviorSubject(false);
  /** Whether a sealable face is under the cup. Tests set it. */
  surfaceUnder = true;

  constructor(
    readonly name: string,
    readonly diameterM: number,
    readonly ratedHoldForceN: number,
    private readonly log: CommandLog,
  ) {}

  setVacuum(on: boolean): boolean {
    this.log.record(`suction/${this.name}`, 'setVacuum', on);
    this.sealed$.next(on && this.surfaceUnder);
    return on;
  }
}

/** A scripted F/T sensor: tests push readings with `push`. */
export class ScriptedForceTorqueSensor implements ForceTorqueSensor {
  readonly wrench$: BehaviorSubject<Wrench>;
  private bias: Vec3 = [0, 0, 0];

  constructor(
    readonly name: string,
    readonly frameId: string,
    private readonly log: CommandLog,
    private readonly scheduler: SchedulerLike,
  ) {
    this.wrench$ = new BehaviorSubject<Wrench>({ stampMs: 0, frameId, forceN: [0, 0, 0], torqueNm: [0, 0, 0] });
  }

  currentWrench(): Wrench {
    return this.wrench$.value;
  }

  /** Publishes a raw reading (bias from the last tare is removed, as a real sensor's driver does). */
  push(forceN: Vec3, torqueNm: Vec3 = [0, 0, 0]): void {
    const f: Vec3 = [forceN[0] - this.bias[0], forceN[1] - this.bias[1], forceN[2] - this.bias[2]];
    this.wrench$.next({ stampMs: this.scheduler.now(), frameId: this.frameId, forceN: f, torqueNm });
  }

  tare(): void {
    this.log.record(`ft/${this.name}`, 'tare');
    const f = this.wrench$.value.forceN;
    this.bias = [this.bias[0] + f[0], this.bias[1] + f[1], this.bias[2] + f[2]];
    this.wrench$.next({ ...this.wrench$.value, forceN: [0, 0, 0] });
  }
}
