import { BehaviorSubject, defer, of, throwError, type Observable } from 'rxjs';
import type {
  AppliedJointTrajectory,
  Arm,
  CartesianTarget,
  JointState,
  JointTarget,
  JointTrajectoryTarget,
} from '../arm.ts';
import { moveCartesianVia, oneTargetTrajectory, refusedMotion } from '../cartesian-path.ts';
import { HardwareFault, type Motion } from '../common.ts';
import type { EndEffector } from '../end-effector.ts';
import type { ForceTorqueSensor } from '../force-torque-sensor.ts';
import { jointBounds, type JointBounds } from '../joint-path-timing.ts';
import { planTrajectory, TrajectoryTargetError } from '../trajectory-plan.ts';
import type { KinematicChain } from '../../src/kinematics/chain.ts';
import type { JointLimits } from '../../src/kinematics/model.ts';
import { FOLLOW_JOINT_TRAJECTORY, trajectoryGoal, trajectoryResultChecks } from './follow-joint-trajectory.ts';
import { GoalSlot, type RosPartContext } from './goal-motion.ts';
import type { JointStateCache } from './joint-state-cache.ts';

export interface RosArmSpec {
  readonly name: string;
  readonly chain: KinematicChain;
  /** The `control_msgs/FollowJointTrajectory` action of the arm's trajectory controller. */
  readonly trajectoryAction: string;
  /** Caps every motion's velocity scale (the robot config's safety margin). */
  readonly maxVelocityScale: number;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
}

/**
 * An arm behind a joint trajectory controller: state from `/joint_states` (by joint name), motion as
 * `FollowJointTrajectory` goals. Every target is planned by the shared `planTrajectory` before it is sent, so the
 * controller receives positions clipped to the URDF limits and a timing within the velocity limits, and `applied`
 * is exactly what was sent. Cartesian targets are solved with the shared kinematics (`planCartesianPath`).
 */
export class RosArm implements Arm {
  readonly name: string;
  readonly jointNames: readonly string[];
  readonly limits: readonly JointLimits[];
  readonly bounds: readonly JointBounds[];
  readonly baseLink: string;
  readonly tipLink: string;
  readonly jointState$: Observable<JointState>;
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
  private readonly part: string;
  private readonly slot: GoalSlot;
  private readonly state: BehaviorSubject<JointState>;

  constructor(
    private readonly ctx: RosPartContext,
    private readonly joints: JointStateCache,
    private readonly spec: RosArmSpec,
  ) {
    this.name = spec.name;
    this.part = `arm/${spec.name}`;
    this.jointNames = spec.chain.jointNames;
    this.limits = spec.chain.limits;
    this.bounds = jointBounds(this.limits);
    this.baseLink = spec.chain.baseLink;
    this.tipLink = spec.chain.tipLink;
    if (spec.endEffector !== undefined) this.endEffector = spec.endEffector;
    if (spec.wristSensor !== undefined) this.wristSensor = spec.wristSensor;
    const zeros = this.jointNames.map(() => 0);
    this.state = new BehaviorSubject<JointState>({ stampMs: 0, positions: zeros, velocities: zeros, efforts: zeros });
    this.jointState$ = this.state.asObservable();
    this.slot = new GoalSlot(ctx, this.part);
    joints.updated$.subscribe((stampMs) => {
      const readings = joints.all(this.jointNames);
      if (readings === undefined) return;
      this.state.next({
        stampMs,
        positions: readings.map((r) => r.position),
        velocities: readings.map((r) => r.velocity),
        efforts: readings.map((r) => r.effort),
      });
    });
  }

  currentState(): JointState {
    return this.state.value;
  }

  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory> {
    return this.followTrajectory(oneTargetTrajectory(target));
  }

  followTrajectory(target: JointTrajectoryTarget): Motion<AppliedJointTrajectory> {
    const capped = { ...target, velocityScale: Math.min(target.velocityScale ?? 1, this.spec.maxVelocityScale) };
    const start = this.currentState().positions;
    let applied: AppliedJointTrajectory;
    try {
      applied = planTrajectory(this, start, capped).applied;
    } catch (error) {
      if (!(error instanceof TrajectoryTargetError)) throw error;
      return refusedMotion(start, new HardwareFault('rejected', this.part, error.message));
    }
    let sent = applied;
    const goal$ = this.slot.execution({
      action: this.spec.trajectoryAction,
      type: FOLLOW_JOINT_TRAJECTORY,
      // Planned again from where the arm is when the motion starts, as the controller will start from there.
      goal: () => {
        sent = planTrajectory(this, this.currentState().positions, capped).applied;
        return trajectoryGoal(this.ctx.bridge.options.dialect, this.jointNames, sent.points);
      },
      get durationMs() {
        return sent.durationMs;
      },
      ...trajectoryResultChecks(this.part, this.spec.trajectoryAction),
      stateAfterResult: this.joints.updated$,
    });
    // A controller refuses a trajectory that takes no time; there is nothing to send when the arm is there already.
    const execution$ = defer(() =>
      planTrajectory(this, this.currentState().positions, capped).applied.durationMs > 0
        ? goal$
        : this.ctx.health.faultFor(this.part) === undefined
          ? of({ stampMs: this.ctx.scheduler.now(), fraction: 1 })
          : throwError(() => this.ctx.health.faultFor(this.part)),
    );
    return { applied, execution$ };
  }

  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory> {
    return moveCartesianVia(this, this.spec.chain, target, this.part);
  }

  /** Cancels the running goal; the controller holds the arm where it is. */
  stop(): void {
    this.slot.stop();
  }
}
