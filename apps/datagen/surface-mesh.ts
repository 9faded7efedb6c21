import { Vector3 } from 'three';
import type { RandomSource } from '../../src/math/random.ts';

/** A triangle soup with per-triangle normals and an area table, for surface sampling and ray casts. */
export interface SurfaceMesh {
  /** x, y, z of 3 vertices per triangle, metres, object frame. */
  readonly triangles: Float32Array;
  /** Unit outward normal per triangle (x, y, z). */
  readonly normals: Float64Array;
  /** Cumulative triangle areas, for area-weighted sampling. */
  readonly cumulativeArea: Float64Array;
}

/** A point on the surface and the outward normal there. */
export interface SurfacePoint {
  readonly point: Vector3;
  readonly normal: Vector3;
}

/** Builds the sampling tables of a triangle soup (scaled by `scale`). */
export function surfaceMesh(soup: Float32Array, scale = 1): SurfaceMesh {
  const n = soup.length / 9;
  const triangles = new Float32Array(soup.length);
  for (let i = 0; i < soup.length; i++) triangles[i] = soup[i]! * scale;
  const normals = new Float64Array(n * 3);
  const cumulativeArea = new Float64Array(n);
  const a = new Vector3();
  const b = new Vector3();
  const c = new Vector3();
  let total = 0;
  for (let t = 0; t < n; t++) {
    a.fromArray(triangles, 9 * t);
    b.fromArray(triangles, 9 * t + 3).sub(a);
    c.fromArray(triangles, 9 * t + 6).sub(a);
    const cross = b.cross(c);
    const area = cross.length() / 2;
    if (area > 0) cross.normalize();
    normals[3 * t] = cross.x;
    normals[3 * t + 1] = cross.y;
    normals[3 * t + 2] = cross.z;
    total += area;
    cumulativeArea[t] = total;
  }
  return { triangles, normals, cumulativeArea };
}

/** An area-uniform random surface point. */
export function sampleSurface(mesh: SurfaceMesh, rng: RandomSource): SurfacePoint {
  const areas = mesh.cumulativeArea;
  const target = rng.next() * areas[areas.length - 1]!;
  let lo = 0;
  let hi = areas.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (areas[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  let u = rng.next();
  let v = rng.next();
  if (u + v > 1) {
    u = 1 - u;
    v = 1 - v;
  }
  const tri = mesh.triangles;
  const o = 9 * lo;
  const point = new Vector3(
    tri[o]! + u * (tri[o + 3]! - tri[o]!) + v * (tri[o + 6]! - tri[o]!),
    tri[o + 1]! + u * (tri[o + 4]! - tri[o + 1]!) + v * (tri[o + 7]! - tri[o + 1]!),
    tri[o + 2]! + u * (tri[o + 5]! - tri[o + 2]!) + v * (tri[o + 8]! - tri[o + 2]!),
  );
  const normal = new Vector3(mesh.normals[3 * lo], mesh.normals[3 * lo + 1], mesh.normals[3 * lo + 2]);
  return { point, normal };
}

/** A ray hit: distance along the (unit) direction and the triangle's outward normal. */
export interface RayHit {
  readonly distanceM: number;
  readonly normal: Vector3;
}

/**
 * The first surface crossing along the ray after `minDistanceM` whose normal faces `facing` (+1: leaving the
 * object, the normal along the ray; -1: entering). Möller–Trumbore over every triangle: meshes here are small.
 */
export function castRay(
  mesh: SurfaceMesh,
  origin: Vector3,
  dir: Vector3,
  facing: 1 | -1,
  minDistanceM = 1e-6,
): RayHit | undefined {
  const tri = mesh.triangles;
  let best = Infinity;
  let bestTri = -1;
  for (let t = 0; t < tri.length / 9; t++) {
    const nDot = mesh.normals[3 * t]! * dir.x + mesh.normals[3 * t + 1]! * dir.y + mesh.normals[3 * t + 2]! * dir.z;
    if (nDot * facing <= 0) continue;
    const o = 9 * t;
    const e1x = tri[o + 3]! - tri[o]!,
      e1y = tri[o + 4]! - tri[o + 1]!,
      e1z = tri[o + 5]! - tri[o + 2]!;
    const e2x = tri[o + 6]! - tri[o]!,
      e2y = tri[o + 7]! - tri[o + 1]!,
      e2z = tri[o + 8]! - tri[o + 2]!;
    const px = dir.y * e2z - dir.z * e2y,
      py = dir.z * e2x - dir.x * e2z,
      pz = dir.x * e2y - dir.y * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (Math.abs(det) < 1e-14) continue;
    const inv = 1 / det;
    const sx = origin.x - tri[o]!,
      sy = origin.y - tri[o + 1]!,
      sz = origin.z - tri[o + 2]!;
    const u = (sx * px + sy * py + sz * pz) * inv;
    if (u < 0 || u > 1) continue;
    const qx = sy * e1z - sz * e1y,
      qy = sz * e1x - sx * e1z,
      qz = sx * e1y - sy * e1x;
    const v = (dir.x * qx + dir.y * qy + dir.z * qz) * inv;
    if (v < 0 || u + v > 1) continue;
    const d = (e2x * qx + e2y * qy + e2z * qz) * inv;
    if (d > minDistanceM && d < best) {
      best = d;
      bestTri = t;
    }
  }
  if (bestTri < 0) return undefined;
  return {
    distanceM: best,
    normal: new Vector3(mesh.normals[3 * bestTri], mesh.normals[3 * bestTri + 1], mesh.normals[3 * bestTri + 2]),
  };
}
