import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { runDatagen, type DatagenSummary } from '../../apps/datagen/datagen-run.ts';
import { loadObjects, type DatagenObject } from '../../apps/datagen/object-source.ts';
import { planObject, type PlanSettings } from '../../apps/datagen/object-plan.ts';
import { DEFAULT_RANDOMIZATION } from '../../apps/datagen/randomization.ts';
import { loadBinScene } from '../../apps/datagen/clutter/scene-bin.ts';
import { SceneSettingsSchema } from '../../apps/datagen/clutter/scene-settings.ts';
import { h5pyAvailable } from '../helpers/h5py.ts';

// A tiny run end to end: 2 objects × 4 labelled grasps, then 2 cluttered bins rendered at 48×36.
const SETTINGS: PlanSettings = {
  effector: EMBODY_JAW_80MM,
  graspsPerObject: 4,
  seed: 11,
  chunkSize: 4,
  schedule: 'fast',
  randomization: DEFAULT_RANDOMIZATION,
};
const SCENES = SceneSettingsSchema.parse({ count: 2, objectsPerScene: [4, 6], widthPx: 48, heightPx: 36 });
const SPEC = 'tea-box,soup-can';
const SCENE_FILES = ['scenes/scene_0.h5', 'scenes/scene_1.h5'];

interface SceneReadBack {
  depthShape: number[];
  segShape: number[];
  pcWorldShape: number[];
  pcCamShape: number[];
  finiteDepth: number;
  segWithoutDepth: number;
  objectPixels: number;
  reprojectErrM: number;
  worldErrM: number;
  camGraspErr: number;
  names: string[];
  poses: number[][][];
  graspsWorld: number[][][];
  objectIndex: number[];
  collisionFree: number[];
  success: number[];
  trialIndex: number[];
  nGrasps: number;
  cameraZ: number;
}

const READ = `
import h5py, json, sys, numpy as np
f = h5py.File(sys.argv[1], 'r')
d = f['depth'][()]; s = f['segmentation'][()]; K = f['intrinsics'][()]; C = f['camera_pose'][()]
pc = f['pc_cam'][()].astype(np.float64); pw = f['pc_world'][()].astype(np.float64); pix = f['pc_pixel'][()]
H, W = d.shape
# Spot-check: re-project every 7th point from its pixel's depth with the stored intrinsics.
idx = np.arange(0, len(pix), 7); v, u = pix[idx] // W, pix[idx] % W; z = d[v, u].astype(np.float64)
mine = np.stack([(u - K[0, 2]) / K[0, 0] * z, (v - K[1, 2]) / K[1, 1] * z, z], 1)
world = (C[:3, :3] @ pc[idx].T).T + C[:3, 3]
Tc = f['grasps/transforms'][()]; Tw = f['grasps/transforms_world'][()]
print(json.dumps({
  'depthShape': list(d.shape), 'segShape': list(s.shape), 'pcWorldShape': list(pw.shape), 'pcCamShape': list(pc.shape),
  'finiteDepth': int(np.isfinite(d).sum()), 'segWithoutDepth': int(((s >= 0) & ~np.isfinite(d)).sum()), 'objectPixels': int((s >= 0).sum()),
  'reprojectErrM': float(np.abs(mine - pc[idx]).max()), 'worldErrM': float(np.abs(world - pw[idx]).max()),
  'camGraspErr': float(np.abs(np.einsum('ij,njk->nik', C, Tc) - Tw).max()) if len(Tw) else 0.0,
  'names': [n.decode() for n in f['objects/names'][()]], 'poses': f['objects/poses'][()].tolist(),
  'graspsWorld': Tw.tolist(), 'objectIndex': f['grasps/object_index'][()].tolist(), 'collisionFree': f['grasps/collision_free'][()].tolist(),
  'success': f['grasps/success'][()].tolist(), 'trialIndex': f['grasps/trial_index'][()].tolist(), 'nGrasps': int(Tc.shape[0]),
  'cameraZ': float(C[2, 3]),
}))`;

function readScene(file: string): SceneReadBack {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', READ, file], { encoding: 'utf8' })) as SceneReadBack;
}

// Skips without Debian's h5py, fails under CI (see test/helpers/h5py.ts).
const hasH5py = h5pyAvailable;

async function generate(
  objects: DatagenObject[],
  dir = mkdtempSync(join(tmpdir(), 'embody-scenes-')),
  count = 2,
  signal?: AbortSignal,
  progress?: { write(t: string): boolean },
): Promise<{ dir: string; summary: DatagenSummary }> {
  const summary = await runDatagen({
    objects,
    objectsSpec: SPEC,
    settings: SETTINGS,
    workers: 0,
    outDir: dir,
    scenes: { ...SCENES, count },
    ...(signal === undefined ? {} : { signal }),
    ...(progress === undefined ? {} : { progress }),
  });
  return { dir, summary };
}

