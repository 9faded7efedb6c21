import { Vector3 } from 'three';
import type { KnownObject, NamedPlace, WorldModel } from '../../src/world/world-model.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { FALLEN_TILT_RAD } from '../../src/world/planogram-scan.ts';
import { pickOrigin } from './memory.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';

/** How far below a region's floor an object's lowest point may be and still count as in it, m. */
const FLOOR_TOLERANCE_M = 0.02;

/**
 * Objects standing in a place's region (a tote's inner volume): the centre within its footprint, the lowest point
 * between its floor and its rim. A tall pack in a shallow tray sticks out above the rim and is still in it.
 */
export function objectsIn(world: WorldModel, place: NamedPlace): KnownObject[] {
  const size = place.sizeM;
  if (size === undefined) return [];
  const inverse = place.poseInWorld.quaternion.clone().invert();
  return world.objects().filter((o) => {
    const local = new Vector3().subVectors(o.poseInWorld.position, place.poseInWorld.position).applyQuaternion(inverse);
    const bottomZ = local.z - lowestPointBelowCentreM(o);
    return (
      Math.abs(local.x) <= size[0] / 2 &&
      Math.abs(local.y) <= size[1] / 2 &&
      bottomZ >= -FLOOR_TOLERANCE_M &&
      bottomZ <= size[2]
    );
  });
}

/** How far an object's lowest point lies below its centre as it is turned now, m. */
function lowestPointBelowCentreM(object: KnownObject): number {
  const [hx, hy, hz] = shapeHalfExtents(object.shape);
  const q = object.poseInWorld.quaternion;
  const ax = new Vector3(1, 0, 0).applyQuaternion(q);
  const ay = new Vector3(0, 1, 0).applyQuaternion(q);
  const az = new Vector3(0, 0, 1).applyQuaternion(q);
  return Math.abs(ax.z) * hx + Math.abs(ay.z) * hy + Math.abs(az.z) * hz;
}

/** The stock place by name, or a `precondition-failed` naming it. */
export function stockPlace(world: WorldModel, name: string): NamedPlace {
  const place = world.place(name);
  if (place?.sizeM === undefined)
    throw new SkillFailure('precondition-failed', `no stock place '${name}' with a size in the world model`);
  return place;
}

/** True when an item stands upright; a knocked-over item is no stock to pick (staff stand it up or take it away). */
export function isUpright(object: KnownObject): boolean {
  return new Vector3(0, 0, 1).applyQuaternion(object.poseInWorld.quaternion).z >= Math.cos(FALLEN_TILT_RAD);
}

/** The products in stock: how many upright items of each SKU the stock place holds. */
export function stockCounts(world: WorldModel, stock: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of objectsIn(world, stockPlace(world, stock))) {
    if (o.type !== undefined && isUpright(o)) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
  }
  return counts;
}

/**
 * The stock item of `sku` to pick next, of the upright ones in the stock place: one no earlier try chose first (a
 * try that failed leaves its item behind, and the next takes a fresh one), then the one nearest `nearXY` (the
 * robot), so a row picked from one side of the cart is emptied before the robot drives round to the other. Only
 * items `eligible` passes are chosen.
 */
export function stockItemFor(
  world: WorldModel,
  stock: string,
  sku: string,
  nearXY?: Vector3,
  eligible: (o: KnownObject) => boolean = () => true,
): KnownObject | undefined {
  const items = objectsIn(world, stockPlace(world, stock)).filter((o) => o.type === sku && isUpright(o) && eligible(o));
  const distance = (o: KnownObject): number =>
    nearXY === undefined ? 0 : Math.hypot(o.poseInWorld.position.x - nearXY.x, o.poseInWorld.position.y - nearXY.y);
  const tried = (o: KnownObject): number => (pickOrigin(world, o.id) === undefined ? 0 : 1);
  return items.sort((a, b) => tried(a) - tried(b) || distance(a) - distance(b))[0];
}
