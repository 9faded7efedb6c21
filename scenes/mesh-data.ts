import { Box3, Vector3 } from 'three';

/** Triangles of a mesh, scaled and centred on their bounding box, ready for a convex hull. */
export interface MeshData {
  readonly file: string;
  /** Triangle soup: x, y, z of 3 vertices per triangle, in metres, bounding-box centre at the origin. */
  readonly verticesM: Float32Array;
  readonly boundsM: readonly [number, number, number];
  /** Enclosed volume when the mesh is closed (|signed volume| otherwise), m³. */
  readonly volumeM3: number;
}

/** Scales and centres raw triangle positions and measures them. */
export function meshDataFromPositions(
  file: string,
  raw: Float32Array,
  scale: number | readonly [number, number, number] = 1,
): MeshData {
  if (raw.length === 0 || raw.length % 9 !== 0) throw new Error(`${file}: mesh has no triangles`);
  const [sx, sy, sz] = typeof scale === 'number' ? [scale, scale, scale] : scale;
  const verticesM = new Float32Array(raw.length);
  const box = new Box3();
  const v = new Vector3();
  for (let i = 0; i < raw.length; i += 3) {
    v.set(raw[i]! * sx, raw[i + 1]! * sy, raw[i + 2]! * sz);
    box.expandByPoint(v);
  }
  const centre = box.getCenter(new Vector3());
  for (let i = 0; i < raw.length; i += 3) {
    verticesM[i] = raw[i]! * sx - centre.x;
    verticesM[i + 1] = raw[i + 1]! * sy - centre.y;
    verticesM[i + 2] = raw[i + 2]! * sz - centre.z;
  }
  const size = box.getSize(new Vector3());
  return { file, verticesM, boundsM: [size.x, size.y, size.z], volumeM3: Math.abs(signedVolume(verticesM)) };
}

/** Divergence theorem over the triangles: sum of signed tetrahedra to the origin. */
function signedVolume(tris: Float32Array): number {
  let sum = 0;
  const a = new Vector3();
  const b = new Vector3();
  const c = new Vector3();
  for (let i = 0; i < tris.length; i += 9) {
    a.fromArray(tris, i);
    b.fromArray(tris, i + 3);
    c.fromArray(tris, i + 6);
    sum += a.dot(b.cross(c));
  }
  return sum / 6;
}
