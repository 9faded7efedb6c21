import { Box3, Vector3 } from 'three';
import { SCENE_LIMITS } from './scene-limits.ts';

/** Triangles of a mesh, scaled and centred on their bounding box, ready for a convex hull. */
export interface MeshData {
  readonly file: string;
  /** Triangle soup: x, y, z of 3 vertices per triangle, in metres, bounding-box centre at the origin. */
  readonly verticesM: Float32Array;
  readonly boundsM: readonly [number, number, number];
  /** Enclosed volume when the mesh is closed (|signed volume| otherwise), m³. */
  readonly volumeM3: number;
}

/** A mesh file that cannot be used; `reason` says why without the file name, for callers that name it. */
export class MeshError extends Error {
  override readonly name = 'MeshError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Checks raw triangle positions: some triangles, not too many (`SCENE_LIMITS.maxMeshTriangles`), every coordinate
 * finite. A NaN vertex would otherwise surface as an object that "intersects by Infinity mm".
 */
export function checkMeshPositions(file: string, raw: Float32Array): void {
  if (raw.length === 0 || raw.length % 9 !== 0) {
    throw new MeshError(file, 'the mesh has no triangles (an empty file, or not a mesh)');
  }
  const triangles = raw.length / 9;
  if (triangles > SCENE_LIMITS.maxMeshTriangles) {
    throw new MeshError(
      file,
      `${triangles} triangles, more than the ${SCENE_LIMITS.maxMeshTriangles} a mesh may have ` +
        '(SCENE_LIMITS.maxMeshTriangles): simplify it first',
    );
  }
  for (let i = 0; i < raw.length; i++) {
    if (!Number.isFinite(raw[i])) {
      throw new MeshError(
        file,
        `triangle ${Math.floor(i / 9) + 1} has a vertex coordinate that is not a finite number (${raw[i]})`,
      );
    }
  }
}

/** Scales and centres raw triangle positions and measures them. */
export function meshDataFromPositions(
  file: string,
  raw: Float32Array,
  scale: number | readonly [number, number, number] = 1,
): MeshData {
  checkMeshPositions(file, raw);
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
  const largestM = Math.max(size.x, size.y, size.z);
  if (!(largestM <= SCENE_LIMITS.maxLengthM)) {
    throw new MeshError(
      file,
      `the scaled mesh is ${largestM.toPrecision(3)} m across, more than ${SCENE_LIMITS.maxLengthM} m: check its scale`,
    );
  }
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
