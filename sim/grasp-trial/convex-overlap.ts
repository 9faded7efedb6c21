import { type Quaternion, Vector3 } from 'three';
import { ConvexHull } from 'three/examples/jsm/math/ConvexHull.js';
import type { SimShape } from '../shapes.ts';

// Exact overlap of convex shapes by the separating axis theorem, for the approach check of grasp trials. Rapier's
// `intersectsShape` of a convex hull against a box reported contact with the shapes millimetres apart (a third of
// the collision labels of one test set had a true gap of 0.5–3 mm), and its `contactShape` missed a 4 mm overlap
// of two boxes; this answer is checked against exact distances in test/datagen/convex-overlap.test.ts.

/** A convex polytope in its own frame: vertices, distinct face normals and distinct edge directions. */
export interface ConvexPolytope {
  /** Vertices x, y, z, ... */
  readonly vertices: Float64Array;
  readonly faceNormals: readonly Vector3[];
  readonly edgeDirections: readonly Vector3[];
  /** Largest vertex distance from the origin, for a quick far-apart test. */
  readonly radiusM: number;
}

/** Facets of the prism standing in for a cylinder: circumscribed, so it errs toward overlap by ≤ r·0.12 %. */
const CYLINDER_SIDES = 64;
const PARALLEL_COS = 1 - 1e-9;

/** The polytope of a box with these half extents. */
export function boxPolytope(half: readonly [number, number, number]): ConvexPolytope {
  const [x, y, z] = half;
  const vertices = new Float64Array(24);
  for (let i = 0; i < 8; i++) vertices.set([i & 1 ? x : -x, i & 2 ? y : -y, i & 4 ? z : -z], 3 * i);
  const axes = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)];
  return { vertices, faceNormals: axes, edgeDirections: axes, radiusM: Math.hypot(x, y, z) };
}

/** The polytope of a shape (cylinders as a circumscribed prism, round shapes as a circumscribed hull). */
export function shapePolytope(shape: SimShape): ConvexPolytope {
  switch (shape.kind) {
    case 'box':
      return boxPolytope(shape.halfExtentsM);
    case 'cylinder':
      return hullPolytope(prismPoints(shape.radiusM, shape.heightM / 2));
    case 'convex': {
      const points: Vector3[] = [];
      for (let i = 0; i + 2 < shape.pointsM.length; i += 3)
        points.push(new Vector3(shape.pointsM[i], shape.pointsM[i + 1], shape.pointsM[i + 2]));
      return hullPolytope(points);
    }
    case 'sphere':
      return hullPolytope(roundPoints(shape.radiusM, 0));
    case 'capsule':
      return hullPolytope(roundPoints(shape.radiusM, Math.max(0, shape.heightM / 2 - shape.radiusM)));
  }
}

/**
 * How deep two convex polytopes overlap, m: the smallest interval overlap over all separating-axis candidates
 * (face normals of both and cross products of their edges), which for polytopes is the exact penetration depth.
 * Negative when they are apart: then its magnitude is a lower bound of their distance.
 */
export function overlapDepthM(
  a: ConvexPolytope,
  aPosition: Vector3,
  aRotation: Quaternion,
  b: ConvexPolytope,
  bPosition: Vector3,
  bRotation: Quaternion,
): number {
  const centres = bPosition.clone().sub(aPosition);
  const apart = centres.length() - a.radiusM - b.radiusM;
  if (apart > 0) return -apart;
  const aInverse = aRotation.clone().invert();
  const bInverse = bRotation.clone().invert();
  const local = new Vector3();
  let depth = Infinity;
  // Projections are taken in each polytope's own frame: the axis turns, the vertices stay.
  const test = (axis: Vector3): boolean => {
    const [aMin, aMax] = interval(a.vertices, local.copy(axis).applyQuaternion(aInverse));
    const [bMin, bMax] = interval(b.vertices, local.copy(axis).applyQuaternion(bInverse));
    const offset = centres.dot(axis);
    const overlap = Math.min(aMax - bMin - offset, bMax + offset - aMin);
    if (overlap < depth) depth = overlap;
    return overlap < 0;
  };
  // Cheap axes first: most checks are far apart or clearly separated along a face normal.
  if (test(centres.lengthSq() > 0 ? centres.clone().normalize() : new Vector3(1, 0, 0))) return depth;
  const axis = new Vector3();
  for (const n of b.faceNormals) if (test(axis.copy(n).applyQuaternion(bRotation))) return depth;
  for (const n of a.faceNormals) if (test(axis.copy(n).applyQuaternion(aRotation))) return depth;
  const aEdges = a.edgeDirections.map((d) => d.clone().applyQuaternion(aRotation));
  const bEdges = b.edgeDirections.map((d) => d.clone().applyQuaternion(bRotation));
  for (const ea of aEdges) {
    for (const eb of bEdges) {
      axis.crossVectors(ea, eb);
      const len = axis.length();
      if (len < 1e-9) continue;
      if (test(axis.divideScalar(len))) return depth;
    }
  }
  return depth;
}

