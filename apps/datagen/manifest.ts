import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialResult } from '../../sim/grasp-trial/types.ts';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.ts';

/** The resumable state of a run: its settings and the chunks whose results are on disk. */
export interface Manifest {
  readonly generator: string;
  /** Everything that fixes the trials; a resumed run must match it exactly. */
  readonly settings: unknown;
  /** Finished chunks as `object:chunk`, sorted. */
  readonly done: string[];
}

/** Where a store reports what it found damaged and will redo (the CLI's stderr). */
export type WarningSink = (line: string) => void;

/** Key of a chunk in the manifest and its file name. */
export function chunkKey(objectIndex: number, chunk: number): string {
  return `${objectIndex}:${chunk}`;
}

/**
 * Reads a JSON file the run wrote; a file cut short or emptied by something outside the run (a disk that filled
 * before fsync existed, a crash of the machine, a hand edit) gives `{ damaged: reason }` instead of throwing.
 */
export function readJsonFile(path: string): { value: unknown } | { damaged: string } {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.trim() === '') return { damaged: 'it is empty' };
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { damaged: (error as Error).message };
  }
}

/**
 * Reads a manifest (anything with a `done` list). Undefined when there is none, or when it is damaged: then `warn`
 * names it and `redo` says what happens instead ("starting the run over").
 */
export function readManifest<T extends { readonly done: readonly unknown[] }>(
  path: string,
  warn: WarningSink,
  redo: string,
): Partial<T> | undefined {
  if (!existsSync(path)) return undefined;
  const read = readJsonFile(path);
  const old = 'value' in read ? (read.value as Partial<T> | null) : undefined;
  if (old !== undefined && old !== null && Array.isArray(old.done)) return old;
  warn(`${path} is damaged (${'damaged' in read ? read.damaged : 'it is not a manifest'}): ${redo}`);
  return undefined;
}

/** The run's bookkeeping under `<out>/work/`: chunk result files and the manifest that lists them. */
export class ChunkStore {
  private readonly manifestPath: string;
  private manifest: Manifest;

  private constructor(
    private readonly dir: string,
    manifest: Manifest,
  ) {
    this.manifestPath = join(dir, 'manifest.json');
    this.manifest = manifest;
  }

  /**
   * Opens the store; resumes when a manifest with identical settings exists, refuses when the settings differ.
   * A damaged manifest starts the run over, and a damaged chunk file is run again; each is named through `warn`.
   * Temp files of a killed run are removed; a chunk file the manifest does not list is simply run again.
   */
  static open(outDir: string, generator: string, settings: unknown, warn: WarningSink = () => {}): ChunkStore {
    const dir = join(outDir, 'work');
    const path = join(dir, 'manifest.json');
    removeStaleTemps(dir);
    const fresh = (): ChunkStore => {
      const store = new ChunkStore(dir, { generator, settings, done: [] });
      store.save();
      return store;
    };
    const old = readManifest<Manifest>(path, warn, 'starting the run over');
    if (old?.done === undefined) return fresh();
    if (JSON.stringify(old.settings) !== JSON.stringify(settings)) {
      throw new Error(`${outDir} holds a run with other settings; use another --out or delete it`);
    }
    const done = old.done.filter((key): key is string => {
      if (typeof key !== 'string') return false;
      const file = join(dir, chunkFile(key));
      if (!existsSync(file)) return false;
      const damage = chunkDamage(file);
      if (damage !== undefined) warn(`${file} is damaged (${damage}): running chunk ${key} again`);
      return damage === undefined;
    });
    const store = new ChunkStore(dir, { generator: old.generator ?? generator, settings: old.settings, done });
    if (done.length !== old.done.length) store.save();
    return store;
  }

  /** True when the chunk's results are on disk. */
  has(objectIndex: number, chunk: number): boolean {
    return this.manifest.done.includes(chunkKey(objectIndex, chunk));
  }

  get doneCount(): number {
    return this.manifest.done.length;
  }

  /** Records a finished chunk: its file first, then the manifest, each atomically and fsynced. */
  put(objectIndex: number, chunk: number, results: readonly TrialResult[]): void {
    const key = chunkKey(objectIndex, chunk);
    writeFileAtomic(join(this.dir, chunkFile(key)), JSON.stringify(results));
    this.manifest = { ...this.manifest, done: [...this.manifest.done, key].sort() };
    this.save();
  }

  /** A finished chunk's results. */
  get(objectIndex: number, chunk: number): TrialResult[] {
    return JSON.parse(readFileSync(join(this.dir, chunkFile(chunkKey(objectIndex, chunk))), 'utf8')) as TrialResult[];
  }

  private save(): void {
    writeFileAtomic(this.manifestPath, `${JSON.stringify(this.manifest, null, 1)}\n`);
  }
}

/** Why a chunk file cannot be used, or undefined when it holds a list of trial results. */
function chunkDamage(file: string): string | undefined {
  const read = readChunkFile(file);
  return 'damaged' in read ? read.damaged : undefined;
}

/**
 * Reads a chunk result file: its results, or why they cannot be used (cut short, emptied, not trial results). Shard
 * storage reads the files workers wrote with it, so a chunk is judged the same way wherever it was run.
 */
export function readChunkFile(file: string): { results: TrialResult[] } | { damaged: string } {
  const read = readJsonFile(file);
  if ('damaged' in read) return read;
  const results = read.value;
  if (!Array.isArray(results) || results.length === 0) return { damaged: 'it holds no trial results' };
  const bad = results.findIndex((r) => typeof (r as Partial<TrialResult> | null)?.success !== 'boolean');
  return bad < 0 ? { results: results as TrialResult[] } : { damaged: `result ${bad} is not a trial result` };
}

/** The name of a chunk's result file, the same in a run's `work/` and in a shard's storage. */
export function chunkFileName(objectIndex: number, chunk: number): string {
  return chunkFile(chunkKey(objectIndex, chunk));
}

function chunkFile(key: string): string {
  return `chunk-${key.replace(':', '-')}.json`;
}
