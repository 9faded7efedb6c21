import { BehaviorSubject, type Observable } from 'rxjs';
import type {
  AppliedJointTrajectory,
  Arm,
  CartesianTarget,
  JointState,
  JointTarget,
  JointTrajectoryTarget,
} from '../hardware/arm.ts';
import { moveCartesianVia, oneTargetTrajectory, refusedMotion } from '../hardware/cartesian-path.ts';
import { HardwareFault, type Motion, type MotionFeedback } from '../hardware/common.ts';
import type { EndEffector } from '../hardware/end-effector.ts';
import type { ForceTorqueSensor } from '../hardware/force-torque-sensor.ts';
import { jointBounds, type JointBounds } from '../hardware/joint-path-timing.ts';
import { planTrajectory, TrajectoryTargetError } from '../hardware/trajectory-plan.ts';
import { KinematicChain } from '../src/kinematics/chain.ts';
import type { JointLimits } from '../src/kinematics/model.ts';
import { matrixToPose, type Pose } from '../src/math/pose.ts';
import { ActiveTrajectory, type ActiveTrajectoryState } from './joint-trajectory.ts';
import type { SimRobotBody } from './robot-body.ts';
import { hardestFixturePress, HAND_PRESS_LIMIT_N } from './protective-stop.ts';
import { MotionSlot, samplePath, type PostureCheck } from './sim-motion.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

export interface SimArmSpec {
  readonly name: string;
  readonly baseLink: string;
  readonly tipLink: string;
  /** Links moved by this arm's joints, watched for contact with fixtures. */
  readonly watchedLinks: ReadonlySet<string>;
  /**
   * The dynamic bodies the arm carries (hand, fingers or cup): pressing a fixture harder than
   * `HAND_PRESS_LIMIT_N` during a motion is a protective stop too.
   */
  readonly handBodies?: readonly number[];
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
  /**
   * Judges a motion before it starts (a biped's static balance): its joint path, sampled, end last; a fault
   * refuses it and nothing moves.
   */
  readonly postureCheck?: PostureCheck;
  /** Joint acceleration limit, rad/s² (URDF has none); default 4× each joint's velocity limit per second. */
  readonly accelerationScale?: number;
}

interface ArmState {
  trajectory: ActiveTrajectoryState | undefined;
  previous: number[];
}

/**
 * A position-controlled arm modelled kinematically: its links follow a joint trajectory planned the way every
 * backend plans it (`planTrajectory`: untimed paths corner-blended (C1), all joints synchronised, within velocity and
 * acceleration limits; timed points interpolated as a joint trajectory controller does) through `setNextKinematic*`.
 * A link touching a fixture is a protective stop: the arm halts where it is and the running motion fails with
 * a `collision` fault.
 */
export class SimArm implements Arm, SimStateful {
  readonly name: string;
  readonly stateKey: string;
  readonly jointNames: readonly string[];
  readonly limits: readonly JointLimits[];
  readonly baseLink: string;
  readonly tipLink: string;
  readonly jointState$: Observable<JointState>;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
  readonly chain: KinematicChain;
  private readonly part: string;
  readonly bounds: readonly JointBounds[];
  private readonly slot: MotionSlot;
  private readonly postureCheck: PostureCheck | undefined;
  private readonly stateSubject: BehaviorSubject<JointState>;
  private state: ArmState;
  private trajectory: ActiveTrajectory | undefined;

  constructor(
    private readonly sim: SimWorld,
    private readonly body: SimRobotBody,
    spec: SimArmSpec,
  ) {
    this.name = spec.name;
    this.part = `arm/${spec.name}`;
    this.stateKey = `arm/${body.id}/${spec.name}`;
    this.baseLink = spec.baseLink;
    this.tipLink = spec.tipLink;
    this.chain = KinematicChain.fromModel(body.model, spec.baseLink, spec.tipLink);
    this.jointNames = this.chain.jointNames;
    this.limits = this.chain.limits;
    this.bounds = jointBounds(this.limits, spec.accelerationScale);
    if (spec.endEffector !== undefined) this.endEffector = spec.endEffector;
    if (spec.wristSensor !== undefined) this.wristSensor = spec.wristSensor;
    this.slot = new MotionSlot(sim, this.part);
    this.postureCheck = spec.postureCheck;
    this.state = { trajectory: undefined, previous: this.positions() };
    this.stateSubject = new BehaviorSubject(this.jointStateNow(this.jointNames.map(() => 0)));
    this.jointState$ = this.stateSubject.asObservable();
    sim.addPreStep((dtS) => this.advance(dtS));
    sim.addPostStep((dtS) => this.publish(dtS));
    const handBodies = spec.handBodies ?? [];
    if (handBodies.length > 0) sim.addPostStep(() => this.checkHandPress(handBodies));
    sim.onCollision((a, b, started) => {
      if (started) this.checkContact(a, b, spec.watchedLinks);
    });
    sim.addStateful(this);
  }

  currentState(): JointState {
    return this.stateSubject.value;
  }

