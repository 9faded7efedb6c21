import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { objectPaths } from '../dataset-finalize.ts';
import { runDatagen, runKeyOf, type DatagenRunOptions, type DatagenSummary } from '../datagen-run.ts';
import type { DatagenObject } from '../object-source.ts';
import { readRunSpec, type RunSpec } from '../run-spec.ts';
import { folderStorage } from '../shard-storage.ts';
import { collectingExecutor } from './collect.ts';

/** A shard folder found under `<out>/shards/`. */
export interface FoundShard {
  readonly folder: string;
  readonly spec: RunSpec;
}

/** What `--merge` did: the run's summary, and the shard folders it read. */
export interface MergeSummary extends DatagenSummary {
  readonly shards: readonly FoundShard[];
  readonly objectsSpec: string;
  readonly spec: RunSpec;
}

/** Options of a merge: the dataset folder and what a run takes besides its objects and settings. */
export type MergeOptions = Omit<DatagenRunOptions, 'objects' | 'objectsSpec' | 'settings' | 'executor' | 'select'>;

/**
 * `--merge`: builds the dataset in `<out>` from the shard folders under `<out>/shards/` (static shards'
 * `<i>-of-<n>/`, the queue's `queue/`). The run (objects, settings) comes from the shards' own descriptions, which
 * must all be of one run. Every chunk is taken from a shard and recorded in `<out>/work/` like a chunk run here, then
 * the ordinary finalize writes the files: the same bytes as a single-machine run with the same seed. Chunks no
 * shard holds leave the dataset incomplete (`complete: false`); merging again after more shards finish completes it.
 */
export async function mergeShards(options: MergeOptions): Promise<MergeSummary> {
  const shards = findShards(options.outDir);
  const [first] = shards;
  if (first === undefined) {
    throw new Error(
      `${options.outDir}: no shards to merge (no folder under ${join(options.outDir, 'shards')} holds work/run.json)`,
    );
  }
  for (const other of shards.slice(1)) {
    if (JSON.stringify(other.spec.runKey) !== JSON.stringify(first.spec.runKey)) {
      throw new Error(
        `${other.folder} and ${first.folder} hold shards of different runs (other objects or settings): ` +
          'merge shards of one run only',
      );
    }
  }
  const { spec } = first;
  const objects = spec.objects.map((o) => withMeshCopy(o, options.outDir, shards));
  if (JSON.stringify(runKeyOf(objects, spec.objectsSpec, spec.settings)) !== JSON.stringify(spec.runKey)) {
    throw new Error(`${first.folder} was made by another version of embody datagen: merge it with that version`);
  }
  const summary = await runDatagen({
    ...options,
    objects,
    objectsSpec: spec.objectsSpec,
    settings: spec.settings,
    executor: collectingExecutor(
      shards.map((s) => folderStorage(s.folder)),
      options.warn,
    ),
  });
  return { ...summary, shards, objectsSpec: spec.objectsSpec, spec };
}

/** The shard folders under `<out>/shards/` that hold a run description, in name order. */
export function findShards(outDir: string): FoundShard[] {
  const root = join(outDir, 'shards');
  if (!isDir(root)) return [];
  return readdirSync(root)
    .sort()
    .map((name) => join(root, name))
    .filter(isDir)
    .flatMap((folder) => {
      const spec = readRunSpec(folder);
      return spec === undefined ? [] : [{ folder, spec }];
    });
}

/**
 * A mesh object whose mesh is read from a copy that exists: the dataset's own (already exported), else the first
 * shard folder's. Static shards copy the meshes into their folders; a queue run exports them into the dataset.
 */
function withMeshCopy(object: DatagenObject, outDir: string, shards: readonly FoundShard[]): DatagenObject {
  if (object.sourceFile === undefined) return object;
  const mesh = objectPaths({ object }).mesh;
  const copies = [outDir, ...shards.map((s) => s.folder)].map((folder) => join(folder, mesh));
  const found = copies.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `the mesh of ${object.name} is in no shard folder (looked for ${copies.map((c) => relative(outDir, c)).join(', ')})`,
    );
  }
  return { ...object, sourceFile: found };
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
