import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';
import type { RunIdentity } from './chunk-executor.ts';
import { objectPaths } from './dataset-finalize.ts';
import type { DatagenObject } from './object-source.ts';
import type { PlanSettings } from './object-plan.ts';

/**
 * A run's description, as a shard folder holds it (`work/run.json`): enough to plan every object again without the
 * command line, the mesh folder or the catalog, so a worker on another machine and `--merge` compute the same plans.
 * Objects are stored as loaded (triangles and hull as exact float32 bytes), not as the spec that named them.
 */
export interface RunSpec {
  readonly format: typeof RUN_SPEC_FORMAT;
  /** Names the run and where its dataset goes; queue job ids start with it. */
  readonly runId: string;
  readonly objectsSpec: string;
  /** The manifest's settings: what a resumed or merged run must match exactly. */
  readonly runKey: unknown;
  readonly settings: PlanSettings;
  readonly objects: readonly DatagenObject[];
}

const RUN_SPEC_FORMAT = 'embody-datagen-run/1';

/** Where a shard folder keeps its run description. */
export function runSpecPath(folder: string): string {
  return join(folder, 'work', 'run.json');
}

/** The run's id: a hash of what fixes its trials and of where its dataset goes. */
export function runIdOf(runKey: unknown, outDir: string): string {
  return createHash('sha256').update(JSON.stringify({ runKey, outDir })).digest('hex').slice(0, 16);
}

/** The run description of a run. */
export function runSpecOf(run: RunIdentity, settings: PlanSettings): RunSpec {
  return {
    format: RUN_SPEC_FORMAT,
    runId: runIdOf(run.runKey, run.outDir),
    objectsSpec: run.objectsSpec,
    runKey: run.runKey,
    settings,
    objects: run.objects,
  };
}

/**
 * Writes the description into `folder` (atomically). Mesh objects keep only the dataset-relative name of their mesh
 * (`meshes/<name>.obj`): the folder's own copy, not the path on the machine that loaded them.
 */
export function writeRunSpec(folder: string, spec: RunSpec): void {
  const objects = spec.objects.map(({ sourceFile, ...object }) => ({
    ...object,
    ...(sourceFile === undefined ? {} : { meshFile: objectPaths({ object: { name: object.name, sourceFile } }).mesh }),
  }));
  writeFileAtomic(runSpecPath(folder), `${JSON.stringify({ ...spec, objects }, encodeFloats)}\n`);
}

const Floats = z.object({ f32: z.string() }).transform((f) => {
  const bytes = Buffer.from(f.f32, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
});

const ObjectSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a file-safe object id'),
    massKg: z.number().positive(),
    friction: z.number().nonnegative(),
    triangles: Floats,
    shape: z.looseObject({ kind: z.enum(['box', 'cylinder', 'sphere', 'capsule', 'convex']) }),
    fileCentreM: z.tuple([z.number(), z.number(), z.number()]),
    fileScale: z.number().positive(),
    meshFile: z.string().optional(),
  })
  .transform(({ shape, ...o }) => ({
    ...o,
    // A convex hull's points are float32 bytes like the triangles; the other shapes are plain numbers.
    shape: (shape.kind === 'convex'
      ? { kind: 'convex', pointsM: Floats.parse(shape.pointsM) }
      : shape) as DatagenObject['shape'],
  }));

const RunSpecSchema = z.object({
  format: z.literal(RUN_SPEC_FORMAT),
  runId: z.string().regex(/^[0-9a-f]{16}$/),
  objectsSpec: z.string(),
  runKey: z.unknown(),
  // Checked, then kept as written: a parsed copy would reorder keys, and info.json and the manifest keep their order.
  settings: z
    .unknown()
    .refine(
      (v) => z.looseObject({ chunkSize: z.number().int().positive(), seed: z.number().int() }).safeParse(v).success,
      'expected the run settings (chunkSize, seed, ...)',
    ),
  objects: z.array(ObjectSchema).min(1),
});

/**
 * Reads `folder`'s run description; undefined when there is none. Throws naming the file when it is damaged or not
 * one. A mesh object's `sourceFile` is set to the folder's copy of its mesh (which may be absent: a queue's shard
 * folder holds no meshes, the dataset folder does).
 */
export function readRunSpec(folder: string): RunSpec | undefined {
  const path = runSpecPath(folder);
  if (!existsSync(path)) return undefined;
  let parsed;
  try {
    parsed = RunSpecSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(`${path} is damaged (${(error as Error).message}): it is not a datagen run description`, {
      cause: error,
    });
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const spec = parsed.data;
  const objects = spec.objects.map(({ meshFile, ...object }): DatagenObject => ({
    ...object,
    ...(meshFile === undefined ? {} : { sourceFile: join(folder, meshFile) }),
  }));
  return { ...spec, settings: spec.settings as PlanSettings, objects };
}

/** Float32Arrays as base64 of their bytes: exact, and a third of the size of a JSON number list. */
function encodeFloats(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) {
    return { f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  return value;
}
