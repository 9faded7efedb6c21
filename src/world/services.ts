import type { Pose } from '../math/pose.ts';
import type { NavigationMap } from './navigation/navigation-map.ts';
import type { ObjectTracking } from './object-tracking.ts';
import type { SceneQuery } from './scene-query.ts';

/**
 * What a backend knows about the world beyond the world model, handed to skills in their context
 * (`ctx.services`): set by whoever builds the world (the sim's `createSimulation`, `servicesForScene` for a loaded
 * scene, a hardware launch file). A skill that needs a service that is absent fails `precondition-failed` or
 * skips the check and says so; it never looks one up anywhere else.
 */
export interface WorldServices {
  /** Collision queries against the scene (the sim answers with Rapier shape casts). */
  readonly sceneQuery?: SceneQuery;
  /**
   * Where fixed robots are bolted down, by robot id: a fixed arm has no base odometry, so its root link's pose
   * in the world (with height, e.g. a table top) comes from here.
   */
  readonly robotMounts?: ReadonlyMap<string, Pose>;
  /** The static map `navigate` plans on. */
  readonly navigationMap?: NavigationMap;
  /** Live object poses, when the backend tracks objects (the sim does); absent, checks that need them are skipped. */
  readonly objectTracking?: ObjectTracking;
}

/** No services: what a context gets when nobody provided any. */
export const NO_SERVICES: WorldServices = {};

/** The mount of `robotId`; the only one given when the id is unknown (sim ids may differ from a launch file's). */
export function robotMount(services: WorldServices, robotId: string): Pose | undefined {
  const mounts = services.robotMounts;
  if (!mounts) return undefined;
  return mounts.get(robotId) ?? (mounts.size === 1 ? [...mounts.values()][0] : undefined);
}
