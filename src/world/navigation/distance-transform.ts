/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher, 2012): for every cell of a `width × height`
 * grid, the distance in cells from its centre to the centre of the nearest seed cell (`seeds[i] !== 0`).
 * Linear in the cell count: two passes of the 1D lower-envelope-of-parabolas transform.
 */
export function distanceTransform(seeds: Uint8Array, width: number, height: number): Float32Array {
  const INF = 1e20;
  const squared = new Float64Array(width * height);
  for (let i = 0; i < squared.length; i++) squared[i] = seeds[i] ? 0 : INF;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = squared[y * width + x]!;
    transform1D(f, height, d, v, z);
    for (let y = 0; y < height; y++) squared[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = squared[y * width + x]!;
    transform1D(f, width, d, v, z);
    for (let x = 0; x < width; x++) squared[y * width + x] = d[x]!;
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = squared[i]! >= INF ? Infinity : Math.sqrt(squared[i]!);
  return out;
}

/** Squared-distance transform of one row: d[q] = min_p (q - p)² + f[p]. */
function transform1D(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = intersection(f, q, v[k]!);
    while (s <= z[k]!) {
      k--;
      s = intersection(f, q, v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

function intersection(f: Float64Array, q: number, p: number): number {
  return (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
}
