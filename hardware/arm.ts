import type { Observable } from 'rxjs';
import type { JointLimits } from '../src/kinematics/model.ts';
import type { Pose } from '../src/math/pose.ts';
import type { Motion } from './common.ts';
import type { EndEffector } from './end-effector.ts';
import type { ForceTorqueSensor } from './force-torque-sensor.ts';

/** Time-stamped joint state, in the order of `Arm.jointNames` (as `sensor_msgs/JointState`). */
export interface JointState {
  readonly stampMs: number;
  readonly positions: readonly number[];
  readonly velocities: readonly number[];
  readonly efforts: readonly number[];
}

export interface JointTarget {
  readonly positions: readonly number[];
  /** Scales every joint's velocity limit, 0..1. */
  readonly velocityScale?: number;
}

/**
 * One point of a joint trajectory, as `trajectory_msgs/JointTrajectoryPoint`: positions in `Arm.jointNames` order,
 * optional velocities, and when the point is to be reached.
 */
export interface TrajectoryPoint {
  readonly positions: readonly number[];
  /** rad/s (m/s for prismatic joints); with them the arm interpolates cubically between points, else linearly. */
  readonly velocities?: readonly number[];
  /**
   * When the arm reaches this point, ms after the motion starts (`time_from_start`). Either every point has it or
   * none does: an untimed path is timed by the arm within its velocity and acceleration limits, through every
   * point without stopping.
   */
  readonly timeFromStartMs?: number;
}

/**
 * A multi-point joint trajectory, as `control_msgs/FollowJointTrajectory`'s goal: the arm starts from where it is
 * when the motion is subscribed and passes through the points in order, stopping only at the last.
 */
export interface JointTrajectoryTarget {
  readonly points: readonly TrajectoryPoint[];
  /** Scales every joint's velocity limit, 0..1 (acceleration by its square); timed points are slowed to fit. */
  readonly velocityScale?: number;
}

/**
 * A trajectory point as the arm will execute it: clipped and timed. Velocities are there when the caller gave them
 * or the arm timed the path itself; without them a controller interpolates linearly.
 */
export interface TimedTrajectoryPoint {
  readonly positions: readonly number[];
  readonly velocities?: readonly number[];
  readonly timeFromStartMs: number;
}

/**
 * The joint trajectory an arm will execute: end positions after clipping, its duration, and the timed points (what
 * a backend sends to its controller).
 */
export interface AppliedJointTrajectory {
  readonly positions: readonly number[];
  readonly durationMs: number;
  /** Names of the joints whose targets were clipped to a limit. */
  readonly clipped: readonly string[];
  /** The executed trajectory's points after clipping and timing; the last one is `positions`. */
  readonly points: readonly TimedTrajectoryPoint[];
}

export interface CartesianTarget {
  /** Pose of the tool link (the arm's tip) in the arm's base link frame. */
  readonly poseInBase: Pose;
  readonly velocityScale?: number;
  /** Move the tool along a straight line (true) or joint-interpolate to the IK solution (false). */
  readonly linear?: boolean;
}

/** A serial arm: joint-space and Cartesian targets, executed as time-parameterised trajectories. */
export interface Arm {
  /** `left`, `right`, or `arm` for a single-arm robot. */
  readonly name: string;
  readonly jointNames: readonly string[];
  readonly limits: readonly JointLimits[];
  readonly baseLink: string;
  readonly tipLink: string;
  readonly jointState$: Observable<JointState>;
  /** The latest joint state (what `jointState$` last emitted). */
  currentState(): JointState;
  /** Moves to one joint target (a one-point trajectory). */
  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory>;
  /**
   * Follows a multi-point trajectory without stopping at intermediate points. Positions are clipped to the joint
   * limits and timing slowed to the velocity limits; `applied` says what will run. The execution fails with
   * `rejected` for a malformed trajectory (wrong lengths, times not increasing).
   */
  followTrajectory(target: JointTrajectoryTarget): Motion<AppliedJointTrajectory>;
  /**
   * Solves IK and moves (every backend does it the same way, over `followTrajectory`, see
   * `hardware/cartesian-path.ts`); the Motion's execution fails with `rejected` when no solution exists.
   */
  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory>;
  stop(): void;
  /** What is mounted on the flange, and the wrist sensor, when present. */
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
}
