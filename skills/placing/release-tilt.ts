import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { toolInWorld } from '../arm/robot-frames.ts';
import type { PlacePlan } from './place-plan.ts';
import { heldObjectPose, holdAsSeen } from './plan-place.ts';
import { halfHeightInWorld, restError } from './rest-check.ts';

const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)];

/** How the load in the hand stands before the release, against how far it may lean and still stand once let go. */
export interface ReleaseTilt {
  /** The load's tilt off the pose it is to rest in, deg. */
  readonly tiltDeg: number;
  /** The most it may lean when let go, deg (`releaseTilt`). */
  readonly limitDeg: number;
}

/**
 * The held load's tilt off its rest pose now (the hold as seen, `holdAsSeen`: the world model where it follows held
 * loads) and the most it may lean when the hand opens: half the tilt at which its centre passes over the edge of its
 * base (an upright box or cylinder, its narrowest half-width over its half-height), and never under `toleranceDeg`,
 * the tilt the place accepts at rest. A glass jar whose rim caught a shelf's lip on the way in pivoted 39° in the
 * fingers (demo seed 4, note30); opened there, it fell over and rolled 27 cm.
 */
export function releaseTilt(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  plan: PlacePlan,
  toleranceDeg: number,
): ReleaseTilt {
  const object = scene.world.object(hold.objectId);
  const pose = heldObjectPose(toolInWorld(scene, arm), holdAsSeen(scene, arm, hold));
  const tiltDeg = (restError(pose, plan.objectAtRest).tiltRad * 180) / Math.PI;
  if (!object) return { tiltDeg, limitDeg: toleranceDeg };
  const half = shapeHalfExtents(object.shape);
  const upright = plan.objectAtRest.quaternion;
  // The object's own axes that lie level at rest span its base; the narrower one tips first.
  const baseHalfM = Math.min(...half.filter((_, i) => Math.abs(AXES[i]!.clone().applyQuaternion(upright).z) < 0.5));
  if (!Number.isFinite(baseHalfM)) return { tiltDeg, limitDeg: toleranceDeg };
  const toppleDeg = (Math.atan2(baseHalfM, halfHeightInWorld(half, upright)) * 180) / Math.PI;
  return { tiltDeg, limitDeg: Math.max(toleranceDeg, toppleDeg / 2) };
}