/** A Rapier shape of ours (cylinders along z) and the rotation to apply on top of the body's. */
function rapierShape(
  rapier: Rapier,
  shape: SimShape,
): { shape: InstanceType<Rapier['Cuboid']> | InstanceType<Rapier['Cylinder']>; local: Quaternion } {
  if (shape.kind === 'box') return { shape: new rapier.Cuboid(...shape.halfExtentsM), local: new Quaternion() };
  if (shape.kind === 'cylinder') {
    return {
      shape: new rapier.Cylinder(shape.heightM / 2, shape.radiusM),
      local: new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), new Vector3(0, 0, 1)),
    };
  }
  throw new Error(`test: no shape for ${shape.kind}`);
}

function rowMajorToMatrix(rows: number[][]): Matrix4 {
  return new Matrix4().fromArray(rows.flat()).transpose();
}

interface Placed {
  shape: InstanceType<Rapier['Cuboid']> | InstanceType<Rapier['Cylinder']>;
  position: Vector3;
  rotation: Quaternion;
}

function place(m: Matrix4, s: { shape: Placed['shape']; local: Quaternion }, offset = new Vector3()): Placed {
  const position = new Vector3();
  const rotation = new Quaternion();
  m.decompose(position, rotation, new Vector3());
  return { shape: s.shape, position: offset.clone().applyMatrix4(m), rotation: rotation.multiply(s.local) };
}

