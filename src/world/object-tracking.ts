import type { Pose } from '../math/pose.ts';

/**
 * Live poses of the objects a backend follows: the sim reads every body from physics; on hardware, what perception
 * tracks. Skills compare two readings to notice what moved (a product knocked off its slot). A backend that tracks
 * no objects leaves the service out of `WorldServices`, and such checks are skipped.
 */
export interface ObjectTracking {
  /** The pose of every tracked object now, by object id. */
  poses(): ReadonlyMap<string, Pose>;
}
