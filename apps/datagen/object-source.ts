import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { CATALOG } from '../../scenes/catalog.ts';
import { meshDataFromPositions } from '../../scenes/mesh-data.ts';
import { parseMeshFile } from '../../scenes/mesh-loader.ts';
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

/**
 * Resolves `--objects`: a folder of OBJ/STL/GLB files, `catalog` (every product), or a comma list of catalog
 * names. Folder meshes are scaled by `meshScale` (e.g. 0.001 for millimetres).
 */
export async function loadObjects(spec: string, cwd: string, meshScale = 1): Promise<DatagenObject[]> {
  const path = resolve(cwd, spec);
  if (existsDir(path)) {
    const files = readdirSync(path)
      .filter((f) => MESH_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort();
    if (files.length === 0) throw new Error(`datagen: ${spec} holds no .obj, .stl or .glb file`);
    return Promise.all(files.map((f) => meshObject(join(path, f), meshScale)));
  }
  const names =
    spec === 'catalog'
      ? [...CATALOG.keys()]
      : spec
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  return names.map((name) => {
    const product = CATALOG.get(name);
    if (product === undefined) {
      throw new Error(
        `datagen: "${name}" is neither a folder nor a catalog product (known: ${[...CATALOG.keys()].join(', ')})`,
      );
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
      throw new Error(`datagen: unsupported primitive ${shape.kind}`);
  }
}

async function meshObject(file: string, meshScale: number): Promise<DatagenObject> {
  const bytes = readFileSync(file);
  const raw = await parseMeshFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), file);
  const mesh = meshDataFromPositions(file, raw, meshScale);
  return {
    name: basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]/g, '_'),
    massKg: Math.max(0.01, DEFAULT_DENSITY_KG_M3 * mesh.volumeM3),
    friction: DEFAULT_FRICTION,
    triangles: mesh.verticesM,
    shape: { kind: 'convex', pointsM: mesh.verticesM },
    fileCentreM: boundsCentre(raw, meshScale),
    sourceFile: file,
    fileScale: meshScale,
  };
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
