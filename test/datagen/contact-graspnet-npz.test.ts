import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDatagen } from '../../apps/datagen/datagen-run.ts';
import { loadObjects } from '../../apps/datagen/object-source.ts';
import { DEFAULT_RANDOMIZATION } from '../../apps/datagen/randomization.ts';
import { SceneSettingsSchema } from '../../apps/datagen/clutter/scene-settings.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { DEBIAN_PYTHON, h5pyAvailable } from '../helpers/h5py.ts';

// Reads scene_<k>.npz back the way Contact-GraspNet's inference script does (np.load, keys depth/K/segmap), with
// Debian's numpy, and checks it against the scene's .h5 (written by another path: h5wasm) pixel by pixel.
const READ = `
import h5py, json, sys, numpy as np
n = np.load(sys.argv[1]); f = h5py.File(sys.argv[2], 'r')
d = n['depth']; K = n['K'].reshape(3, 3); s = n['segmap']
hd = f['depth'][()]; hs = f['segmentation'][()]; pc = f['pc_cam'][()]; pix = f['pc_pixel'][()]
H, W = d.shape
# A known pixel: the first object pixel of the point cloud; its depth back-projected with K is its pc_cam point.
i = int(np.argmax(f['pc_segmentation'][()] >= 0)); v, u = divmod(int(pix[i]), W); z = float(d[v, u])
point = [(u - K[0, 2]) / K[0, 0] * z, (v - K[1, 2]) / K[1, 1] * z, z]
print(json.dumps({
  'keys': sorted(n.files), 'dtypes': {k: str(n[k].dtype) for k in n.files}, 'shapes': {k: list(n[k].shape) for k in n.files},
  'depthMatches': bool(np.array_equal(np.where(np.isfinite(hd), hd, 0).astype(np.float32), d)),
  'segmapMatches': bool(np.array_equal(hs + 1, s)), 'kMatches': bool(np.array_equal(K, f['intrinsics'][()])),
  'backgroundPixels': int((s == 0).sum()), 'objectIds': sorted(int(x) for x in np.unique(s[s > 0])),
  'objects': int(f['objects/names'].shape[0]),
  'knownPixel': [v, u], 'knownSegmap': int(s[v, u]), 'knownDepthM': z, 'h5DepthM': float(hd[v, u]),
  'pointErrM': float(np.abs(np.array(point) - pc[i]).max()),
}))`;

interface ReadBack {
  keys: string[];
  dtypes: Record<string, string>;
  shapes: Record<string, number[]>;
  depthMatches: boolean;
  segmapMatches: boolean;
  kMatches: boolean;
  backgroundPixels: number;
  objectIds: number[];
  objects: number;
  knownPixel: [number, number];
  knownSegmap: number;
  knownDepthM: number;
  h5DepthM: number;
  pointErrM: number;
}

describe.skipIf(!h5pyAvailable())("datagen --scenes: Contact-GraspNet's .npz input per scene", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'embody-cgn-'));
    await runDatagen({
      objects: await loadObjects('tea-box,soup-can', process.cwd()),
      objectsSpec: 'tea-box,soup-can',
      settings: {
        effector: EMBODY_JAW_80MM,
        graspsPerObject: 2,
        seed: 5,
        chunkSize: 2,
        schedule: 'fast',
        randomization: DEFAULT_RANDOMIZATION,
      },
      workers: 0,
      outDir: dir,
      scenes: SceneSettingsSchema.parse({ count: 1, objectsPerScene: [3, 3], widthPx: 40, heightPx: 30 }),
    });
  }, 60_000);

  it('writes depth, K and segmap with the shapes and dtypes the inference script expects, matching the .h5', () => {
    // Written atomically: nothing but the scene files is left in scenes/.
    expect(readdirSync(join(dir, 'scenes')).sort()).toEqual(['scene_0.h5', 'scene_0.npz']);
    const r = JSON.parse(
      execFileSync(DEBIAN_PYTHON, ['-c', READ, join(dir, 'scenes/scene_0.npz'), join(dir, 'scenes/scene_0.h5')], {
        encoding: 'utf8',
      }),
    ) as ReadBack;
    expect(r.keys).toEqual(['K', 'depth', 'segmap']);
    expect(r.dtypes).toEqual({ depth: 'float32', K: 'float64', segmap: 'int32' });
    expect(r.shapes).toEqual({ depth: [30, 40], K: [3, 3], segmap: [30, 40] });
    expect(r.depthMatches).toBe(true);
    expect(r.segmapMatches).toBe(true);
    expect(r.kMatches).toBe(true);
    // 0 is the background; every object seen has its own id (objects/* index + 1).
    expect(r.backgroundPixels).toBeGreaterThan(0);
    expect(r.objectIds.length).toBeGreaterThan(0);
    expect(Math.max(...r.objectIds)).toBeLessThanOrEqual(r.objects);
    // The known pixel: an object seen 0.3-1.5 m away, whose depth back-projects onto its point in the cloud.
    expect(r.knownSegmap).toBeGreaterThan(0);
    expect(r.knownDepthM).toBe(r.h5DepthM);
    expect(r.knownDepthM).toBeGreaterThan(0.3);
    expect(r.knownDepthM).toBeLessThan(1.5);
    expect(r.pointErrM).toBeLessThan(1e-6);
  });
});
