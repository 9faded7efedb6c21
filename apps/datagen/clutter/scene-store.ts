import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { readManifest, type WarningSink } from '../manifest.ts';

/** What the manifest keeps of a finished scene (for counts after a resume). */
export interface SceneRecord {
  readonly index: number;
  /** Relative to the dataset root. */
  readonly file: string;
  readonly objects: number;
  readonly points: number;
  readonly grasps: number;
  readonly collisionFree: number;
  readonly collisionFreeSuccesses: number;
  readonly escaped: number;
  readonly atRest: boolean;
}

interface SceneManifest {
  readonly settings: unknown;
  readonly done: SceneRecord[];
}

/** Path of scene `k`'s file relative to the dataset root. */
export function sceneFile(k: number): string {
  return `scenes/scene_${k}.h5`;
}

/**
 * The scenes' part of the run's bookkeeping, `<out>/work/scenes-manifest.json`: finished scenes are listed after
 * their file is renamed into place, so a resumed run skips them and redoes only a scene cut off mid-write.
 */
export class SceneStore {
  private constructor(
    private readonly outDir: string,
    private manifest: SceneManifest,
  ) {}

  /**
   * Opens (or starts) the manifest; refuses one written with other scene or trial settings. A damaged manifest
   * (emptied or cut short outside the run) is named through `warn` and the scenes are made again.
   */
  static open(outDir: string, settings: unknown, warn: WarningSink = () => {}): SceneStore {
    const path = join(outDir, 'work', 'scenes-manifest.json');
    const fresh = (): SceneStore => {
      const store = new SceneStore(outDir, { settings, done: [] });
      store.save();
      return store;
    };
    const old = readManifest<SceneManifest>(path, warn, 'making the scenes again');
    if (old?.done === undefined) return fresh();
    if (JSON.stringify(old.settings) !== JSON.stringify(settings)) {
      throw new Error(
        `${outDir} holds scenes made with other settings; use another --out or delete ${join(outDir, 'scenes')} and ${path}`,
      );
    }
    return new SceneStore(outDir, {
      settings: old.settings,
      done: old.done.filter((r) => existsSync(join(outDir, r.file))),
    });
  }

  has(k: number): boolean {
    return this.manifest.done.some((r) => r.index === k);
  }

  /** Records a finished scene whose file is in place. */
  put(record: SceneRecord): void {
    this.manifest = {
      ...this.manifest,
      done: [...this.manifest.done.filter((r) => r.index !== record.index), record].sort((a, b) => a.index - b.index),
    };
    this.save();
  }

  /** Finished scenes among 0..count-1, in order. */
  records(count: number): SceneRecord[] {
    return this.manifest.done.filter((r) => r.index < count);
  }

  private save(): void {
    writeFileAtomic(join(this.outDir, 'work', 'scenes-manifest.json'), `${JSON.stringify(this.manifest, null, 1)}\n`);
  }
}