describe.skipIf(!hasH5py())('datagen --scenes: cluttered bins with their grasps', () => {
  let objects: DatagenObject[];
  let rapier: Rapier;
  let a: { dir: string; summary: DatagenSummary };
  let scenes: SceneReadBack[];
  beforeAll(async () => {
    objects = await loadObjects(SPEC, process.cwd());
    rapier = await loadRapier();
    a = await generate(objects);
    scenes = SCENE_FILES.map((f) => readScene(join(a.dir, f)));
  }, 60_000);

  it('makes every scene and reports them', () => {
    expect(a.summary.complete).toBe(true);
    expect(a.summary.scenes?.records.map((r) => r.index)).toEqual([0, 1]);
    const info = JSON.parse(readFileSync(join(a.dir, 'meta/info.json'), 'utf8'));
    expect(info.scenes.done).toBe(2);
    expect(info.scenes.schema.map((c: { path: string }) => c.path)).toContain('grasps/collision_free');
    expect(info.complete).toBe(true);
  });

  it('writes consistent shapes, depth under every segmented pixel and a point cloud that is the back-projected depth', () => {
    for (const s of scenes) {
      expect(s.depthShape).toEqual([36, 48]);
      expect(s.segShape).toEqual([36, 48]);
      expect(s.pcCamShape).toEqual([s.finiteDepth, 3]);
      expect(s.pcWorldShape).toEqual([s.finiteDepth, 3]);
      expect(s.objectPixels).toBeGreaterThan(0);
      expect(s.segWithoutDepth).toBe(0);
      expect(s.reprojectErrM).toBeLessThan(1e-5);
      expect(s.worldErrM).toBeLessThan(1e-5);
      expect(s.camGraspErr).toBeLessThan(1e-9);
      expect(s.cameraZ).toBeGreaterThan(0.3);
      expect(s.names.length).toBeGreaterThanOrEqual(3);
      expect(s.poses.length).toBe(s.names.length);
      expect(s.objectIndex.every((i) => i >= 0 && i < s.names.length)).toBe(true);
      // Every object brings all its labelled grasps.
      expect(s.nGrasps).toBe(s.names.length * SETTINGS.graspsPerObject);
    }
  });

  it('leaves every object at rest inside the bin, none intersecting another', () => {
    const plans = objects.map((o, i) => planObject(o, i, SETTINGS));
    let worstM = 0;
    for (const s of scenes) {
      const placed = s.names.map((name, i) => {
        const m = rowMajorToMatrix(s.poses[i]!);
        const p = new Vector3().setFromMatrixPosition(m);
        // Bin inside: 400 × 300 mm, floor at z = 10 mm (scenes/grasp-bin.yaml).
        expect(Math.abs(p.x)).toBeLessThan(0.2);
        expect(Math.abs(p.y)).toBeLessThan(0.15);
        expect(p.z).toBeGreaterThan(0.01);
        return place(m, rapierShape(rapier, plans.find((pl) => pl.object.name === name)!.trialObject.shape));
      });
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) {
          const [pi, pj] = [placed[i]!, placed[j]!];
          const c = pi.shape.contactShape(pi.position, pi.rotation, pj.shape, pj.position, pj.rotation, 0);
          if (c !== null) worstM = Math.max(worstM, -c.distance);
        }
      }
    }
    // Resting contacts sink a little under Rapier's soft constraints; an intersection would be centimetres.
    expect(worstM).toBeLessThan(0.002);
  });

  it('marks grasps collision-free exactly when a direct check finds the open gripper clear of bin and other objects', async () => {
    const plans = objects.map((o, i) => planObject(o, i, SETTINGS));
    const bin = await loadBinScene();
    const g = EMBODY_JAW_80MM;
    const x0 = g.maxOpeningM / 2 + g.padHalfM[0];
    const parts = [
      { shape: new rapier.Cuboid(...g.palmHalfM), offset: new Vector3(0, 0, g.tcpZM - g.padHalfM[2] - g.palmHalfM[2]) },
      { shape: new rapier.Cuboid(...g.padHalfM), offset: new Vector3(x0, 0, g.tcpZM) },
      { shape: new rapier.Cuboid(...g.padHalfM), offset: new Vector3(-x0, 0, g.tcpZM) },
    ];
    let free = 0;
    let blocked = 0;
    for (const s of scenes) {
      const obstacles = [
        ...bin.fixtures.map((f) =>
          place(new Matrix4().compose(f.poseInWorld.position, f.poseInWorld.quaternion, new Vector3(1, 1, 1)), {
            shape: new rapier.Cuboid(...f.halfExtentsM),
            local: new Quaternion(),
          }),
        ),
        ...s.names.map((name, i) =>
          place(
            rowMajorToMatrix(s.poses[i]!),
            rapierShape(rapier, plans.find((p) => p.object.name === name)!.trialObject.shape),
          ),
        ),
      ];
      const fixtures = bin.fixtures.length;
      // Clear of the bin, the floor and every object but the grasped one.
      const clear = (gripper: Matrix4, grasped: number): boolean =>
        parts.every((part) => {
          const p = place(gripper, { shape: part.shape, local: new Quaternion() }, part.offset);
          return obstacles.every(
            (o, j) =>
              j === fixtures + grasped ||
              !p.shape.intersectsShape(p.position, p.rotation, o.shape, o.position, o.rotation),
          );
        });
      s.graspsWorld.forEach((rows, i) => {
        const expected = clear(rowMajorToMatrix(rows), s.objectIndex[i]!);
        expect(s.collisionFree[i], `grasp ${i}`).toBe(expected ? 1 : 0);
        if (expected) free++;
        else blocked++;
      });
      // The check itself can fail: a gripper whose palm sits in another object is not clear.
      const palmCentre = parts[0]!.offset;
      const inside = rowMajorToMatrix(s.graspsWorld[0]!);
      const shift = new Vector3()
        .setFromMatrixPosition(rowMajorToMatrix(s.poses[1]!))
        .sub(palmCentre.clone().applyMatrix4(inside));
      expect(clear(inside.premultiply(new Matrix4().makeTranslation(shift.x, shift.y, shift.z)), 0)).toBe(false);
    }
    // Both outcomes occur, so the agreement above means something.
    expect(free).toBeGreaterThan(0);
    expect(blocked).toBeGreaterThan(0);
  });

  it("carries each grasp's label from its object's isolated trial", () => {
    const names = objects.map((o) => o.name);
    const perObject = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import h5py,sys,json; print(json.dumps([h5py.File(f)["grasps/qualities/flex/object_in_gripper"][()].tolist() for f in sys.argv[1:]]))',
          ...names.map((n) => join(a.dir, `grasps/${n}.h5`)),
        ],
        { encoding: 'utf8' },
      ),
    ) as number[][];
    const labels = new Map(names.map((n, i) => [n, perObject[i]!]));
    let checked = 0;
    for (const s of scenes) {
      s.success.forEach((ok, i) => {
        expect(ok).toBe(labels.get(s.names[s.objectIndex[i]!]!)![s.trialIndex[i]!]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('gives byte-equal scene files for the same seed, and a resumed run skips finished scenes', async () => {
    const b = await generate(objects);
    for (const f of SCENE_FILES)
      expect(readFileSync(join(b.dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(true);
    // Interrupted after the first scene (Ctrl-C seen between scenes) ...
    const abort = new AbortController();
    const sink = { write: (t: string): boolean => (t.includes('1/2 scenes') && abort.abort(), true) };
    const c = await generate(objects, undefined, 2, abort.signal, sink);
    expect(c.summary.complete).toBe(false);
    expect(c.summary.scenes?.records.map((r) => r.index)).toEqual([0]);
    expect(JSON.parse(readFileSync(join(c.dir, 'meta/info.json'), 'utf8')).complete).toBe(false);
    const firstWritten = statSync(join(c.dir, SCENE_FILES[0]!)).mtimeMs;
    // ... then the same run again makes only the missing scene.
    const resumed = await generate(objects, c.dir);
    expect(resumed.summary.complete).toBe(true);
    expect(resumed.summary.scenes?.madeNow).toBe(1);
    expect(statSync(join(c.dir, SCENE_FILES[0]!)).mtimeMs).toBe(firstWritten);
    for (const f of SCENE_FILES)
      expect(readFileSync(join(c.dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(true);
  }, 60_000);
});
