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

/** The joint trajectory an arm will execute: end positions after clipping, and its duration. */
export interface AppliedJointTrajectory {
  readonly positions: readonly number[];
  readonly durationMs: number;
  /** Names of the joints whose targets were clipped to a limit. */
  readonly clipped: readonly string[];
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
  moveJoints(target: JointTarget): Motion<AppliedJointTrajectory>;
  /** Solves IK and moves; the Motion's execution fails with `rejected` when no solution exists. */
  moveCartesian(target: CartesianTarget): Motion<AppliedJointTrajectory>;
  stop(): void;
  /** What is mounted on the flange, and the wrist sensor, when present. */
  readonly endEffector?: EndEffector;
  readonly wristSensor?: ForceTorqueSensor;
}
