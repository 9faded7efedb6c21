import { H5WASM_DTYPE, type Hdf5Item } from '../hdf5-writer.ts';
import type { SceneData } from './make-scene.ts';
import { SCENE_COLUMNS } from './scene-schema.ts';

/** The datasets of one scene file. */
export function sceneHdf5Items(scene: SceneData): Hdf5Item[] {
  return SCENE_COLUMNS.map((column): Hdf5Item => {
    const { data, shape } = column.value(scene);
    if (column.dtype === 'string') return { kind: 'string', path: column.path, value: data as string[] };
    return { kind: 'dataset', path: column.path, data: data as Float32Array, shape, dtype: H5WASM_DTYPE[column.dtype] };
  });
}
