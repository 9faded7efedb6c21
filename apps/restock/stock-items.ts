import { Quaternion, Vector3 } from 'three';
import { findProduct } from '../../scenes/catalog.ts';
import { objectShape } from '../../scenes/object-shape.ts';
import type { ResolvedObject, ResolvedScene } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import { resolvePlaceTarget } from '../../skills/placing/place-target.ts';
import type { Pose } from '../../src/math/pose.ts';
import { facingPlace, type PlanogramFacing } from '../../src/world/planogram.ts';
import type { NamedPlace, WorldModel } from '../../src/world/world-model.ts';

const UP = new Vector3(0, 0, 1);

/** A product of the catalog as a dynamic object at a pose: what the demo puts on shelves and into the tote. */
export function productObject(
  scene: ResolvedScene,
  sku: string,
  id: string,
  poseInWorld: Pose,
  tags: readonly string[],
): ResolvedObject {
  if (!findProduct(sku)) throw new Error(`unknown product '${sku}'`);
  return { id, ...objectShape({ product: sku, tags: [...tags] }, { materials: scene.materials }), poseInWorld };
}

/** The height of a product's centre over the surface it stands on, m. */
export function productHalfHeightM(sku: string): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  return shapeBoundsM(product.shape)[2] / 2;
}

/**
 * Where an item of a facing stands when it is where `place` puts one: the facing's place point (near the front, as
 * `resolvePlaceTarget` computes it for shelf slots), the product turned to the planogram's heading.
 */
export function facingItemPose(world: WorldModel, facing: PlanogramFacing): Pose {
  const product = findProduct(facing.sku)!;
  const [dx, dy] = shapeBoundsM(product.shape);
  const halfDepthM = (facing.orientation === 'front' ? dx : dy) / 2;
  const goal = resolvePlaceTarget(world, facing.name, halfDepthM);
  return {
    position: goal.surfacePoint.clone().addScaledVector(UP, productHalfHeightM(facing.sku)),
    quaternion: new Quaternion().setFromAxisAngle(UP, facing.productYawRad),
  };
}

/** The places a planogram adds to a scene: one per facing. */
export function facingPlaces(facings: readonly PlanogramFacing[]): NamedPlace[] {
  return facings.map((f) => facingPlace(f));
}
