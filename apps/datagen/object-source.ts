import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { CATALOG } from '../../scenes/catalog.ts';
import { Vector3 } from 'three';
import { ConvexGeometry } from 'three/examples/jsm/geometries/ConvexGeometry.js';
import { hullPointsM } from '../../scenes/hull-points.ts';
import { meshDataFromPositions } from '../../scenes/mesh-data.ts';
import { readMeshFile } from '../../scenes/mesh-loader.ts';
import { SCENE_LIMITS } from '../../scenes/scene-limits.ts';
import type { SimShape } from '../../sim/shapes.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';
import { primitiveTriangles } from './primitive-mesh.ts';

/** An object to generate grasps for, at its nominal size (scale 1), centred on its bounding box. */
export interface DatagenObject {
  /** Unique, file-safe id: the catalog name or the mesh file's base name. */
  readonly name: string;
  readonly massKg: number;
  readonly friction: number;
  /** Surface triangles, object frame. */
  readonly triangles: Float32Array;
  /** The physics shape: the exact primitive, or a mesh's convex hull. */
  readonly shape: SimShape;
  /** The object frame's origin (bounding-box centre) in the mesh file's frame, so transforms can be given in the file's frame. */
  readonly fileCentreM: readonly [number, number, number];
  /** Mesh file to copy next to the data, or undefined when the OBJ is generated from the primitive. */
  readonly sourceFile?: string;
  /** Metres per mesh-file unit (`--mesh-scale`, e.g. 0.001 for millimetres); 1 for generated OBJs. */
  readonly fileScale: number;
}

/** Mesh files a folder may hold. */
const MESH_EXTENSIONS = new Set(['.obj', '.stl', '.glb']);
/** Solid plastic-ish default for meshes with no mass given: kg/m³. */
const DEFAULT_DENSITY_KG_M3 = 400;
const DEFAULT_FRICTION = 0.5;

/** Where `loadObjects` reports what it does to a mesh beyond reading it (a dense mesh taken through its hull). */
export type NoticeSink = (line: string) => void;

/**
 * Resolves `--objects`: a folder of OBJ/STL/GLB files, `catalog` (every product), or a comma list of catalog
 * names. Folder meshes are scaled by `meshScale` (e.g. 0.001 for millimetres). Two entries whose ids would be the
 * same (`my part.obj` and `my_part.obj`, `a.obj` and `a.stl`, a name listed twice) are refused: their files
 * would overwrite each other.
 */
export async function loadObjects(
  spec: string,
  cwd: string,
  meshScale = 1,
  notice: NoticeSink = () => {},
): Promise<DatagenObject[]> {
  const path = resolve(cwd, spec);
  if (existsDir(path)) {
    const files = readdirSync(path)
      .filter((f) => MESH_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort();
    if (files.length === 0) throw new Error(`${spec} holds no .obj, .stl or .glb file`);
    checkDistinctIds(files.map((f) => ({ id: meshObjectName(f), source: join(path, f) })));
    // One at a time: a folder of large meshes would otherwise hold all of them in memory at once.
    const objects: DatagenObject[] = [];
    for (const f of files) objects.push(await meshObject(join(path, f), meshScale, notice));
    return objects;
  }
  const names =
    spec === 'catalog'
      ? [...CATALOG.keys()]
      : spec
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  checkDistinctIds(names.map((name) => ({ id: name, source: `"${name}"` })));
  return names.map((name) => {
    const product = CATALOG.get(name);
    if (product === undefined) {
      throw new Error(`"${name}" is neither a folder nor a catalog product (known: ${[...CATALOG.keys()].join(', ')})`);
    }
    return primitiveObject(name, product.shape, product.massKg, product.friction);
  });
}

/** A catalog-style primitive object. */
export function primitiveObject(name: string, shape: ObjectShape, massKg: number, friction: number): DatagenObject {
  return {
    name,
    massKg,
    friction,
    triangles: primitiveTriangles(shape),
    shape: simShape(shape),
    fileCentreM: [0, 0, 0],
    fileScale: 1,
  };
}

function simShape(shape: ObjectShape): SimShape {
  switch (shape.kind) {
    case 'box':
      return { kind: 'box', halfExtentsM: [shape.sizeM[0] / 2, shape.sizeM[1] / 2, shape.sizeM[2] / 2] };
    case 'cylinder':
      return { kind: 'cylinder', radiusM: shape.radiusM, heightM: shape.heightM };
    case 'sphere':
      return { kind: 'sphere', radiusM: shape.radiusM };
    default:
      throw new Error(`unsupported primitive ${shape.kind}`);
  }
}

/** The object id of a mesh file: its base name, made file-safe. */
export function meshObjectName(file: string): string {
  return basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * Refuses two objects whose ids are equal, ignoring case (the dataset's `grasps/<id>.h5` would be one file on a
 * case-insensitive disk, and one file here).
 */
function checkDistinctIds(entries: readonly { id: string; source: string }[]): void {
  const seen = new Map<string, string>();
  for (const { id, source } of entries) {
    const first = seen.get(id.toLowerCase());
    if (first !== undefined) {
      throw new Error(`${first} and ${source} both give the object id "${id}" (grasps/${id}.h5): rename one of them`);
    }
    seen.set(id.toLowerCase(), source);
  }
}

async function meshObject(file: string, meshScale: number, notice: NoticeSink): Promise<DatagenObject> {
  const raw = await readMeshFile(file);
  const mesh = meshDataFromPositions(file, raw, meshScale);
  const triangles = raw.length / 9;
  const dense = triangles > SCENE_LIMITS.hullInputTriangles;
  // Said before the work: finding the extreme points of a million-triangle mesh takes seconds.
  if (dense) {
    notice(
      `${file}: ${triangles} triangles (over ${SCENE_LIMITS.hullInputTriangles}): grasps are sampled and tested on ` +
        `its convex hull of at most ${SCENE_LIMITS.hullPoints} extreme points`,
    );
  }
  const hull = hullPointsM(mesh.verticesM);
  return {
    name: meshObjectName(file),
    massKg: Math.max(0.01, DEFAULT_DENSITY_KG_M3 * mesh.volumeM3),
    friction: DEFAULT_FRICTION,
    // Physics sees the hull either way; for a dense mesh, sampling on it keeps ray casts over ~2000 triangles.
    triangles: dense ? hullTrianglesM(hull) : mesh.verticesM,
    shape: { kind: 'convex', pointsM: hull },
    fileCentreM: boundsCentre(raw, meshScale),
    sourceFile: file,
    fileScale: meshScale,
  };
}

/** The triangle soup of the convex hull of `pointsM` (for sampling a dense mesh through its hull). */
function hullTrianglesM(pointsM: Float32Array): Float32Array {
  const points: Vector3[] = [];
  for (let i = 0; i < pointsM.length; i += 3) points.push(new Vector3().fromArray(pointsM, i));
  return Float32Array.from(new ConvexGeometry(points).getAttribute('position').array as ArrayLike<number>);
}

/** The scaled file-frame bounding-box centre, which the mesh loader subtracts. */
function boundsCentre(raw: Float32Array, scale: number): [number, number, number] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]! * scale;
    lo[i % 3] = Math.min(lo[i % 3]!, v);
    hi[i % 3] = Math.max(hi[i % 3]!, v);
  }
  return [(lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2];
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
