import { Vector2 } from 'three';
import type { Pose2D } from '../../src/math/pose.ts';
import {
  POSITION_GAIN,
  YAW_GAIN,
  angularAccelRadps2,
  approachSpeed,
  rateLimit,
  yawError,
  type FollowerSettings,
  type FollowerStep,
  type PathFollower,
} from './follower.ts';
import type { PolylinePath } from './polyline-path.ts';

/** Lateral correction gain: metres per second of sideways speed per metre off the path. */
const CROSS_TRACK_GAIN = 2.0;
/** Sideways acceleration allowed when slowing for a bend, as a share of the acceleration limit. */
const BEND_ACCEL_SHARE = 0.5;

/**
 * Path tracking for a base that can move sideways (vector pursuit): move along the path's tangent a little
 * ahead of the nearest point, plus a correction back onto the path. Unlike plain pure pursuit it does not cut
 * the rounded corners the planner leaves around obstacles (those corners sit right on the inflation edge).
 * Speed brakes along √(2·a·d) into the goal and slows for bends ahead; velocity is rate-limited in the world
 * frame, then rotated into the body frame. The heading turns toward the goal heading on the way.
 */
export function holonomicFollower(path: PolylinePath, goalYawRad: number, settings: FollowerSettings): PathFollower {
  const { limits, toleranceM, toleranceRad } = settings;
  const previewM = settings.lookaheadM ?? 0.1;
  const angularAccel = angularAccelRadps2(limits);
  const velocity = new Vector2();
  let wz = 0;
  let progressM = 0;
  return {
    step(pose: Pose2D, dtS: number): FollowerStep {
      const position = new Vector2(pose.x, pose.y);
      progressM = path.project(position, progressM, previewM + 0.5);
      const distanceToGoalM = position.distanceTo(path.goal);
      const yawErrorRad = yawError(goalYawRad, pose.yawRad);
      if (distanceToGoalM <= toleranceM && Math.abs(yawErrorRad) <= toleranceRad) {
        velocity.set(0, 0);
        wz = 0;
        return { twist: { vxMps: 0, vyMps: 0, wzRadps: 0 }, arrived: true, progressM, distanceToGoalM, yawErrorRad };
      }
      const remainingM = Math.max(path.lengthM - progressM, distanceToGoalM);
      const want = new Vector2();
      // Inside half the tolerance the position is left alone so it does not dither while the heading settles.
      if (distanceToGoalM > toleranceM / 2) {
        const speed = Math.min(
          approachSpeed(remainingM, limits.maxLinearMps, limits.maxLinearAccelMps2, POSITION_GAIN),
          bendSpeed(path, progressM, limits.maxLinearAccelMps2),
        );
        if (path.lengthM - progressM <= previewM) {
          // The last stretch: head straight for the goal.
          want.copy(path.goal).sub(position).setLength(speed);
        } else {
          const ahead = path.headingAt(progressM + previewM);
          const offPath = path.pointAt(progressM).sub(position).multiplyScalar(CROSS_TRACK_GAIN);
          want.set(Math.cos(ahead), Math.sin(ahead)).multiplyScalar(speed).add(offPath);
          if (want.length() > speed) want.setLength(speed);
        }
      }
      const change = want.sub(velocity);
      const maxDeltaV = limits.maxLinearAccelMps2 * dtS;
      if (change.length() > maxDeltaV) change.setLength(maxDeltaV);
      velocity.add(change);
      const turn =
        Math.abs(yawErrorRad) <= toleranceRad / 2
          ? 0
          : approachSpeed(Math.abs(yawErrorRad), limits.maxAngularRadps, angularAccel, YAW_GAIN);
      wz = rateLimit(wz, Math.sign(yawErrorRad) * turn, angularAccel * dtS);
      // The command acts over the coming tick while the base turns, so rotate by the mid-tick heading.
      const heading = pose.yawRad + (wz * dtS) / 2;
      const cos = Math.cos(heading);
      const sin = Math.sin(heading);
      return {
        twist: { vxMps: cos * velocity.x + sin * velocity.y, vyMps: -sin * velocity.x + cos * velocity.y, wzRadps: wz },
        arrived: false,
        progressM,
        distanceToGoalM,
        yawErrorRad,
      };
    },
  };
}

/**
 * The speed at which the sharpest bend in the next half metre can be taken with a sideways acceleration of
 * BEND_ACCEL_SHARE · a: the bend's heading change over the window stands in for a curvature.
 */
export function bendSpeed(path: PolylinePath, fromM: number, accelMps2: number): number {
  const windowM = 0.5;
  const here = path.headingAt(fromM);
  let sharpest = 0;
  for (let s = fromM + 0.05; s <= Math.min(path.lengthM, fromM + windowM); s += 0.05) {
    sharpest = Math.max(sharpest, Math.abs(yawError(path.headingAt(s), here)));
  }
  const curvature = sharpest / windowM;
  return curvature < 1e-6 ? Infinity : Math.sqrt((BEND_ACCEL_SHARE * accelMps2) / curvature);
}
