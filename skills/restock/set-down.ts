import { Vector3 } from 'three';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import type { KnownObject, NamedPlace, WorldModel } from '../../src/world/world-model.ts';
import type { PlaceTarget } from '../placing/place-target.ts';

/** Places tagged so are spots an item may be set down on when it cannot go back into stock (staff tidy it away). */
export const SET_DOWN_TAG = 'set-down';

/** Spacing of the points tried across a set-down area, m. */
const GRID_M = 0.04;
/** Gap kept between a set-down item and anything already standing there, and the area's edge, m. */
const GAP_M = 0.02;

/**
 * Where `object` may be set down, nearest it first: in each area tagged `set-down` (`SET_DOWN_TAG`), the free point
 * nearest the object (by horizontal distance), its footprint inside the area and clear of what stands there. A hand
 * that cannot carry its load far (no carry posture for a hold that shifted) can still set it down near where it is.
 * An area too small for the item, or full, gives nothing.
 */
export function setDownTargets(world: WorldModel, object: KnownObject): PlaceTarget[] {
  const at = object.poseInWorld.position;
  const radiusM = footprintRadiusM(object);
  const others = world.objects().filter((o) => o.id !== object.id);
  return world
    .places()
    .filter((p) => p.tags.includes(SET_DOWN_TAG))
    .map((place) => nearestFreePoint(place, at, radiusM, others))
    .filter((p): p is Vector3 => p !== undefined)
    .sort((a, b) => horizontalM(a, at) - horizontalM(b, at))
    .map((p) => ({ position: [p.x, p.y, p.z] as [number, number, number] }));
}

/** The set-down spot `object` stands on (its centre over the spot's area, its base on the surface), if any. */
export function setDownSpotUnder(world: WorldModel, object: KnownObject): NamedPlace | undefined {
  const halfHeightM = shapeHalfExtents(object.shape)[2];
  return world
    .places()
    .filter((p) => p.tags.includes(SET_DOWN_TAG) && p.sizeM !== undefined)
    .find((p) => {
      const inPlace = object.poseInWorld.position
        .clone()
        .sub(p.poseInWorld.position)
        .applyQuaternion(p.poseInWorld.quaternion.clone().invert());
      const [sizeXM, sizeYM] = p.sizeM!;
      const overM = inPlace.z - halfHeightM;
      return Math.abs(inPlace.x) <= sizeXM / 2 && Math.abs(inPlace.y) <= sizeYM / 2 && overM > -0.02 && overM < 0.05;
    });
}

/** The point of `place`'s area nearest `at` where an item of `radiusM` stands clear of `others`; none when full. */
function nearestFreePoint(
  place: NamedPlace,
  at: Vector3,
  radiusM: number,
  others: readonly KnownObject[],
): Vector3 | undefined {
  const [sizeXM, sizeYM] = place.sizeM ?? [0, 0];
  const xs = across(sizeXM / 2 - radiusM - GAP_M);
  const ys = across(sizeYM / 2 - radiusM - GAP_M);
  const free = (p: Vector3): boolean =>
    others.every((o) => horizontalM(o.poseInWorld.position, p) > radiusM + footprintRadiusM(o) + GAP_M);
  let best: Vector3 | undefined;
  let bestM = Infinity;
  for (const x of xs) {
    for (const y of ys) {
      const p = new Vector3(x, y, 0).applyQuaternion(place.poseInWorld.quaternion).add(place.poseInWorld.position);
      const awayM = horizontalM(p, at);
      if (awayM < bestM && free(p)) {
        best = p;
        bestM = awayM;
      }
    }
  }
  return best;
}

/** Grid points from -halfM to halfM (the centre alone when halfM is 0, none when negative). */
function across(halfM: number): number[] {
  if (halfM < 0) return [];
  const n = Math.floor((2 * halfM) / GRID_M);
  return Array.from({ length: n + 1 }, (_, i) => (n === 0 ? 0 : -halfM + (2 * halfM * i) / n));
}

function footprintRadiusM(object: KnownObject): number {
  const [hx, hy] = shapeHalfExtents(object.shape);
  return Math.hypot(hx, hy);
}

function horizontalM(a: Vector3, b: Vector3): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
