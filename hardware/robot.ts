import type { Observable } from 'rxjs';
import type { KinematicModel } from '../src/kinematics/model.ts';
import type { Arm, JointState } from './arm.ts';
import type { Camera } from './camera.ts';
import type { LifecycleState } from './common.ts';
import type { ParallelGripper, SuctionCup } from './end-effector.ts';
import type { ForceTorqueSensor } from './force-torque-sensor.ts';
import type { Lift } from './lift.ts';
import type { MobileBase, StampedPose2D } from './mobile-base.ts';

/** The parts a robot has. Absent parts are undefined or empty; skills check for what they need. */
export interface RobotParts {
  readonly base?: MobileBase;
  readonly lift?: Lift;
  readonly arms: readonly Arm[];
  readonly grippers: readonly ParallelGripper[];
  readonly suctionCups: readonly SuctionCup[];
  readonly ftSensors: readonly ForceTorqueSensor[];
  readonly cameras: readonly Camera[];
}

/** A time-stamped snapshot of the whole robot: every joint by URDF name, and the base pose. */
export interface RobotState {
  readonly stampMs: number;
  readonly joints: Readonly<Record<string, number>>;
  readonly basePose?: StampedPose2D;
}

/**
 * A robot as skills see it, the same for the sim and for hardware. It describes itself (model and parts) even
 * while disconnected, as LeRobot robots do.
 */
export interface Robot {
  readonly id: string;
  readonly model: KinematicModel;
  readonly parts: RobotParts;
  readonly lifecycle$: Observable<LifecycleState>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  readonly state$: Observable<RobotState>;
  /** Halts every part at once: base, lift, arms, grippers. Vacuum stays as it is, so nothing held is dropped. */
  stop(): void;
}

export type { JointState };
