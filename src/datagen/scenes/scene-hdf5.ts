import { Worker } from 'node:worker_threads';
import { writeViaTemp } from '../atomic-write.ts';
import type { SceneData } from './make-scene.ts';
import { SCENE_COLUMNS } from './scene-schema.ts';

/** h5wasm spells numpy's dtypes the struct-module way. */
const H5WASM_DTYPE = { '<f4': '<f', '<f8': '<d', '<i4': '<i', '|u1': '<B' } as const;

/** One item for the HDF5 worker (`hdf5-worker.mjs`'s message format). */
type SceneItem =
  | { kind: 'dataset'; path: string; data: Float32Array | Float64Array | Int32Array | Uint8Array; shape: number[]; dtype: string }
  | { kind: 'string'; path: string; value: string[] };

/** The datasets of one scene file. */
export function sceneHdf5Items(scene: SceneData): SceneItem[] {
  return SCENE_COLUMNS.map((column): SceneItem => {
    const { data, shape } = column.value(scene);
    if (column.dtype === 'string') return { kind: 'string', path: column.path, value: data as string[] };
    return { kind: 'dataset', path: column.path, data: data as Float32Array, shape, dtype: H5WASM_DTYPE[column.dtype] };
  });
}

/** Writes scene files atomically through the datagen's plain-Node h5wasm worker. */
export class SceneHdf5Writer {
  private readonly worker = new Worker(new URL('../hdf5-worker.mjs', import.meta.url));
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private nextId = 0;

  constructor() {
    this.worker.on('message', (msg: { id: number; error?: string }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(`hdf5 writer: ${msg.error}`));
      else p?.resolve();
    });
    this.worker.on('error', (error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    });
  }

  /** Writes one scene file (temp file, then rename). */
  write(path: string, scene: SceneData): Promise<void> {
    return writeViaTemp(path, (tmp) => new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, path: tmp, items: sceneHdf5Items(scene) });
    }));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
