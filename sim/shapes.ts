import { Quaternion, Vector3 } from 'three';
import type { Pose } from '../src/math/pose.ts';
import type { ColliderDesc, Rapier } from './rapier.ts';

/**
 * A collision shape centred on its body frame. Cylinders and capsules stand along local z (Rapier's stand along
 * y, so they get a fixed rotation); `heightM` is the full tip-to-tip length.
 */
export type SimShape =
  | { readonly kind: 'box'; readonly halfExtentsM: readonly [number, number, number] }
  | { readonly kind: 'cylinder'; readonly radiusM: number; readonly heightM: number }
  | { readonly kind: 'sphere'; readonly radiusM: number }
  | { readonly kind: 'capsule'; readonly radiusM: number; readonly heightM: number }
  /** Convex hull of points (x, y, z, ...), e.g. a mesh's vertices. */
  | { readonly kind: 'convex'; readonly pointsM: Float32Array };

/** Surface and mass properties of a collider. Give `massKg` or `densityKgM3` (density wins when both are absent: 1000). */
export interface SimMaterial {
  readonly friction: number;
  readonly restitution?: number;
  readonly massKg?: number;
  readonly densityKgM3?: number;
}

/** Rotation taking Rapier's y-up round shapes to our z-up convention. */
const Y_TO_Z = new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), new Vector3(0, 0, 1));

/** Builds the Rapier collider description of a shape with its material, at `poseInBody` on its body. */
export function colliderDesc(rapier: Rapier, shape: SimShape, material: SimMaterial, poseInBody?: Pose): ColliderDesc {
  const desc = shapeDesc(rapier, shape);
  if (poseInBody !== undefined) {
    const round = shape.kind === 'cylinder' || shape.kind === 'capsule';
    desc.setTranslation(poseInBody.position.x, poseInBody.position.y, poseInBody.position.z);
    desc.setRotation(round ? poseInBody.quaternion.clone().multiply(Y_TO_Z) : poseInBody.quaternion);
  }
  desc.setFriction(material.friction).setRestitution(material.restitution ?? 0);
  if (material.massKg !== undefined) desc.setMass(material.massKg);
  else desc.setDensity(material.densityKgM3 ?? 1000);
  return desc;
}

function shapeDesc(rapier: Rapier, shape: SimShape): ColliderDesc {
  switch (shape.kind) {
    case 'box':
      return rapier.ColliderDesc.cuboid(...shape.halfExtentsM);
    case 'sphere':
      return rapier.ColliderDesc.ball(shape.radiusM);
    case 'cylinder':
      return rapier.ColliderDesc.cylinder(shape.heightM / 2, shape.radiusM).setRotation(Y_TO_Z);
    case 'capsule': {
      const halfSegment = Math.max(0, shape.heightM / 2 - shape.radiusM);
      return rapier.ColliderDesc.capsule(halfSegment, shape.radiusM).setRotation(Y_TO_Z);
    }
    case 'convex': {
      const desc = rapier.ColliderDesc.convexHull(shape.pointsM);
      if (desc === null) throw new Error('sim: convex hull of the given points is degenerate');
      return desc;
    }
  }
}

/** Half extents of the shape's axis-aligned bounds in its own frame. */
export function shapeHalfExtents(shape: SimShape): Vector3 {
  switch (shape.kind) {
    case 'box':
      return new Vector3(...shape.halfExtentsM);
    case 'sphere':
      return new Vector3(shape.radiusM, shape.radiusM, shape.radiusM);
    case 'cylinder':
    case 'capsule':
      return new Vector3(shape.radiusM, shape.radiusM, shape.heightM / 2);
    case 'convex': {
      const max = new Vector3();
      for (let i = 0; i + 2 < shape.pointsM.length; i += 3) {
        max.max(
          new Vector3(Math.abs(shape.pointsM[i]!), Math.abs(shape.pointsM[i + 1]!), Math.abs(shape.pointsM[i + 2]!)),
        );
      }
      return max;
    }
  }
}
