import type { FixtureBox } from './fixture-geometry.ts';
import { obbFromPose, obbPenetrationM, type Obb } from '../src/math/obb.ts';
import type { ResolvedObject } from './schema.ts';
import { shapeBoundsM } from './shape-geometry.ts';

/** Overlap below this (m) counts as touching: resting contact computed through float poses. */
export const INTERSECTION_TOLERANCE_M = 1e-4;

/** Two bodies that interpenetrate at the start, by `depthM`. */
export interface Intersection {
  /** Index of the object in the list checked. */
  readonly objectIndex: number;
  /** The other body: an object id or a fixture box id. */
  readonly otherId: string;
  readonly otherKind: 'object' | 'fixture';
  readonly depthM: number;
}

/** The object's bounding box as an oriented box; conservative for round shapes. */
export function objectObb(object: ResolvedObject): Obb {
  const [x, y, z] = shapeBoundsM(object.shape);
  return obbFromPose(object.poseInWorld, [x / 2, y / 2, z / 2]);
}

function boundingRadius(box: Obb): number {
  const [a, b, c] = box.halfExtentsM;
  return Math.hypot(a, b, c);
}

/**
 * Every object that interpenetrates a fixture box or another object (by bounding boxes, so a cylinder's corners
 * count: keep round things a little apart). Pairs further apart than their bounding spheres are skipped early.
 */
export function findIntersections(
  objects: readonly ResolvedObject[],
  fixtureBoxes: readonly FixtureBox[],
  toleranceM = INTERSECTION_TOLERANCE_M,
): Intersection[] {
  const found: Intersection[] = [];
  const objectBoxes = objects.map(objectObb);
  const fixtureObbs = fixtureBoxes.map((b) => obbFromPose(b.poseInWorld, b.halfExtentsM));
  const test = (a: Obb, b: Obb): number => {
    if (a.centre.distanceTo(b.centre) > boundingRadius(a) + boundingRadius(b)) return -Infinity;
    return obbPenetrationM(a, b);
  };
  objectBoxes.forEach((box, i) => {
    fixtureObbs.forEach((fixture, k) => {
      const depthM = test(box, fixture);
      if (depthM > toleranceM)
        found.push({ objectIndex: i, otherId: fixtureBoxes[k]!.id, otherKind: 'fixture', depthM });
    });
    for (let j = i + 1; j < objectBoxes.length; j++) {
      const depthM = test(box, objectBoxes[j]!);
      if (depthM > toleranceM) found.push({ objectIndex: i, otherId: objects[j]!.id, otherKind: 'object', depthM });
    }
  });
  return found;
}
