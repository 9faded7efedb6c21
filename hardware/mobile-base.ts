import type { Observable } from 'rxjs';
import type { Pose2D } from '../src/math/pose.ts';
import type { Motion } from './common.ts';

export type BaseKind = 'holonomic' | 'differential' | 'bipedal';

/** What a base can do; walking limits apply to bipeds only. */
export interface BaseLimits {
  readonly maxLinearMps: number;
  readonly maxAngularRadps: number;
  readonly maxLinearAccelMps2: number;
  /** Footprint radius used for planning clearance, m. */
  readonly footprintRadiusM: number;
  readonly maxStepLengthM?: number;
  readonly maxStepHeightM?: number;
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
  stop(): void;
}
