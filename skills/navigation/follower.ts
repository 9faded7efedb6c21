import type { BaseLimits, Twist2D } from '../../hardware/mobile-base.ts';
import { wrapAngle, type Pose2D } from '../../src/math/pose.ts';

/** What a follower needs to know besides the path. */
export interface FollowerSettings {
  readonly limits: BaseLimits;
  /** Arrival tolerance on position, m. */
  readonly toleranceM: number;
  /** Arrival tolerance on heading, rad. */
  readonly toleranceRad: number;
  /** Pure-pursuit lookahead along the path, m. */
  readonly lookaheadM?: number;
}

/** One control tick's decision. */
export interface FollowerStep {
  /** Body-frame command to send. */
  readonly twist: Twist2D;
  /** Within both tolerances: the skill stops the base and succeeds. */
  readonly arrived: boolean;
  /** Arc length reached along the path, m. */
  readonly progressM: number;
  readonly distanceToGoalM: number;
  readonly yawErrorRad: number;
}

/** A controller that turns the base's pose into a velocity command each tick. */
export interface PathFollower {
  step(pose: Pose2D, dtS: number): FollowerStep;
}

export const ZERO_TWIST: Twist2D = { vxMps: 0, vyMps: 0, wzRadps: 0 };

/** Gains shared by the followers: a proportional pull at the end and a margin on the deceleration. */
export const POSITION_GAIN = 1.5;
export const YAW_GAIN = 2.0;
/** Braking uses this share of the acceleration limit, so rate limiting never makes the base overshoot. */
export const DECEL_SHARE = 0.7;

/** Base limits give no angular acceleration; this reaches full yaw rate in half a second. */
export function angularAccelRadps2(limits: BaseLimits): number {
  return 2 * limits.maxAngularRadps;
}

/**
 * The speed that still lets the base stop within `distance`: min(max, √(2·a·d), gain·d). The square root is
 * the braking curve; the linear term takes over near zero so the approach is smooth instead of bang-bang.
 */
export function approachSpeed(distance: number, maxSpeed: number, accel: number, gain: number): number {
  return Math.min(maxSpeed, Math.sqrt(2 * DECEL_SHARE * accel * Math.max(0, distance)), gain * Math.max(0, distance));
}

/** Moves `current` toward `target` by at most `maxDelta`. */
export function rateLimit(current: number, target: number, maxDelta: number): number {
  return current + Math.min(maxDelta, Math.max(-maxDelta, target - current));
}

/** Signed heading error toward a target yaw, wrapped to (-π, π]. */
export function yawError(targetRad: number, yawRad: number): number {
  return wrapAngle(targetRad - yawRad);
}