  /** Tool (tip link) pose in the arm base frame at the present joint positions. */
  toolPoseInBase(): Pose {
    return matrixToPose(this.chain.fk(this.positions()));
  }

  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory> {
    return this.followTrajectory(oneTargetTrajectory(target));
  }

  followTrajectory(target: JointTrajectoryTarget): Motion<AppliedJointTrajectory> {
    const start = this.positions();
    let applied: AppliedJointTrajectory;
    try {
      applied = planTrajectory(this, start, target).applied;
    } catch (error) {
      if (!(error instanceof TrajectoryTargetError)) throw error;
      return refusedMotion(start, new HardwareFault('rejected', this.part, error.message));
    }
    return { applied, execution$: this.execution(target) };
  }

  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory> {
    return moveCartesianVia(this, this.chain, target, this.part);
  }

  stop(): void {
    this.slot.stopActive();
    this.halt();
  }

  saveState(): unknown {
    return {
      trajectory: this.state.trajectory,
      previous: [...this.state.previous],
      published: this.stateSubject.value,
    };
  }

  loadState(state: unknown): void {
    const { published, ...armState } = structuredClone(state as ArmState & { published: JointState });
    this.state = armState;
    this.trajectory =
      this.state.trajectory === undefined ? undefined : new ActiveTrajectory(this, this.state.trajectory);
    // The joint state as published at the snapshot: `publish` sends only while the arm moves, so without this an arm
    // restored at rest reported where it stood before the restore, and motions planned from there (a Cartesian
    // move's IK seed and start) began from the wrong pose.
    this.stateSubject.next(published);
  }

  private execution(target: JointTrajectoryTarget): Observable<MotionFeedback> {
    return this.slot.execution(() => ({
      start: () => {
        // Start from wherever the arm is when the motion is subscribed, not where it was when planned.
        const state = { start: this.positions(), target, startMs: this.sim.timeMs };
        const trajectory = new ActiveTrajectory(this, state);
        const refusal = this.postureCheck?.(
          this.part,
          samplePath(trajectory.durationS, (tS) => this.named(trajectory.positionsAt(state.startMs + tS * 1000))),
        );
        if (refusal !== undefined) return refusal;
        this.state.trajectory = state;
        this.trajectory = trajectory;
      },
      poll: () => {
        if (this.trajectory === undefined) return 'done';
        const fraction = this.trajectory.fractionAt(this.sim.timeMs);
        if (fraction >= 1) {
          this.halt();
          return 'done';
        }
        return fraction;
      },
      halt: () => this.halt(),
    }));
  }

  private halt(): void {
    this.trajectory = undefined;
    this.state.trajectory = undefined;
  }

  private named(q: readonly number[]): Record<string, number> {
    return Object.fromEntries(this.jointNames.map((n, i) => [n, q[i]!]));
  }

  private positions(): number[] {
    return this.jointNames.map((n) => this.body.joints[n] ?? 0);
  }

  private advance(dtS: number): void {
    if (this.trajectory === undefined) return;
    const q = this.trajectory.positionsAt(this.sim.timeMs + dtS * 1000);
    this.jointNames.forEach((n, i) => (this.body.joints[n] = q[i]!));
    this.body.markMoved();
  }

  private publish(dtS: number): void {
    const q = this.positions();
    const moving = q.some((v, i) => v !== this.state.previous[i]);
    if (!moving && this.stateSubject.value.velocities.every((v) => v === 0)) return;
    const velocities = q.map((v, i) => (v - this.state.previous[i]!) / dtS);
    this.state.previous = q;
    this.stateSubject.next(this.jointStateNow(velocities));
  }

  private jointStateNow(velocities: number[]): JointState {
    return { stampMs: this.sim.timeMs, positions: this.positions(), velocities, efforts: this.jointNames.map(() => 0) };
  }

  /** A hand driven into a fixture: the arm halts and the motion fails, naming the hand part and the fixture. */
  private checkHandPress(handBodies: readonly number[]): void {
    if (this.trajectory === undefined) return;
    const press = hardestFixturePress(this.sim, handBodies, (c) => this.body.isFixture(c));
    if (press === undefined || press.forceN <= HAND_PRESS_LIMIT_N) return;
    this.halt();
    this.slot.failActive(
      new HardwareFault(
        'collision',
        this.part,
        `protective stop: ${press.part} pressed ${press.fixture} with ${press.forceN.toFixed(0)} N`,
        { link: press.part, fixture: press.fixture, forceN: press.forceN },
      ),
    );
  }

  private checkContact(a: number, b: number, watched: ReadonlySet<string>): void {
    for (const [mine, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = this.body.colliderLinks.get(mine);
      if (link === undefined || !watched.has(link) || !this.body.isFixture(other)) continue;
      const fixture = this.sim.colliderNames.get(other) ?? `collider ${other}`;
      this.halt();
      this.slot.failActive(
        new HardwareFault('collision', this.part, `protective stop: ${link} touched ${fixture}`, { link, fixture }),
      );
      return;
    }
  }
}
