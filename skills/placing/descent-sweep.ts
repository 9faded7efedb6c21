import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose } from '../../src/math/pose.ts';
import { hitObjectId, type SceneHit } from '../../src/world/scene-query.ts';
import { armPosesHit } from '../arm/arm-sweep.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { solveOnBranch } from '../arm/reachability.ts';

/** The guarded descent is checked every this far, m. */
const DESCENT_CHECK_STEP_M = 0.005;

/** How far a guarded descent may go before an arm link meets the scene, and what it would meet there. */
export interface DescentClearance {
  /** The descent is clear this far down, m (all of it when `hit` is undefined). */
  readonly clearM: number;
  readonly hit?: { readonly link: string; readonly hit: SceneHit };
}

/**
 * How far straight down from `from` (the tool at the hover) the arm's links stay clear of the scene's objects, up to
 * `distanceM`, the arm following the line by its own IK from `seed` (its joints now): the wrist feels the load
 * touch down, not an arm link pressing on a product beside or below the slot, so a descent that finds no contact
 * where it was expected must not go on through what stands there. The held object (`ignoreObjectIds`) is left out: it
 * is meant to land. All of `distanceM` when no scene query is registered or the line leaves the arm's reach (the
 * guarded move then shortens it).
 */
export function descentClearance(
  scene: PlanningScene,
  arm: Arm,
  from: Pose,
  distanceM: number,
  seed: readonly number[],
  ignoreObjectIds: readonly string[],
): DescentClearance {
  if (!scene.services.sceneQuery) return { clearM: distanceM };
  const steps = Math.max(1, Math.ceil(distanceM / DESCENT_CHECK_STEP_M));
  const poses: Pose[] = [];
  for (let k = 1; k <= steps; k++)
    poses.push({
      position: from.position.clone().add(new Vector3(0, 0, (-distanceM * k) / steps)),
      quaternion: from.quaternion,
    });
  const samples = solveOnBranch(scene, arm, poses, {}, seed);
  if (!samples) return { clearM: distanceM };
  // In order down the line: the first product a link would meet bounds the descent. A fixture within the sweep's
  // margin (a tote's wall beside the wrist, which the plan's own sweep passed on another IK solution) does not move.
  for (let k = 0; k < samples.length; k++) {
    const hit = armPosesHit(scene, arm, [samples[k]!], {}, ignoreObjectIds);
    if (hit && hitObjectId(hit.hit.what) !== undefined) return { clearM: (distanceM * k) / steps, hit };
  }
  return { clearM: distanceM };
}
