import { concat, defer, type Observable } from 'rxjs';
import type {
  AppliedJointTrajectory,
  Arm,
  CartesianTarget,
  JointState,
  JointTarget,
  JointTrajectoryTarget,
} from '../../hardware/arm.ts';
import type { Motion } from '../../hardware/common.ts';
import type { EndEffector, ParallelGripper, SuctionCup } from '../../hardware/end-effector.ts';
import type { Lift } from '../../hardware/lift.ts';
import type { Footstep, MobileBase, Twist2D } from '../../hardware/mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { CommandLatch, PartChannel } from './command-latch.ts';

// Each recording part implements its hardware interface by passing every call to the real part, and keeps the
// command in effect: what the action column records. Motions go through the part's latch channel (see
// `CommandLatch`); a cancelled or faulted motion leaves the part holding where it stopped.

/** Latest value of a part's state stream, kept by subscription. */
export class Latest<T> {
  private latest: T;

  // The subscription lives as long as the part: both end with the episode's simulation.
  constructor(stream$: Observable<T>, initial: T) {
    this.latest = initial;
    stream$.subscribe((value) => (this.latest = value));
  }

  get value(): T {
    return this.latest;
  }
}

/** An arm's command: joint targets (`jointNames` order) and the velocity scale they were sent with. */
export interface ArmCommand {
  readonly targets: readonly number[];
  readonly velocityScale: number;
}

export class RecordingArm implements Arm {
  readonly name: string;
  readonly jointNames: readonly string[];
  readonly limits: Arm['limits'];
  readonly baseLink: string;
  readonly tipLink: string;
  readonly jointState$: Observable<JointState>;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: Arm['wristSensor'];
  private commanded: ArmCommand;
  private holding = true;

  constructor(
    private readonly inner: Arm,
    private readonly channel: PartChannel,
    endEffector: EndEffector | undefined,
  ) {
    this.name = inner.name;
    this.jointNames = inner.jointNames;
    this.limits = inner.limits;
    this.baseLink = inner.baseLink;
    this.tipLink = inner.tipLink;
    this.jointState$ = inner.jointState$;
    if (endEffector !== undefined) this.endEffector = endEffector;
    if (inner.wristSensor !== undefined) this.wristSensor = inner.wristSensor;
    this.commanded = { targets: inner.currentState().positions, velocityScale: 1 };
  }

  /** The command in effect: while holding (before any command, or after a halt), where the arm is. */
  get command(): ArmCommand {
    return this.holding ? { ...this.commanded, targets: this.inner.currentState().positions } : this.commanded;
  }

  currentState(): JointState {
    return this.inner.currentState();
  }

  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory> {
    return this.track(this.inner.moveJoints(target), target.velocityScale);
  }

  /**
   * A multi-point trajectory runs as one joint move per point while recording. An action row holds one joint target
   * and a velocity scale, and replay sends it as a joint move; a trajectory recorded as its end target would replay
   * as a straight joint move that leaves the path (0.3 rad on a planned carry). Point by point, every row is what the
   * arm was really sent, so replay reproduces the episode. The arm stops at each point, which a trajectory
   * controller would not: recorded motions are slower than unrecorded ones.
   */
  followTrajectory(target: JointTrajectoryTarget): Motion<AppliedJointTrajectory> {
    // The inner arm plans (clips, times) the whole trajectory for `applied`; a refused one (no points) fails as is.
    const planned = this.inner.followTrajectory(target);
    if (target.points.length <= 1 || planned.applied.points.length === 0)
      return this.track(planned, target.velocityScale);
    const velocityScale = target.velocityScale;
    const moves = target.points.map((point) =>
      defer(
        () =>
          this.moveJoints({ positions: point.positions, ...(velocityScale === undefined ? {} : { velocityScale }) })
            .execution$,
      ),
    );
    return { applied: planned.applied, execution$: concat(...moves) };
  }

  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory> {
    return this.track(this.inner.moveCartesian(target), target.velocityScale);
  }

  stop(): void {
    this.channel.stop(
      () => this.inner.stop(),
      () => (this.holding = true),
    );
  }

  private track(motion: Motion<AppliedJointTrajectory>, velocityScale = 1): Motion<AppliedJointTrajectory> {
    return this.channel.motion(
      motion,
      () => {
        this.commanded = { targets: motion.applied.positions, velocityScale };
        this.holding = false;
      },
      () => (this.holding = true),
    );
  }
}

/** A parallel gripper's command: a width to open to (force 0), or a squeeze force (width 0). */
export interface GripperCommand {
  readonly widthM: number;
  readonly forceN: number;
}

export class RecordingGripper implements ParallelGripper {
  readonly kind = 'parallel-gripper';
  readonly name: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly width$: ParallelGripper['width$'];
  readonly objectDetected$: Observable<boolean>;
  readonly width: Latest<{ readonly stampMs: number; readonly widthM: number }>;
  private readonly detected: Latest<boolean>;
  private commanded: GripperCommand;

  constructor(
    private readonly inner: ParallelGripper,
    private readonly channel: PartChannel,
  ) {
    this.name = inner.name;
    this.widthRangeM = inner.widthRangeM;
    this.maxForceN = inner.maxForceN;
    this.width$ = inner.width$;
    this.objectDetected$ = inner.objectDetected$;
    this.width = new Latest(inner.width$, { stampMs: 0, widthM: Number.NaN });
    this.detected = new Latest(inner.objectDetected$, false);
    this.commanded = { widthM: this.width.value.widthM, forceN: 0 };
  }