/** Min and max of the vertices' projections on an axis, in the vertices' frame. */
function interval(vertices: Float64Array, axis: Vector3): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < vertices.length; i += 3) {
    const d = vertices[i]! * axis.x + vertices[i + 1]! * axis.y + vertices[i + 2]! * axis.z;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return [min, max];
}

function hullPolytope(points: readonly Vector3[]): ConvexPolytope {
  const hull = new ConvexHull().setFromPoints([...points]);
  const vertices = new Set<Vector3>();
  const faceNormals: Vector3[] = [];
  const edgeDirections: Vector3[] = [];
  for (const face of hull.faces) {
    addDistinct(faceNormals, face.normal, false);
    let edge = face.edge;
    do {
      vertices.add(edge.head().point);
      // The hull is triangulated: an edge between two coplanar triangles is no edge of the polytope.
      if (edge.twin.face.normal.dot(face.normal) < PARALLEL_COS)
        addDistinct(edgeDirections, edge.head().point.clone().sub(edge.tail().point).normalize(), true);
      edge = edge.next;
    } while (edge !== face.edge);
  }
  const list = [...vertices];
  return {
    vertices: Float64Array.from(list.flatMap((v) => [v.x, v.y, v.z])),
    faceNormals,
    edgeDirections,
    radiusM: Math.max(...list.map((v) => v.length())),
  };
}

/** Adds `v` unless a parallel vector (or, with `eitherSign`, an antiparallel one) is already there. */
function addDistinct(list: Vector3[], v: Vector3, eitherSign: boolean): void {
  for (const u of list) {
    const c = u.dot(v);
    if (c > PARALLEL_COS || (eitherSign && c < -PARALLEL_COS)) return;
  }
  list.push(v.clone());
}

/** Corners of a prism circumscribing a cylinder of radius r standing along z. */
function prismPoints(r: number, halfHeight: number): Vector3[] {
  const out: Vector3[] = [];
  const rOut = r / Math.cos(Math.PI / CYLINDER_SIDES);
  for (let i = 0; i < CYLINDER_SIDES; i++) {
    const a = (2 * Math.PI * (i + 0.5)) / CYLINDER_SIDES;
    for (const z of [-halfHeight, halfHeight]) out.push(new Vector3(rOut * Math.cos(a), rOut * Math.sin(a), z));
  }
  return out;
}

/** Points of a hull circumscribing a sphere (halfSegment 0) or a capsule along z. */
function roundPoints(r: number, halfSegment: number): Vector3[] {
  const out: Vector3[] = [];
  const rings = 12;
  const sides = 24;
  // Scale out so the flat facets of the hull stay outside the true surface.
  const rOut = r / (Math.cos(Math.PI / sides) * Math.cos(Math.PI / (2 * rings)));
  for (let i = 0; i <= rings; i++) {
    const polar = (Math.PI * i) / rings;
    const z = rOut * Math.cos(polar);
    const ring = rOut * Math.sin(polar);
    for (let j = 0; j < sides; j++) {
      const a = (2 * Math.PI * j) / sides;
      const p = new Vector3(ring * Math.cos(a), ring * Math.sin(a), z);
      if (halfSegment === 0) out.push(p);
      else out.push(p.clone().setZ(z + halfSegment), p.clone().setZ(z - halfSegment));
    }
  }
  return out;
}
