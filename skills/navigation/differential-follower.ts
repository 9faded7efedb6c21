import { Vector2 } from 'three';
import { wrapAngle, type Pose2D } from '../../src/math/pose.ts';
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

/** Heading error above which the base turns on the spot before driving on, rad. */
const ROTATE_IN_PLACE_RAD = 0.5;

/**
 * Rotate-then-drive pure pursuit for a base that cannot move sideways (vy is always 0): turn on the spot while
 * the lookahead point is off to the side, otherwise drive an arc of curvature 2·sin(α)/L through it. Close to the
 * goal it may back up a few centimetres rather than turn around, and once there it turns to the goal heading.
 */
export function differentialFollower(path: PolylinePath, goalYawRad: number, settings: FollowerSettings): PathFollower {
  const { limits, toleranceM, toleranceRad } = settings;
  const lookaheadM = settings.lookaheadM ?? 0.4;
  const angularAccel = angularAccelRadps2(limits);
  let vx = 0;
  let wz = 0;
  let progressM = 0;
  let aligning = false;
  const turnToward = (errorRad: number): number =>
    Math.sign(errorRad) * approachSpeed(Math.abs(errorRad), limits.maxAngularRadps, angularAccel, YAW_GAIN);
  return {
    step(pose: Pose2D, dtS: number): FollowerStep {
      const position = new Vector2(pose.x, pose.y);
      progressM = path.project(position, progressM, lookaheadM + 0.5);
      const distanceToGoalM = position.distanceTo(path.goal);
      const yawErrorRad = yawError(goalYawRad, pose.yawRad);
      if (distanceToGoalM <= toleranceM && Math.abs(yawErrorRad) <= toleranceRad) {
        vx = 0;
        wz = 0;
        return { twist: { vxMps: 0, vyMps: 0, wzRadps: 0 }, arrived: true, progressM, distanceToGoalM, yawErrorRad };
      }
      // Hysteresis: start aligning at half the tolerance, go back to driving only when outside the whole of it.
      if (aligning && distanceToGoalM > toleranceM) aligning = false;
      if (!aligning && distanceToGoalM <= toleranceM / 2) aligning = true;
      let wantV = 0;
      let wantW: number;
      if (aligning) {
        wantW = turnToward(yawErrorRad);
      } else {
        const target = path.pointAt(progressM + lookaheadM);
        const toTarget = target.clone().sub(position);
        let alpha = wrapAngle(Math.atan2(toTarget.y, toTarget.x) - pose.yawRad);
        let direction = 1;
        if (distanceToGoalM < lookaheadM && Math.abs(alpha) > Math.PI / 2) {
          direction = -1;
          alpha = wrapAngle(alpha - Math.PI);
        }
        if (Math.abs(alpha) > ROTATE_IN_PLACE_RAD) {
          wantW = turnToward(alpha);
        } else {
          const remainingM = Math.max(path.lengthM - progressM, distanceToGoalM);
          let speed =
            approachSpeed(remainingM, limits.maxLinearMps, limits.maxLinearAccelMps2, POSITION_GAIN) * Math.cos(alpha);
          const lookM = Math.max(toTarget.length(), 1e-6);
          let turn = (speed * 2 * Math.sin(alpha)) / lookM;
          if (Math.abs(turn) > limits.maxAngularRadps) {
            // Keep the arc, slow down along it.
            speed *= limits.maxAngularRadps / Math.abs(turn);
            turn = Math.sign(turn) * limits.maxAngularRadps;
          }
          // Backing up is driving forward with the heading flipped: same yaw rate, negated speed.
          wantV = direction * speed;
          wantW = turn;
        }
      }
      vx = rateLimit(vx, wantV, limits.maxLinearAccelMps2 * dtS);
      wz = rateLimit(wz, wantW, angularAccel * dtS);
      return { twist: { vxMps: vx, vyMps: 0, wzRadps: wz }, arrived: false, progressM, distanceToGoalM, yawErrorRad };
    },
  };
}
