import { Observable, interval, type SchedulerLike } from 'rxjs';
import { Vector2 } from 'three';
import type { MobileBase } from '../../hardware/mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';

import { differentialFollower } from './differential-follower.ts';
import { ZERO_TWIST, type PathFollower } from './follower.ts';
import { holonomicFollower } from './holonomic-follower.ts';
import type { PolylinePath } from './polyline-path.ts';
import { StallWatch } from './stall-watch.ts';
import { obstacleOnPath, type ObstacleFootprint } from './world-obstacles.ts';

/** The control tick: 50 Hz, in scheduler time. */
export const CONTROL_TICK_MS = 20;

export interface DriveSettings {
  readonly toleranceM: number;
  readonly toleranceRad: number;
  /** Commanded without moving for this long → `blocked`. */
  readonly stallTimeoutMs: number;
  /** Obstacles to check the remaining path against, read every tick. */
  readonly obstacles: () => readonly ObstacleFootprint[];
}

/** Share of the path between two `follow` progress events. */
const FOLLOW_EVENT_STEP = 0.05;

/**
 * Follows a planned path with a wheeled base on the control tick: the follower suited to the base kind turns the
 * latest odometry pose into a velocity command. Completes (after a zero command) within tolerance; fails
 * `blocked` when a world-model obstacle comes within the footprint of the remaining path or the base stalls.
 * Unsubscribing (cancel, failure, timeout) sends a zero velocity and `stop()`.
 */
export function drivePath(
  base: MobileBase,
  path: PolylinePath,
  goal: Pose2D,
  settings: DriveSettings,
  scheduler: SchedulerLike,
): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) => {
    const followerSettings = {
      limits: base.limits,
      toleranceM: settings.toleranceM,
      toleranceRad: settings.toleranceRad,
    };
    const follower: PathFollower =
      base.kind === 'differential'
        ? differentialFollower(path, goal.yawRad, followerSettings)
        : holonomicFollower(path, goal.yawRad, followerSettings);
    const stall = new StallWatch(settings.stallTimeoutMs);
    let pose: Pose2D | undefined;
    let arrived = false;
    let nextEventFraction = 0;
    const startMs = scheduler.now();
    const poseSubscription = base.pose$.subscribe((p) => (pose = p));
    const tick = interval(CONTROL_TICK_MS, scheduler).subscribe(() => {
      const nowMs = scheduler.now();
      if (pose === undefined) {
        if (nowMs - startMs >= settings.stallTimeoutMs) {
          subscriber.error(
            new SkillFailure('hardware-fault', `base reported no pose for ${settings.stallTimeoutMs} ms`),
          );
        }
        return;
      }
      const step = follower.step(pose, CONTROL_TICK_MS / 1000);
      if (step.arrived) {
        arrived = true;
        base.setVelocity(ZERO_TWIST);
        subscriber.next({
          message: 'arrived',
          fraction: 1,
          data: {
            x: pose.x,
            y: pose.y,
            yawRad: pose.yawRad,
            errorM: step.distanceToGoalM,
            errorRad: Math.abs(step.yawErrorRad),
          },
        });
        subscriber.complete();
        return;
      }
      const remaining = [new Vector2(pose.x, pose.y), ...path.remainingFrom(step.progressM)];
      const hit = obstacleOnPath(settings.obstacles(), remaining, base.limits.footprintRadiusM);
      if (hit) {
        subscriber.error(
          new SkillFailure('blocked', `obstacle '${hit.id}' is ${hit.distanceM.toFixed(2)} m from the remaining path`, {
            detail: {
              obstacle: hit.id,
              progressM: step.progressM,
              pose: { x: pose.x, y: pose.y, yawRad: pose.yawRad },
            },
          }),
        );
        return;
      }
      const { vxMps, vyMps, wzRadps } = step.twist;
      base.setVelocity(step.twist);
      if (stall.update(pose, Math.hypot(vxMps, vyMps) > 1e-3 || Math.abs(wzRadps) > 1e-3, nowMs)) {
        subscriber.error(
          new SkillFailure('blocked', `base made no progress for ${settings.stallTimeoutMs} ms while commanded`, {
            detail: { progressM: step.progressM, pose: { x: pose.x, y: pose.y, yawRad: pose.yawRad } },
          }),
        );
        return;
      }
      const fraction = path.lengthM > 0 ? Math.min(1, step.progressM / path.lengthM) : 1;
      if (fraction >= nextEventFraction) {
        nextEventFraction = fraction + FOLLOW_EVENT_STEP;
        subscriber.next({
          message: 'follow',
          fraction,
          data: { progressM: step.progressM, distanceToGoalM: step.distanceToGoalM },
        });
      }
    });
    return () => {
      tick.unsubscribe();
      poseSubscription.unsubscribe();
      if (!arrived) {
        base.setVelocity(ZERO_TWIST);
        base.stop();
      }
    };
  });
}
