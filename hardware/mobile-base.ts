import type { Observable } from 'rxjs';
import type { Pose2D } from '../src/math/pose.ts';
import type { Motion } from './common.ts';
import type { PostureBalance } from './posture-balance.ts';

export type BaseKind = 'holonomic' | 'differential' | 'bipedal';

/** What a biped's footsteps may do, and the size of its soles. */
export interface WalkingLimits {
  /** Longest forward offset of the swing foot past the stance foot, m. */
  readonly maxStepLengthM: number;
  /** Largest sideways displacement of the body per step, m. */
  readonly maxStepWidthM: number;
  readonly maxTurnPerStepRad: number;
  /** Highest step up or down, m. */
  readonly maxStepHeightM: number;
  /** Lateral distance between the soles' centres when standing, m. */
  readonly stanceWidthM: number;
  readonly soleLengthM: number;
  readonly soleWidthM: number;
}

/** A biped's balance at one control tick: where the ZMP is and how far inside the support polygon. */
export interface BalanceState {
  readonly stampMs: number;
  /** Zero-moment point on the floor plane, world frame, m. */
  readonly zmp: readonly [number, number];
  /** Distance from the ZMP to the support polygon's edge, m: positive inside, negative when the robot would tip. */
  readonly marginM: number;
  readonly support: 'double' | 'left' | 'right';
}

/** What a base can do; walking limits apply to bipeds only. */
export interface BaseLimits {
  readonly maxLinearMps: number;
  readonly maxAngularRadps: number;
  readonly maxLinearAccelMps2: number;
  /** Footprint radius used for planning clearance, m. */
  readonly footprintRadiusM: number;
  readonly maxStepLengthM?: number;
  readonly maxStepHeightM?: number;
  /** A biped's footstep limits. */
  readonly walking?: WalkingLimits;
}

/** Body-frame velocity: forward x, left y (zero for differential and bipedal bases), yaw rate. */
export interface Twist2D {
  readonly vxMps: number;
  readonly vyMps: number;
  readonly wzRadps: number;
}

export interface StampedPose2D extends Pose2D {
  readonly stampMs: number;
}

/** One footstep of a biped, in the world frame. */
export interface Footstep {
  readonly foot: 'left' | 'right';
  readonly pose: Pose2D;
  /** Height of the surface the sole lands on, m; the base finds it under the foot when left out. */
  readonly zM?: number;
}

export interface MobileBase {
  readonly kind: BaseKind;
  readonly limits: BaseLimits;
  /** Odometry pose in the world (map) frame. */
  readonly pose$: Observable<StampedPose2D>;
  /** Sets a body-frame velocity; returns the command after clipping to limits and the base's kind. */
  setVelocity(twist: Twist2D): Twist2D;
  /** Drives to a pose along a straight line (the planner in `skills/navigate` gives the waypoints). */
  goTo(goal: Pose2D): Motion<Pose2D>;
  /** Biped bases walk by footsteps; wheeled bases do not offer this. */
  walk?(footsteps: readonly Footstep[]): Motion<readonly Footstep[]>;
  /** A biped's balance, every control tick. */
  readonly balance$?: Observable<BalanceState>;
  /** A base that can tip judges postures' static balance; planners read it to avoid postures it would refuse. */
  readonly postureBalance?: PostureBalance;
  stop(): void;
}
