import { Worker } from 'node:worker_threads';
import { writeViaTemp } from './atomic-write.ts';
import { HDF5_COLUMNS } from './dataset-schema.ts';
import { FAILURE_NAMES, type SampleRow } from './sample-rows.ts';

/** Per-object facts of an ACRONYM-style file. */
export interface ObjectHdf5 {
  /** Mesh path relative to the dataset root. */
  readonly meshFile: string;
  /** Multiplies the mesh file's vertices into metres at this object's size (file units × randomized scale). */
  readonly scale: number;
  readonly massKg: number;
  readonly friction: number;
  /** Of the scaled mesh, in the scaled mesh file's frame (ACRONYM's object/com, inertia, volume, density). */
  readonly comM: readonly [number, number, number];
  readonly inertiaKgM2: readonly number[];
  readonly volumeM3: number;
  readonly densityKgM3: number;
  readonly gripperName: string;
  /** ACRONYM's gripper/configuration: each finger's position at full opening. */
  readonly gripperConfiguration: readonly number[];
  /** The full gripper description (meta/info.json's `effector`), as JSON. */
  readonly gripperDescription: string;
  /** How the labels were made (meta/info.json's `physics`: Rapier build, finger joints, solver, protocol), as JSON. */
  readonly physicsDescription: string;
  readonly rows: readonly SampleRow[];
}

/** One thing to put in an HDF5 file (the worker's message format). */
export type Hdf5Item =
  | {
      readonly kind: 'dataset';
      readonly path: string;
      readonly data: Float32Array | Float64Array | Int32Array | Uint8Array;
      readonly shape: number[];
      readonly dtype: string;
    }
  | { readonly kind: 'string'; readonly path: string; readonly value: string | readonly string[] }
  | { readonly kind: 'attribute'; readonly path: string; readonly value: string };

const TYPED = { '<f8': Float64Array, '<i4': Int32Array, '|u1': Uint8Array } as const;
/** h5wasm spells numpy's dtypes the struct-module way. */
export const H5WASM_DTYPE = { '<f4': '<f', '<f8': '<d', '<i4': '<i', '|u1': '<B' } as const;

/** The items of one object's ACRONYM-compatible file. */
export function objectHdf5Items(data: ObjectHdf5): Hdf5Item[] {
  const n = data.rows.length;
  const items: Hdf5Item[] = HDF5_COLUMNS.map((column) => {
    const width = column.rowShape.reduce((a, b) => a * b, 1);
    const values = new TYPED[column.dtype](n * width);
    data.rows.forEach((row, i) => {
      const v = column.value(row);
      if (typeof v === 'number') values[i] = v;
      else values.set(v, i * width);
    });
    return {
      kind: 'dataset',
      path: column.path,
      data: values,
      shape: [n, ...column.rowShape],
      dtype: H5WASM_DTYPE[column.dtype],
    };
  });
  const scalar = (path: string, v: number): Hdf5Item => ({
    kind: 'dataset',
    path,
    data: new Float64Array([v]),
    shape: [],
    dtype: '<d',
  });
  const vector = (path: string, v: readonly number[], shape: number[]): Hdf5Item => ({
    kind: 'dataset',
    path,
    data: Float64Array.from(v),
    shape,
    dtype: '<d',
  });
  items.push(
    { kind: 'attribute', path: 'grasps/qualities/embody/failure_mode_names', value: FAILURE_NAMES.join(',') },
    { kind: 'string', path: 'object/file', value: data.meshFile },
    scalar('object/scale', data.scale),
    scalar('object/mass', data.massKg),
    scalar('object/friction', data.friction),
    vector('object/com', data.comM, [3]),
    vector('object/inertia', data.inertiaKgM2, [3, 3]),
    scalar('object/volume', data.volumeM3),
    scalar('object/density', data.densityKgM3),
    { kind: 'string', path: 'gripper/type', value: data.gripperName },
    vector('gripper/configuration', data.gripperConfiguration, [data.gripperConfiguration.length]),
    { kind: 'string', path: 'gripper/description', value: data.gripperDescription },
    { kind: 'string', path: 'physics/description', value: data.physicsDescription },
  );
  return items;
}

/**
 * Writes HDF5 files (object files and scene files) atomically through one plain-Node worker thread running h5wasm.
 * The worker checks every HDF5 call (h5wasm itself reports failures only as text on stderr) and keeps HDF5's error
 * stack off the terminal; a failed write rejects with one line naming the file, carrying the errno code (ENOSPC ...)
 * so the caller can say "no space left on <path>". The file being written is never renamed into place then.
 */
export class Hdf5Writer {
  private readonly worker = new Worker(new URL('./hdf5-worker.mjs', import.meta.url));
  private readonly pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private nextId = 0;
  private closing = false;

  constructor() {
    this.worker.on('message', (msg: { id: number; error?: string; code?: string }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(Object.assign(new Error(msg.error), { code: msg.code }));
      else p?.resolve();
    });
    this.worker.on('error', (error) => this.failAll(error));
    // A thread that exits without an error event (killed, out of memory) must not leave writes waiting forever.
    this.worker.on('exit', (code) => {
      if (!this.closing) this.failAll(new Error(`hdf5 writer thread exited with code ${code}`));
    });
  }

  /** Writes one object's file (temp file, then rename). */
  writeObject(path: string, data: ObjectHdf5): Promise<void> {
    return this.writeItems(path, objectHdf5Items(data));
  }

  /** Writes a file of the given items (temp file, fsync, then rename). */
  writeItems(path: string, items: readonly Hdf5Item[]): Promise<void> {
    return writeViaTemp(
      path,
      (tmp) =>
        new Promise<void>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve, reject });
          this.worker.postMessage({ id, path: tmp, items });
        }),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
