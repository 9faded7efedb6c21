import { Observable, interval, type SchedulerLike } from 'rxjs';
import { Vector2 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { MobileBase } from '../../hardware/mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';

import { CONTROL_TICK_MS, type DriveSettings } from './drive-path.ts';
import { ZERO_TWIST, yawError } from './follower.ts';
import { planFootsteps } from './footstep-planner.ts';
import type { PolylinePath } from './polyline-path.ts';
import { obstacleOnPath } from './world-obstacles.ts';

/** Default body advance per step when a biped does not state its limit, m. */
const DEFAULT_STEP_LENGTH_M = 0.2;

/**
 * Walks a planned path with a biped: plans footsteps along it and hands them to `base.walk`, whose own
 * controller balances and steps. While it walks, the remaining path is checked against world-model obstacles on
 * the control tick. Completes when the walk finishes within tolerance; unsubscribing halts the walk and the base.
 */
export function walkPath(
  base: MobileBase & Required<Pick<MobileBase, 'walk'>>,
  path: PolylinePath,
  start: Pose2D,
  goal: Pose2D,
  settings: DriveSettings,
  scheduler: SchedulerLike,
): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) => {
    const footsteps = planFootsteps(path, start, goal.yawRad, {
      maxStepLengthM: base.limits.maxStepLengthM ?? DEFAULT_STEP_LENGTH_M,
    });
    subscriber.next({
      message: 'footsteps',
      data: { count: footsteps.length, maxStepLengthM: base.limits.maxStepLengthM ?? DEFAULT_STEP_LENGTH_M },
    });
    let pose: Pose2D = start;
    let progressM = 0;
    let done = false;
    const poseSubscription = base.pose$.subscribe((p) => {
      pose = p;
      progressM = path.project(new Vector2(p.x, p.y), progressM, 1);
    });
    const watch = interval(CONTROL_TICK_MS, scheduler).subscribe(() => {
      const remaining = [new Vector2(pose.x, pose.y), ...path.remainingFrom(progressM)];
      const hit = obstacleOnPath(settings.obstacles(), remaining, base.limits.footprintRadiusM);
      if (hit) {
        subscriber.error(
          new SkillFailure('blocked', `obstacle '${hit.id}' is ${hit.distanceM.toFixed(2)} m from the remaining path`, {
            detail: { obstacle: hit.id, progressM },
          }),
        );
      }
    });
    const motion = base.walk(footsteps);
    const execution = motion.execution$.subscribe({
      next: (feedback) => {
        if (feedback.fraction !== undefined)
          subscriber.next({ message: 'follow', fraction: feedback.fraction, data: { progressM } });
      },
      error: (error: unknown) => {
        const collided = error instanceof HardwareFault && error.code === 'collision';
        subscriber.error(
          new SkillFailure(
            collided ? 'blocked' : 'hardware-fault',
            `walk failed: ${String((error as Error).message ?? error)}`,
            {
              detail: error instanceof HardwareFault ? { code: error.code, part: error.part } : {},
            },
          ),
        );
      },
      complete: () => {
        done = true;
        const errorM = Math.hypot(pose.x - goal.x, pose.y - goal.y);
        const errorRad = Math.abs(yawError(goal.yawRad, pose.yawRad));
        if (errorM > settings.toleranceM || errorRad > settings.toleranceRad) {
          subscriber.error(
            new SkillFailure(
              'blocked',
              `walk ended ${errorM.toFixed(3)} m / ${errorRad.toFixed(3)} rad from the goal`,
              {
                detail: { errorM, errorRad },
              },
            ),
          );
          return;
        }
        subscriber.next({
          message: 'arrived',
          fraction: 1,
          data: { x: pose.x, y: pose.y, yawRad: pose.yawRad, errorM, errorRad },
        });
        subscriber.complete();
      },
    });
    return () => {
      execution.unsubscribe();
      watch.unsubscribe();
      poseSubscription.unsubscribe();
      if (!done) {
        base.setVelocity(ZERO_TWIST);
        base.stop();
      }
    };
  });
}
