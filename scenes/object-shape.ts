import type { ObjectShape } from '../src/world/world-model.ts';
import { CATALOG, findProduct } from './catalog.ts';
import { hullPointsM } from './hull-points.ts';
import { meshDataFromPositions, MeshError, type MeshData } from './mesh-data.ts';
import { SceneIssue } from './scene-error.ts';
import type { ObjectSpec, ResolvedMaterial } from './schema.ts';
import { shapeVolumeM3 } from './shape-geometry.ts';

/** What physics needs to spawn an object, beyond its id and pose. */
export interface ObjectPhysics {
  /** Catalog product name, when it came from one. */
  readonly type?: string;
  readonly shape: ObjectShape;
  readonly massKg: number;
  readonly friction: number;
  readonly restitution: number;
  readonly material: string;
  readonly tags: readonly string[];
  readonly preferredEffector?: 'gripper' | 'suction';
  readonly meshVerticesM?: Float32Array;
}

/** Where an object's materials and meshes come from. */
export interface ObjectShapeContext {
  readonly materials: Readonly<Record<string, ResolvedMaterial>>;
  /** Raw (unscaled) mesh triangles by resolved file path; see `loadScene`. */
  readonly meshPositions?: ReadonlyMap<string, Float32Array>;
  /** Turns a mesh path from the file into the key of `meshPositions` (relative to the scene file). */
  readonly resolvePath?: (file: string) => string;
}

/** A mesh enclosing less than this (a cubic millimetre) has no volume a density could turn into a mass, m³. */
const MIN_MESH_VOLUME_M3 = 1e-9;

type ObjectEntry = Pick<ObjectSpec, 'product' | 'shape' | 'material' | 'massKg' | 'densityKgM3' | 'friction' | 'tags'>;

/**
 * Resolves an object entry to its shape, mass and surface: catalog values first, then the entry's overrides.
 * Throws a `SceneIssue` with a path relative to the entry.
 */
export function objectShape(entry: ObjectEntry, ctx: ObjectShapeContext): ObjectPhysics {
  const material = entry.material === undefined ? undefined : ctx.materials[entry.material];
  if (entry.material !== undefined && !material) {
    throw new SceneIssue(
      ['material'],
      `unknown material '${entry.material}' (known: ${Object.keys(ctx.materials).join(', ')})`,
    );
  }
  if (entry.product !== undefined) {
    const product = findProduct(entry.product);
    if (!product) {
      throw new SceneIssue(
        ['product'],
        `unknown product '${entry.product}' (known: ${[...CATALOG.keys()].join(', ')})`,
      );
    }
    const massKg =
      entry.massKg ??
      (entry.densityKgM3 !== undefined ? entry.densityKgM3 * shapeVolumeM3(product.shape) : product.massKg);
    const materialName = entry.material ?? product.material;
    return {
      type: product.name,
      shape: product.shape,
      massKg,
      friction: entry.friction ?? material?.friction ?? product.friction,
      restitution: ctx.materials[materialName]?.restitution ?? 0,
      material: materialName,
      tags: unique([...product.tags, ...(entry.tags ?? [])]),
      preferredEffector: product.preferredEffector,
    };
  }
  const spec = entry.shape;
  if (!spec) throw new SceneIssue(['product'], 'give exactly one of product or shape');
  let shape: ObjectShape;
  let meshVolumeM3 = 0;
  let meshVerticesM: Float32Array | undefined;
  if (spec.kind === 'mesh') {
    const key = ctx.resolvePath ? ctx.resolvePath(spec.file) : spec.file;
    const raw = ctx.meshPositions?.get(key);
    if (!raw)
      throw new SceneIssue(['shape', 'file'], `mesh '${spec.file}' was not loaded (load the scene with loadScene)`);
    let mesh: MeshData;
    try {
      mesh = meshDataFromPositions(key, raw, spec.scale);
    } catch (e) {
      if (e instanceof MeshError) throw new SceneIssue(['shape', 'file'], `mesh ${key}: ${e.reason}`);
      throw e;
    }
    shape = { kind: 'mesh', file: key, boundsM: mesh.boundsM };
    meshVolumeM3 = mesh.volumeM3;
    meshVerticesM = hullPointsM(mesh.verticesM);
    const densityFrom =
      entry.densityKgM3 !== undefined ? 'densityKgM3' : material?.densityKgM3 !== undefined ? 'material' : undefined;
    if (entry.massKg === undefined && densityFrom !== undefined && !(meshVolumeM3 > MIN_MESH_VOLUME_M3)) {
      throw new SceneIssue(
        [densityFrom],
        `mesh ${key} encloses no volume (${raw.length / 9} triangle(s), open or flat), so a density gives it no mass: give massKg`,
      );
    }
  } else {
    shape = spec;
  }
  const materialName = entry.material ?? 'default';
  const densityKgM3 = entry.densityKgM3 ?? material?.densityKgM3;
  const massKg =
    entry.massKg ?? (densityKgM3 !== undefined ? densityKgM3 * shapeVolumeM3(shape, meshVolumeM3) : undefined);
  if (massKg === undefined || !(massKg > 0)) {
    throw new SceneIssue(['massKg'], 'an explicit shape needs massKg, densityKgM3 or a material with densityKgM3');
  }
  return {
    shape,
    massKg,
    friction: entry.friction ?? material?.friction ?? ctx.materials['default']?.friction ?? 0.6,
    restitution: ctx.materials[materialName]?.restitution ?? 0,
    material: materialName,
    tags: unique(entry.tags ?? []),
    ...(meshVerticesM ? { meshVerticesM } : {}),
  };
}

function unique(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
