import { writeFileSync } from 'node:fs';

/** Triangle soup of a UV sphere of radius `radiusM` with `2 · around · down` triangles, wound outward. */
export function sphereSoup(radiusM: number, around: number, down: number): Float32Array {
  const point = (i: number, j: number): [number, number, number] => {
    const theta = (Math.PI * j) / down;
    const phi = (2 * Math.PI * i) / around;
    return [
      radiusM * Math.sin(theta) * Math.cos(phi),
      radiusM * Math.sin(theta) * Math.sin(phi),
      radiusM * Math.cos(theta),
    ];
  };
  const out = new Float32Array(around * down * 2 * 9);
  let k = 0;
  for (let i = 0; i < around; i++) {
    for (let j = 0; j < down; j++) {
      const a = point(i, j);
      const b = point(i + 1, j);
      const c = point(i + 1, j + 1);
      const d = point(i, j + 1);
      for (const v of [a, c, b, a, d, c]) out.set(v, 3 * k++);
    }
  }
  return out;
}

/** Writes a triangle soup as a binary STL file. */
export function writeBinaryStl(path: string, soup: Float32Array): void {
  const triangles = soup.length / 9;
  const out = Buffer.alloc(84 + 50 * triangles);
  out.writeUInt32LE(triangles, 80);
  for (let t = 0; t < triangles; t++) {
    const at = 84 + 50 * t + 12;
    for (let v = 0; v < 9; v++) out.writeFloatLE(soup[9 * t + v]!, at + 4 * v);
  }
  writeFileSync(path, out);
}
