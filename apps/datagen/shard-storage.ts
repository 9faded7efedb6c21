import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialResult } from '../../sim/grasp-trial/types.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { chunkFileName, readChunkFile } from './manifest.ts';
import { readRunSpec, writeRunSpec, type RunSpec } from './run-spec.ts';

/** A chunk read back from shard storage. */
export type StoredChunk =
  { readonly results: TrialResult[] } | { readonly missing: true } | { readonly damaged: string };

/**
 * Where shard outputs go: each finished chunk's results under a deterministic name (so a shard run twice replaces
 * its files, never adds to them), and the run description workers plan from. `folderStorage` is a shared folder;
 * an object store can implement the same four calls.
 */
export interface ShardStorage {
  /** Where it is, for messages (a path, a URL). */
  readonly location: string;
  /** Writes a chunk's results atomically: readers see the whole file or none. */
  putChunk(objectIndex: number, chunk: number, results: readonly TrialResult[]): Promise<void>;
  getChunk(objectIndex: number, chunk: number): Promise<StoredChunk>;
  /** Where a chunk's results are (or would be), for messages. */
  chunkLocation(objectIndex: number, chunk: number): string;
  putRun(spec: RunSpec): Promise<void>;
  /** The run description; undefined when none was written. */
  getRun(): Promise<RunSpec | undefined>;
}

/**
 * Shard storage in a folder laid out like a run's (`work/chunk-<object>-<chunk>.json`, `work/run.json`), so the
 * chunk files are the very files a single-machine run records, and a static shard's folder is one of these.
 */
export function folderStorage(dir: string): ShardStorage {
  const chunkPath = (o: number, c: number): string => join(dir, 'work', chunkFileName(o, c));
  return {
    location: dir,
    async putChunk(o, c, results) {
      writeFileAtomic(chunkPath(o, c), JSON.stringify(results));
    },
    async getChunk(o, c) {
      const path = chunkPath(o, c);
      if (!existsSync(path)) return { missing: true };
      return readChunkFile(path);
    },
    chunkLocation: chunkPath,
    async putRun(spec) {
      writeRunSpec(dir, spec);
    },
    async getRun() {
      return readRunSpec(dir);
    },
  };
}
