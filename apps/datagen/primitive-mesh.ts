import type { ObjectShape } from '../../src/world/world-model.ts';

const SEGMENTS = 32;

/** Triangle soup (outward winding) of a catalog primitive, centred on the origin, z up. */
export function primitiveTriangles(shape: ObjectShape): Float32Array {
  switch (shape.kind) {
    case 'box':
      return boxTriangles(shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2);
    case 'cylinder':
      return cylinderTriangles(shape.radiusM, shape.heightM / 2);
    case 'sphere':
      return sphereTriangles(shape.radiusM);
    default:
      throw new Error(`no surface mesh for a ${shape.kind} primitive (use a mesh file)`);
  }
}

function boxTriangles(hx: number, hy: number, hz: number): Float32Array {
  const c = (i: number): [number, number, number] => [i & 1 ? hx : -hx, i & 2 ? hy : -hy, i & 4 ? hz : -hz];
  // Faces as corner indices, counter-clockwise seen from outside.
  const quads = [
    [0, 2, 3, 1],
    [4, 5, 7, 6],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 4, 6, 2],
    [1, 3, 7, 5],
  ];
  const out: number[] = [];
  for (const [a, b, d, e] of quads as [number, number, number, number][])
    out.push(...c(a), ...c(b), ...c(d), ...c(a), ...c(d), ...c(e));
  return new Float32Array(out);
}

function cylinderTriangles(r: number, hz: number): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < SEGMENTS; i++) {
    const a0 = (2 * Math.PI * i) / SEGMENTS;
    const a1 = (2 * Math.PI * (i + 1)) / SEGMENTS;
    const p0 = [r * Math.cos(a0), r * Math.sin(a0)] as const;
    const p1 = [r * Math.cos(a1), r * Math.sin(a1)] as const;
    out.push(p0[0], p0[1], -hz, p1[0], p1[1], -hz, p1[0], p1[1], hz);
    out.push(p0[0], p0[1], -hz, p1[0], p1[1], hz, p0[0], p0[1], hz);
    out.push(0, 0, hz, p0[0], p0[1], hz, p1[0], p1[1], hz);
    out.push(0, 0, -hz, p1[0], p1[1], -hz, p0[0], p0[1], -hz);
  }
  return new Float32Array(out);
}

function sphereTriangles(r: number): Float32Array {
  const rings = SEGMENTS / 2;
  const at = (ring: number, seg: number): [number, number, number] => {
    const theta = (Math.PI * ring) / rings;
    const phi = (2 * Math.PI * seg) / SEGMENTS;
    return [r * Math.sin(theta) * Math.cos(phi), r * Math.sin(theta) * Math.sin(phi), r * Math.cos(theta)];
  };
  const out: number[] = [];
  for (let ring = 0; ring < rings; ring++) {
    for (let seg = 0; seg < SEGMENTS; seg++) {
      const a = at(ring, seg),
        b = at(ring + 1, seg),
        c = at(ring + 1, seg + 1),
        d = at(ring, seg + 1);
      if (ring > 0) out.push(...a, ...b, ...d);
      if (ring < rings - 1) out.push(...b, ...c, ...d);
    }
  }
  return new Float32Array(out);
}

/** A triangle soup as Wavefront OBJ text (one vertex per corner, as written). */
export function trianglesToObj(triangles: Float32Array, comment: string): string {
  const lines = [`# ${comment}`];
  for (let i = 0; i < triangles.length; i += 3) {
    lines.push(`v ${fmt(triangles[i]!)} ${fmt(triangles[i + 1]!)} ${fmt(triangles[i + 2]!)}`);
  }
  for (let f = 1; f <= triangles.length / 3; f += 3) lines.push(`f ${f} ${f + 1} ${f + 2}`);
  return `${lines.join('\n')}\n`;
}

function fmt(v: number): string {
  return (Math.round(v * 1e6) / 1e6).toString();
}
