import type { SimShape } from '../shapes.ts';

// A crowned pad: a bench-only option of the jaw's contact model (bench/verify-agreement.ts, BENCH_PAD_CROWN_MM),
// measured against the MuJoCo referee for issue 13. Rapier touches a flat pad at the ends of a can's contact line
// and at the corners of a box face's overlap, whose own friction resists spin about twice what a uniformly pressed
// patch would (pad-spin.ts); a crowned face is touched on a small facet at its centre instead, so the patch's spin
// friction comes from `resistPadSpin` alone. The default pad stays a flat box.

/** Grid spacing of the crowned face, m: the facet Rapier touches is this wide, centred on the pad. */
export const PAD_CROWN_FACET_M = 0.0025;

/**
 * A pad box of half extents `halfM` (x its thickness, y its width, z its length) whose face towards −`side`·x is a
 * spherical crown: flat at the centre (one facet `PAD_CROWN_FACET_M` square, in the box face's plane) and falling
 * away by `crownM` at the ends of its length (z = ±half length), as a convex hull of the face's grid points and the
 * back face's corners. The pad's closed position, outline and back are the box's.
 */
export function crownedPadShape(halfM: readonly [number, number, number], crownM: number, side: 1 | -1): SimShape {
  if (!(crownM > 0 && crownM < halfM[0]))
    throw new Error(`pad crown ${crownM} m is not between 0 and the pad's half thickness`);
  const [hx, hy, hz] = halfM;
  const ys = gridAcross(hy);
  const zs = gridAcross(hz);
  const points: number[] = [];
  for (const y of [-hy, hy]) for (const z of [-hz, hz]) points.push(side * hx, y, z);
  for (const y of ys)
    for (const z of zs) {
      const recess = (crownM * (y * y + z * z)) / (hz * hz);
      points.push(-side * (hx - recess), y, z);
    }
  return { kind: 'convex', pointsM: new Float32Array(points) };
}

/** Grid lines over [−half, half]: half a facet either side of the centre, a facet apart, and the edges. */
function gridAcross(halfM: number): number[] {
  const out: number[] = [];
  for (let v = PAD_CROWN_FACET_M / 2; v < halfM - 1e-6; v += PAD_CROWN_FACET_M) out.push(v, -v);
  out.push(halfM, -halfM);
  return out.sort((a, b) => a - b);
}
