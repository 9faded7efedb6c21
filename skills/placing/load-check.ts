import type { Arm } from '../../hardware/arm.ts';
import type { EndEffector } from '../../hardware/end-effector.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { latest, toolInWorld } from '../arm/robot-frames.ts';
import type { PlacePlan } from './place-plan.ts';
import { heldObjectPose, holdAsSeen } from './plan-place.ts';
import { halfHeightInWorld } from './rest-check.ts';

/**
 * What the effector says of its load: true when the fingers squeeze an object (a gripper's own detection) or the cup
 * is sealed, false when they say nothing is there, undefined when it has not said or cannot tell (no such sensing).
 */
export function loadFelt(effector: EndEffector | undefined): boolean | undefined {
  if (effector?.kind === 'parallel-gripper') return latest(effector.objectDetected$);
  if (effector?.kind === 'suction-cup') return latest(effector.sealed$);
  return undefined;
}

/**
 * Whether the effector still holds something (`loadFelt`), true for an effector that cannot tell. A load knocked out
 * of the hand on the way into a slot leaves the descent nothing to feel: it would go its whole search margin down on
 * an empty hand, into what stands below.
 */
export function effectorHolds(arm: Arm): boolean {
  return loadFelt(arm.endEffector) !== false;
}

/**
 * Where the load is after a guarded descent that felt no contact, in words and figures, for the failure: whether the
 * effector still holds it, its bottom's height over the surface it was to land on and its distance off the spot
 * (from the world model: the sim's truth, perception on a robot). Still held with its bottom below the surface: the
 * wrist did not feel a landing; above it: the surface was not reached; not held: it left the hand on the way.
 */
export function loadAfterMiss(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  plan: PlacePlan,
): { text: string; data: Record<string, unknown> } {
  const object = scene.world.object(hold.objectId);
  const held = effectorHolds(arm);
  if (!object) return { text: `'${hold.objectId}' is no longer in the world model`, data: { held } };
  // Held: where the hand has it, as seen when the world model follows held loads (`holdAsSeen`); else where it lies.
  const { position, quaternion } = held
    ? heldObjectPose(toolInWorld(scene, arm), holdAsSeen(scene, arm, hold))
    : object.poseInWorld;
  const bottomZ = position.z - halfHeightInWorld(shapeHalfExtents(object.shape), quaternion);
  const bottomAboveSurfaceM = bottomZ - plan.goal.surfacePoint.z;
  const offSpotM = Math.hypot(position.x - plan.objectAtRest.position.x, position.y - plan.objectAtRest.position.y);
  const where =
    `its bottom ${(bottomAboveSurfaceM * 100).toFixed(1)} cm over the surface, ` +
    `${(offSpotM * 100).toFixed(1)} cm off the spot`;
  return {
    text: `'${hold.objectId}' ${held ? 'still in the hand' : 'not in the hand'}, ${where}`,
    data: { held, bottomAboveSurfaceM, offSpotM },
  };
}
