import { zipSync } from 'fflate';
import type { SceneData } from './make-scene.ts';

// Contact-GraspNet's own input layout for a rendered scene: one `.npz` per scene with the keys its inference script
// (`load_available_input_data`) reads: `depth` (H×W float32, metres, 0 where nothing was hit), `K` (3×3 float64),
// `segmap` (H×W int32, 0 for background and object i + 1 for `objects/*` index i) and `rgb` (H×W×3 uint8) when a
// colour image is rendered. The clutter renderer casts depth rays only, so these files carry no `rgb` yet.

/** Path of scene `k`'s Contact-GraspNet input relative to the dataset root. */
export function sceneNpzFile(k: number): string {
  return `scenes/scene_${k}.npz`;
}

/** What the `.npz` holds, for meta/info.json. */
export const CONTACT_GRASPNET_LAYOUT = {
  file: sceneNpzFile(0).replace('0', '<k>'),
  reader: "Contact-GraspNet's load_available_input_data (inference.py --np_path)",
  keys: {
    depth: 'H×W float32, depth along the optical axis in m; 0 where the ray hit nothing',
    K: '3×3 float64 pinhole intrinsics (as the .h5 intrinsics)',
    segmap: 'H×W int32: 0 for the bin, the floor or nothing; i + 1 for the object at objects/* index i',
  },
  rgb: 'not written: the clutter renderer casts depth rays only',
} as const;

type NpyArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const DESCR = new Map<string, string>([
  ['Float32Array', '<f4'],
  ['Float64Array', '<f8'],
  ['Int32Array', '<i4'],
  ['Uint8Array', '|u1'],
]);

/** One array as a `.npy` file (format 1.0, C order, little-endian), as `numpy.save` writes it. */
export function npyBytes(data: NpyArray, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape [${shape.join(', ')}] holds ${count}, not ${data.length}`);
  const descr = DESCR.get(data.constructor.name);
  if (descr === undefined) throw new Error(`npy: no dtype for ${data.constructor.name}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const headerLength = Math.ceil((10 + dict.length + 1) / 64) * 64 - 10;
  const header = `${dict.padEnd(headerLength - 1, ' ')}\n`;
  const out = new Uint8Array(10 + headerLength + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, headerLength, true);
  out.set(new TextEncoder().encode(header), 10);
  // Typed arrays are in the platform's order; every platform Node runs on here is little-endian.
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + headerLength);
  return out;
}

/** A scene in Contact-GraspNet's layout, as the bytes of an `.npz` (a deflated zip of `.npy` files). */
export function sceneNpzBytes(scene: SceneData): Uint8Array {
  const k = scene.plan.intrinsics;
  const hw = [k.heightPx, k.widthPx];
  const depth = Float32Array.from(scene.depthM, (z) => (Number.isFinite(z) ? z : 0));
  const segmap = Int32Array.from(scene.segmentation, (s) => s + 1);
  const files: Record<string, Uint8Array> = {
    'depth.npy': npyBytes(depth, hw),
    'K.npy': npyBytes(new Float64Array([k.fx, 0, k.cx, 0, k.fy, k.cy, 0, 0, 1]), [3, 3]),
    'segmap.npy': npyBytes(segmap, hw),
  };
  return zipSync(files, { level: 6 });
}
