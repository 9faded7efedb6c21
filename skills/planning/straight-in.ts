import { Vector3 } from 'three';
import type { KnownObject } from '../../src/world/world-model.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { resolvePlaceTarget, yawOf, yawQuaternion, type PlaceTarget } from '../placing/place-target.ts';
import { isRound } from './hold-classes.ts';

/** A hand whose approach axis rises or falls more steeply than this (its level part's length) does not point in. */
const MIN_LEVEL_APPROACH = 0.5;

/**
 * The heading of a round load (a bottle, a can) held from the side that brings the hand straight into a shelf slot,
 * rad: the load stands upright as it rested, turned about the vertical until the tool's approach axis points into
 * the slot. A round load looks alike at every heading, but the place tries the slot's heading and its quarter turns
 * first (they keep a box square), which bring a hand that grasped it 45° off its heading in 45° off straight: at a
 * slot by a unit's side panel, against the panel. Undefined for other loads, holds from above, and places not entered
 * from the front.
 */
export function straightInYawRad(
  scene: PlanningScene,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceTarget,
): number | undefined {
  if (!isRound(object)) return undefined;
  const goal = resolvePlaceTarget(scene.world, target, 0);
  if (goal.approach !== 'front') return undefined;
  // The load as the place stands it (upright as it rested, at heading 0), and the tool that holds it so.
  const rest = hold.restQuaternion;
  const upright = yawQuaternion(-yawOf({ position: new Vector3(), quaternion: rest })).multiply(rest);
  const tool = upright.multiply(hold.objectInTool.quaternion.clone().invert());
  const approach = new Vector3(0, 0, 1).applyQuaternion(tool);
  if (Math.hypot(approach.x, approach.y) < MIN_LEVEL_APPROACH) return undefined;
  return Math.atan2(-goal.outward.y, -goal.outward.x) - Math.atan2(approach.y, approach.x);
}
