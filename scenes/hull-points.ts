import { SCENE_LIMITS } from './scene-limits.ts';

/**
 * Points whose convex hull stands for a mesh in physics. A mesh of up to `SCENE_LIMITS.hullInputTriangles`
 * triangles gives its vertices as they are. A denser one gives its extreme point along each of
 * `SCENE_LIMITS.hullPoints` directions spread evenly over the sphere: hulling every vertex of a 200k-triangle mesh
 * takes the engine tens of seconds and can panic it, and a hull of thousands of faces is slow in contact anyway.
 * The kept points are vertices of the true hull, so the result lies inside it; for a 3 cm radius ball the gap is
 * about 0.05 mm, and a polyhedron's corners are kept exactly.
 */
export function hullPointsM(verticesM: Float32Array): Float32Array {
  if (verticesM.length / 9 <= SCENE_LIMITS.hullInputTriangles) return verticesM;
  const unique = distinctVertices(verticesM);
  const n = unique.length / 3;
  // One array per axis: the search below is the hot loop (points × directions).
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const zs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = unique[3 * i]!;
    ys[i] = unique[3 * i + 1]!;
    zs[i] = unique[3 * i + 2]!;
  }
  const directions = sphereDirections(SCENE_LIMITS.hullPoints);
  const kept = new Set<number>();
  for (let d = 0; d < directions.length; d += 3)
    kept.add(supportIndex(xs, ys, zs, directions[d]!, directions[d + 1]!, directions[d + 2]!));
  const out = new Float32Array(kept.size * 3);
  let k = 0;
  for (const i of [...kept].sort((a, b) => a - b)) out.set(unique.subarray(3 * i, 3 * i + 3), 3 * k++);
  return out;
}

/** Index of the point furthest along (dx, dy, dz). */
function supportIndex(
  xs: Float64Array,
  ys: Float64Array,
  zs: Float64Array,
  dx: number,
  dy: number,
  dz: number,
): number {
  let best = 0;
  let bestDot = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const dot = xs[i]! * dx + ys[i]! * dy + zs[i]! * dz;
    if (dot > bestDot) {
      bestDot = dot;
      best = i;
    }
  }
  return best;
}

/**
 * Vertices of a triangle soup with duplicates removed (a closed soup repeats each vertex about 6 times). Vertices
 * are keyed by their cell in a 2^17-per-axis grid over the bounds, so two count as one only when they are within
 * 1/131072 of the mesh's size of each other: far below anything a hull would show.
 */
function distinctVertices(soup: Float32Array): Float32Array {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < soup.length; i++) {
    const a = i % 3;
    lo[a] = Math.min(lo[a]!, soup[i]!);
    hi[a] = Math.max(hi[a]!, soup[i]!);
  }
  const cells = 2 ** 17 - 1;
  const scale = lo.map((l, a) => (hi[a]! > l ? cells / (hi[a]! - l) : 0));
  const seen = new Set<number>();
  const out = new Float32Array(soup.length);
  let n = 0;
  for (let i = 0; i < soup.length; i += 3) {
    const ix = Math.round((soup[i]! - lo[0]!) * scale[0]!);
    const iy = Math.round((soup[i + 1]! - lo[1]!) * scale[1]!);
    const iz = Math.round((soup[i + 2]! - lo[2]!) * scale[2]!);
    const key = ix + iy * 2 ** 17 + iz * 2 ** 34;
    if (seen.has(key)) continue;
    seen.add(key);
    out[n++] = soup[i]!;
    out[n++] = soup[i + 1]!;
    out[n++] = soup[i + 2]!;
  }
  return out.slice(0, n);
}

/** `count` unit vectors spread evenly over the sphere (a Fibonacci lattice), as x, y, z triples. */
function sphereDirections(count: number): Float64Array {
  const out = new Float64Array(count * 3);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < count; i++) {
    const z = 1 - (2 * (i + 0.5)) / count;
    const r = Math.sqrt(1 - z * z);
    out[3 * i] = r * Math.cos(golden * i);
    out[3 * i + 1] = r * Math.sin(golden * i);
    out[3 * i + 2] = z;
  }
  return out;
}
