import type { Pose2D } from '../../src/math/pose.ts';
import { yawError } from './follower.ts';

/** Motion smaller than this over the whole window counts as no progress. */
const MIN_PROGRESS_M = 0.02;
const MIN_PROGRESS_RAD = 0.05;

/**
 * Notices a base that does not move while it is told to: wheels slipping against a shelf, a person standing in
 * front of the bumper, a driver that accepts commands and ignores them. The window restarts whenever the base
 * moves or turns a little, or is not being commanded.
 */
export class StallWatch {
  private reference: Pose2D | undefined;
  private sinceMs = 0;

  constructor(private readonly windowMs: number) {}

  /** Feeds one tick; true once the base has been commanded for `windowMs` without moving. */
  update(pose: Pose2D, commanded: boolean, nowMs: number): boolean {
    const moved =
      this.reference !== undefined &&
      (Math.hypot(pose.x - this.reference.x, pose.y - this.reference.y) > MIN_PROGRESS_M ||
        Math.abs(yawError(pose.yawRad, this.reference.yawRad)) > MIN_PROGRESS_RAD);
    if (this.reference === undefined || moved || !commanded) {
      this.reference = pose;
      this.sinceMs = nowMs;
      return false;
    }
    return nowMs - this.sinceMs >= this.windowMs;
  }
}
