import { Observable, interval, type SchedulerLike } from 'rxjs';
import { Vector2 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { Footstep, MobileBase, WalkingLimits } from '../../hardware/mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';

import { CONTROL_TICK_MS, type DriveSettings } from './drive-path.ts';
import { ZERO_TWIST, yawError } from './follower.ts';
import { FootstepPlanError, planFootsteps, type TerrainHeight } from '../../src/locomotion/footstep-planner.ts';
import type { PolylinePath } from './polyline-path.ts';
import { obstacleOnPath } from './world-obstacles.ts';

/** Footstep limits for a biped that states only its step length (or nothing). */
const DEFAULT_WALKING: WalkingLimits = {
  maxStepLengthM: 0.2,
  maxStepWidthM: 0.05,
  maxTurnPerStepRad: 0.3,
  maxStepHeightM: 0.02,
  stanceWidthM: 0.2,
  soleLengthM: 0.22,
  soleWidthM: 0.1,
};

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
  /** The surface height under a floor point (a platform, a step); flat floor when left out. */
  terrain?: TerrainHeight,
): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) => {
    const limits = walkingLimitsOf(base);
    let footsteps: Footstep[];
    try {
      footsteps = planFootsteps(path.points, start, goal.yawRad, { ...limits, sole: soleOf(limits) }, terrain).map(
        (step) => ({ foot: step.foot, pose: { x: step.to.x, y: step.to.y, yawRad: step.to.yawRad }, zM: step.to.zM }),
      );
    } catch (error) {
      if (!(error instanceof FootstepPlanError)) throw error;
      subscriber.error(new SkillFailure('no-path', `navigate: ${error.message}`));
      return;
    }
    subscriber.next({
      message: 'footsteps',
      data: { count: footsteps.length, maxStepLengthM: limits.maxStepLengthM },
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

/** The base's footstep limits, or defaults built around the step length it states. */
export function walkingLimitsOf(base: MobileBase): WalkingLimits {
  return (
    base.limits.walking ?? {
      ...DEFAULT_WALKING,
      maxStepLengthM: base.limits.maxStepLengthM ?? DEFAULT_WALKING.maxStepLengthM,
      maxStepHeightM: base.limits.maxStepHeightM ?? DEFAULT_WALKING.maxStepHeightM,
    }
  );
}

function soleOf(limits: WalkingLimits): { lengthM: number; widthM: number } {
  return { lengthM: limits.soleLengthM, widthM: limits.soleWidthM };
}
