import { Euler, Quaternion, Vector3 } from 'three';
import { z } from 'zod';
import type { Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { NamedPlace, WorldModel } from '../../src/world/world-model.ts';

/** Where `place` may put an object: a named place (slot, tote, marked target), a region, or a pose. */
export const PlaceTargetInput = z.union([
  z.string().min(1),
  z.strictObject({
    /** Point on the support surface under the object's centre, world frame, m. */
    position: z.tuple([z.number(), z.number(), z.number()]),
    /** Object heading about z; free when left out. */
    yawRad: z.number().optional(),
  }),
  z.strictObject({
    /** A named area (a place with `sizeM`): the object goes to a free spot inside it. */
    region: z.string().min(1),
  }),
]);
export type PlaceTarget = z.infer<typeof PlaceTargetInput>;

/** A resolved target: the surface point, how to come in, and the area the object must stay inside. */
export interface PlaceGoal {
  readonly name: string;
  /** Point on the support surface under the object's centre, world. */
  readonly surfacePoint: Vector3;
  readonly yawRad?: number;
  /** `above` for open surfaces; `front` for shelf slots, which are entered horizontally from their open side. */
  readonly approach: 'above' | 'front';
  /** Unit horizontal direction out of the slot's open side (front approach). */
  readonly outward: Vector3;
  /** Clear height above the surface, m (slot height), when bounded. */
  readonly clearHeightM?: number;
}

/** Gap kept between the object and the slot's front lip, m. */
const LIP_GAP_M = 0.04;

/**
 * Resolves a target. A shelf slot (`shelf-slot` tag) puts the object near the slot's front, where a picker can
 * reach and a customer sees it, approached from the front; other places and regions use their centre and are
 * approached from above. `objectHalfDepthM` is the object's half size along the slot depth.
 */
export function resolvePlaceTarget(world: WorldModel, target: PlaceTarget, objectHalfDepthM: number): PlaceGoal {
  if (typeof target !== 'string' && 'position' in target) {
    return {
      name: `pose (${target.position.map((v) => v.toFixed(2)).join(', ')})`,
      surfacePoint: new Vector3(...target.position),
      ...(target.yawRad === undefined ? {} : { yawRad: target.yawRad }),
      approach: 'above',
      outward: new Vector3(1, 0, 0),
    };
  }
  const name = typeof target === 'string' ? target : target.region;
  const place = world.place(name);
  if (!place) {
    const known = world
      .places()
      .map((p) => p.name)
      .slice(0, 10);
    throw new SkillFailure('invalid-input', `no place named '${name}' in the world model`, {
      detail: { target: name, known },
    });
  }
  return goalFromPlace(place, objectHalfDepthM);
}

function goalFromPlace(place: NamedPlace, objectHalfDepthM: number): PlaceGoal {
  const q = place.poseInWorld.quaternion;
  const outward = new Vector3(1, 0, 0).applyQuaternion(q).setZ(0).normalize();
  const yawRad = yawOf(place.poseInWorld);
  if (place.tags.includes('shelf-slot') && place.sizeM) {
    const [depthM, , clearHeightM] = place.sizeM;
    const forwardM = Math.max(0, depthM / 2 - objectHalfDepthM - LIP_GAP_M);
    return {
      name: place.name,
      surfacePoint: place.poseInWorld.position.clone().addScaledVector(outward, forwardM),
      yawRad,
      approach: 'front',
      outward,
      clearHeightM,
    };
  }
  return {
    name: place.name,
    surfacePoint: place.poseInWorld.position.clone(),
    approach: 'above',
    outward,
    ...(place.sizeM && place.sizeM[2] > 0 ? { clearHeightM: place.sizeM[2] } : {}),
  };
}

/** Heading of a pose about world z. */
export function yawOf(pose: Pose): number {
  return new Euler().setFromQuaternion(pose.quaternion, 'ZYX').z;
}

/** A rotation about world z. */
export function yawQuaternion(yawRad: number): Quaternion {
  return new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yawRad);
}
