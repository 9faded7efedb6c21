import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialResult } from '../../sim/grasp-trial/types.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** The resumable state of a run: its settings and the chunks whose results are on disk. */
export interface Manifest {
  readonly generator: string;
  /** Everything that fixes the trials; a resumed run must match it exactly. */
  readonly settings: unknown;
  /** Finished chunks as `object:chunk`, sorted. */
  readonly done: string[];
}

/** Key of a chunk in the manifest and its file name. */
export function chunkKey(objectIndex: number, chunk: number): string {
  return `${objectIndex}:${chunk}`;
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
   * Temp files of a killed run are removed; a chunk file the manifest does not list is simply run again.
   */
  static open(outDir: string, generator: string, settings: unknown): ChunkStore {
    const dir = join(outDir, 'work');
    const path = join(dir, 'manifest.json');
    if (existsSync(dir))
      for (const f of readdirSync(dir)) if (f.includes('.tmp-')) rmSync(join(dir, f), { force: true });
    if (existsSync(path)) {
      const old = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (JSON.stringify(old.settings) !== JSON.stringify(settings)) {
        throw new Error(`datagen: ${outDir} holds a run with other settings; use another --out or delete it`);
      }
      const done = old.done.filter((key) => existsSync(join(dir, chunkFile(key))));
      return new ChunkStore(dir, { ...old, done });
    }
    const store = new ChunkStore(dir, { generator, settings, done: [] });
    store.save();
    return store;
  }

  /** True when the chunk's results are on disk. */
  has(objectIndex: number, chunk: number): boolean {
    return this.manifest.done.includes(chunkKey(objectIndex, chunk));
  }

  get doneCount(): number {
    return this.manifest.done.length;
  }

  /** Records a finished chunk: its file first, then the manifest, each atomically. */
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

function chunkFile(key: string): string {
  return `chunk-${key.replace(':', '-')}.json`;
}