  get command(): GripperCommand {
    return this.commanded;
  }

  open(widthM?: number, speedMps?: number): Motion<{ readonly widthM: number }> {
    const motion = this.inner.open(widthM, speedMps);
    return this.channel.motion(
      motion,
      () => (this.commanded = { widthM: motion.applied.widthM, forceN: 0 }),
      () => this.hold(),
    );
  }

  close(forceN: number, speedMps?: number): Motion<{ readonly forceN: number }> {
    const motion = this.inner.close(forceN, speedMps);
    return this.channel.motion(
      motion,
      () => (this.commanded = { widthM: 0, forceN: motion.applied.forceN }),
      () => this.hold(),
    );
  }

  stop(): void {
    this.channel.stop(
      () => this.inner.stop(),
      () => this.hold(),
    );
  }

  /** A halted gripper keeps a squeeze it has on an object (so nothing drops) and otherwise stays at its width. */
  private hold(): void {
    if (!(this.detected.value && this.commanded.forceN > 0))
      this.commanded = { widthM: this.width.value.widthM, forceN: 0 };
  }
}

export class RecordingSuctionCup implements SuctionCup {
  readonly kind = 'suction-cup';
  readonly name: string;
  readonly diameterM: number;
  readonly ratedHoldForceN: number;
  readonly sealed$: Observable<boolean>;
  readonly sealed: Latest<boolean>;
  private vacuumOn = false;

  constructor(
    private readonly inner: SuctionCup,
    private readonly latch: CommandLatch,
  ) {
    this.name = inner.name;
    this.diameterM = inner.diameterM;
    this.ratedHoldForceN = inner.ratedHoldForceN;
    this.sealed$ = inner.sealed$;
    this.sealed = new Latest(inner.sealed$, false);
  }

  /** Whether the pump is commanded on. */
  get command(): boolean {
    return this.vacuumOn;
  }

  /** Switches the pump at the next frame; returns the state it will be set to. */
  setVacuum(on: boolean): boolean {
    this.latch.defer(() => (this.vacuumOn = this.inner.setVacuum(on)));
    return on;
  }
}

export class RecordingLift implements Lift {
  readonly jointName: string;
  readonly heightRangeM: readonly [number, number];
  readonly maxSpeedMps: number;
  readonly height$: Lift['height$'];
  readonly height: Latest<{ readonly stampMs: number; readonly heightM: number }>;
  private commandedM: number | undefined;

  constructor(
    private readonly inner: Lift,
    private readonly channel: PartChannel,
  ) {
    this.jointName = inner.jointName;
    this.heightRangeM = inner.heightRangeM;
    this.maxSpeedMps = inner.maxSpeedMps;
    this.height$ = inner.height$;
    this.height = new Latest(inner.height$, { stampMs: 0, heightM: Number.NaN });
  }

  /** The commanded height; while holding, the present one. */
  get command(): number {
    return this.commandedM ?? this.height.value.heightM;
  }

  moveTo(heightM: number, speedMps?: number): Motion<number> {
    const motion = this.inner.moveTo(heightM, speedMps);
    return this.channel.motion(
      motion,
      () => (this.commandedM = motion.applied),
      () => (this.commandedM = undefined),
    );
  }

  stop(): void {
    this.channel.stop(
      () => this.inner.stop(),
      () => (this.commandedM = undefined),
    );
  }
}

const STILL: Twist2D = { vxMps: 0, vyMps: 0, wzRadps: 0 };

/**
 * A mobile base. Velocity commands pass through at once (the applied, clipped twist is the call's answer, so it
 * cannot wait for a frame) and are recorded as sent; `goTo` and `walk` run but are not representable as a
 * velocity action, which records zero for them.
 */
export class RecordingBase implements MobileBase {
  readonly kind: MobileBase['kind'];
  readonly limits: MobileBase['limits'];
  readonly pose$: MobileBase['pose$'];
  readonly pose: Latest<Pose2D>;
  readonly walk?: (footsteps: readonly Footstep[]) => Motion<readonly Footstep[]>;
  private twist: Twist2D = STILL;

  constructor(
    private readonly inner: MobileBase,
    private readonly channel: PartChannel,
  ) {
    this.kind = inner.kind;
    this.limits = inner.limits;
    this.pose$ = inner.pose$;
    this.pose = new Latest<Pose2D>(inner.pose$, { x: Number.NaN, y: Number.NaN, yawRad: Number.NaN });
    const walk = inner.walk?.bind(inner);
    if (walk !== undefined)
      this.walk = (footsteps) =>
        this.channel.motion(
          walk(footsteps),
          () => (this.twist = STILL),
          () => (this.twist = STILL),
        );
  }

  get command(): Twist2D {
    return this.twist;
  }

  setVelocity(twist: Twist2D): Twist2D {
    this.twist = this.inner.setVelocity(twist);
    return this.twist;
  }

  goTo(goal: Pose2D): Motion<Pose2D> {
    return this.channel.motion(
      this.inner.goTo(goal),
      () => (this.twist = STILL),
      () => (this.twist = STILL),
    );
  }

  stop(): void {
    this.channel.stop(
      () => this.inner.stop(),
      () => (this.twist = STILL),
    );
  }
}
