import type { Pose } from '../math/pose.ts';
import type { WorldModel } from './world-model.ts';

/**
 * Where fixed robots are bolted down, per world model: a fixed arm has no base odometry, so its mount pose
 * (with height, e.g. a table top) is registered beside the world model, as navigation registers its map. It lives
 * in `src/world` so the sim can register the mounts of the robots it builds without importing skills.
 */
const mounts = new WeakMap<WorldModel, Map<string, Pose>>();

/** Records the pose of `robotId`'s root link in the world, for robots without a mobile base. */
export function setRobotMount(world: WorldModel, robotId: string, rootInWorld: Pose): void {
  const byId = mounts.get(world) ?? new Map<string, Pose>();
  byId.set(robotId, rootInWorld);
  mounts.set(world, byId);
}

/** The registered mount of `robotId`; the only one registered when the id is unknown (sim ids may differ). */
export function robotMountOf(world: WorldModel, robotId: string): Pose | undefined {
  const byId = mounts.get(world);
  if (!byId) return undefined;
  return byId.get(robotId) ?? (byId.size === 1 ? [...byId.values()][0] : undefined);
}
