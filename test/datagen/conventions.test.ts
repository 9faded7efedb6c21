import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import { EMBODY_JAW_80MM, PANDA_HAND } from '../../sim/grasp-trial/effector-models.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { TRIAL_FINGER_JOINTS } from '../../sim/grasp-trial/trial-world.ts';
import { physicsInfo } from '../../apps/datagen/dataset-info.ts';
import { SOLVER } from '../../sim/solver-config.ts';
import { runDatagen } from '../../apps/datagen/datagen-run.ts';
import { meshMassProperties } from '../../apps/datagen/mass-properties.ts';
import { loadObjects } from '../../apps/datagen/object-source.ts';
import type { PlanSettings } from '../../apps/datagen/object-plan.ts';
import { primitiveTriangles, trianglesToObj } from '../../apps/datagen/primitive-mesh.ts';
import { RandomizationSchema } from '../../apps/datagen/randomization.ts';

// Dataset conventions: the keys ACRONYM loaders read, a full gripper description, metadata built from the
// constants the physics runs, and `--mesh-scale` carried into object/scale.

const hasH5py = spawnSync('/usr/bin/python3', ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0;

/** A 40 × 60 × 80 mm box written in millimetres, off the origin. */
function millimetreBoxDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embody-mm-'));
  const soup = primitiveTriangles({ kind: 'box', sizeM: [40, 60, 80] });
  for (let i = 0; i < soup.length; i += 3) soup[i]! += 100;
  writeFileSync(join(dir, 'mm-box.obj'), trianglesToObj(soup, 'a 40 x 60 x 80 mm box, millimetres'));
  return dir;
}

/** The settings every dataset of this file is made with, unless a test says otherwise. */
const SETTINGS: PlanSettings = {
  effector: EMBODY_JAW_80MM,
  graspsPerObject: 6,
  seed: 3,
  chunkSize: 6,
  schedule: 'fast',
  randomization: RandomizationSchema.parse({ scale: [1, 1] }),
};

async function generate(objectsSpec: string, settings: Partial<PlanSettings>, meshScale = 1): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'embody-conv-'));
  const objects = await loadObjects(objectsSpec, process.cwd(), meshScale);
  await runDatagen({
    objects,
    objectsSpec,
    settings: { ...SETTINGS, ...settings },
    workers: 0,
    outDir: out,
  });
  return out;
}

function python(script: string, ...args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
}

describe('mass properties', () => {
  it('match the closed forms of a box and a cylinder', () => {
    const box = meshMassProperties(primitiveTriangles({ kind: 'box', sizeM: [0.1, 0.2, 0.3] }), 6);
    expect(box.volumeM3).toBeCloseTo(0.006, 8);
    expect(box.densityKgM3).toBeCloseTo(1000, 3);
    for (const c of box.comM) expect(Math.abs(c)).toBeLessThan(1e-9);
    const [ixx, , , , iyy, , , , izz] = box.inertiaKgM2;
    expect(ixx).toBeCloseTo((6 / 12) * (0.04 + 0.09), 6);
    expect(iyy).toBeCloseTo((6 / 12) * (0.01 + 0.09), 6);
    expect(izz).toBeCloseTo((6 / 12) * (0.01 + 0.04), 6);
    // The 32-sided prism stands in for the cylinder: within 1 % of πr²h and m r²/2.
    const cyl = meshMassProperties(primitiveTriangles({ kind: 'cylinder', radiusM: 0.03, heightM: 0.1 }), 1);
    expect(cyl.volumeM3 / (Math.PI * 0.03 ** 2 * 0.1)).toBeCloseTo(1, 1);
    expect(cyl.inertiaKgM2[8]! / (0.5 * 0.03 ** 2)).toBeGreaterThan(0.98);
  });
});

describe('dataset conventions', () => {
  let catalogDir: string;
  let mmDir: string;
  beforeAll(async () => {
    catalogDir = await generate('tea-box', {});
    mmDir = await generate(millimetreBoxDir(), {}, 0.001);
  });

  it('builds meta/info.json from the constants the physics runs', () => {
    const info = JSON.parse(readFileSync(join(catalogDir, 'meta/info.json'), 'utf8'));
    expect(info.physics.solver).toEqual(SOLVER);
    expect(info.physics.protocol.heldSlipM).toBe(TRIAL_PROTOCOL.heldSlipM);
    expect(info.physics.success).toContain(`${TRIAL_PROTOCOL.heldSlipM * 100} cm`);
    // palm_contact is the palm carrying the load (protocol 5), not any touch, and the text says by how much.
    expect(info.physics.protocol.version).toBeGreaterThanOrEqual(5);
    expect(info.physics.protocol.palmLoadShare).toBe(TRIAL_PROTOCOL.palmLoadShare);
    expect(info.physics.success).toContain(`${TRIAL_PROTOCOL.palmLoadShare * 100} % of the weight`);
    expect(info.physics.success).not.toContain('the palm does not push on the object');
    expect(info.effector.law.kpNPerM).toBe(PARALLEL_JAW_LAW.kpNPerM);
    expect(info.effector.law.mimicStiffnessNPerM).toBe(PARALLEL_JAW_LAW.mimicStiffnessNPerM);
    // Which finger joints and which Rapier build made the labels: the defaults, and the options when chosen.
    expect(info.physics.fingerJoints).toBe(TRIAL_FINGER_JOINTS);
    expect(info.physics.engine).toContain('rapier3d-deterministic-compat');
    const chosen = physicsInfo({ ...SETTINGS, fingerJoints: 'locked', engine: 'simd' });
    expect(chosen.fingerJoints).toBe('locked');
    expect(chosen.engine).toContain('rapier3d-simd-compat');
  });

  it('describes the gripper fully and ships it as URDF and OBJ', () => {
    const info = JSON.parse(readFileSync(join(catalogDir, 'meta/info.json'), 'utf8'));
    const g = info.effector;
    expect(g.approachAxis).toEqual([0, 0, 1]);
    expect(g.closingAxis).toEqual([1, 0, 0]);
    expect(g.tcpM).toEqual([0, 0, EMBODY_JAW_80MM.tcpZM]);
    expect(g.maxOpeningM).toBe(EMBODY_JAW_80MM.maxOpeningM);
    expect(g.parts.map((p: { name: string }) => p.name)).toEqual(['palm', 'finger+x', 'finger-x']);
    const pad = g.parts[1];
    expect(pad.sizeM).toEqual(EMBODY_JAW_80MM.padHalfM.map((h) => 2 * h));
    expect(pad.centreM).toEqual([
      EMBODY_JAW_80MM.maxOpeningM / 2 + EMBODY_JAW_80MM.padHalfM[0],
      0,
      EMBODY_JAW_80MM.padCentreZM,
    ]);
    expect(g.comparedToPanda).toMatch(/50 mm pads/);
    const urdf = readFileSync(join(catalogDir, 'meta/gripper.urdf'), 'utf8');
    expect(urdf.match(/<link /g)?.length).toBe(4);
    expect(urdf).toContain(`<box size="${EMBODY_JAW_80MM.padHalfM.map((h) => 2 * h).join(' ')}"/>`);
    const obj = readFileSync(join(catalogDir, 'meta/gripper.obj'), 'utf8');
    expect(obj.split('\n').filter((l) => l.startsWith('f ')).length).toBe(3 * 12);
  });

  it('offers Panda-compatible fingers: 18 mm pads ending 9 mm past the TCP', () => {
    expect(2 * PANDA_HAND.padHalfM[2]).toBeCloseTo(0.018, 9);
    expect(PANDA_HAND.padCentreZM + PANDA_HAND.padHalfM[2] - PANDA_HAND.tcpZM).toBeCloseTo(0.009, 9);
    expect(PANDA_HAND.maxOpeningM).toBe(0.08);
  });

  it.skipIf(!hasH5py)('writes the ACRONYM object and gripper keys (h5py)', () => {
    const out = python(
      `
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
print(json.dumps({k: f[k][()].tolist() if hasattr(f[k][()], 'tolist') else f[k][()].decode() for k in
  ['object/com', 'object/inertia', 'object/volume', 'object/density', 'object/mass', 'gripper/type', 'gripper/configuration',
   'physics/description']}))`,
      join(catalogDir, 'grasps/tea-box.h5'),
    );
    // The tea box: 130 × 75 × 70 mm at scale 1.
    expect(out['object/volume']).toBeCloseTo(0.075 * 0.13 * 0.07, 8);
    expect(out['object/density']).toBeCloseTo((out['object/mass'] as number) / (out['object/volume'] as number), 6);
    expect((out['object/com'] as number[]).every((v) => Math.abs(v) < 1e-9)).toBe(true);
    const inertia = out['object/inertia'] as number[][];
    expect(inertia.length).toBe(3);
    expect(inertia[0]![0]).toBeCloseTo(((out['object/mass'] as number) / 12) * (0.13 ** 2 + 0.07 ** 2), 8);
    expect(out['gripper/type']).toBe(EMBODY_JAW_80MM.name);
    expect(out['gripper/configuration']).toEqual([0.04, 0.04]);
    // Each object file says how its labels were made, as meta/info.json does.
    const physics = JSON.parse(out['physics/description'] as string) as Record<string, unknown>;
    expect(physics.fingerJoints).toBe(TRIAL_FINGER_JOINTS);
    expect(physics.engine).toContain('rapier3d-deterministic-compat');
  });

  it.skipIf(!hasH5py)('carries --mesh-scale into object/scale: mesh × object/scale is the object in metres', () => {
    // Loaded the ACRONYM way: vertices of the mesh file times object/scale, grasps in that frame.
    const out = python(
      `
import h5py, json, sys, numpy as np
f = h5py.File(sys.argv[1] + '/grasps/mm-box.h5', 'r')
v = np.array([[float(x) for x in l.split()[1:4]] for l in open(sys.argv[1] + '/' + f['object/file'][()].decode()) if l.startswith('v ')])
v = v * f['object/scale'][()]
T = f['grasps/transforms'][()]
tcp = T[:, :3, :3] @ np.array([0, 0, ${EMBODY_JAW_80MM.tcpZM}]) + T[:, :3, 3]
lo, hi = v.min(0), v.max(0)
print(json.dumps({'size': (hi - lo).tolist(), 'inside': bool(((tcp > lo - 0.03) & (tcp < hi + 0.03)).all()),
  'com': f['object/com'][()].tolist(), 'centre': ((lo + hi) / 2).tolist()}))`,
      mmDir,
    );
    expect((out.size as number[]).map((s) => Math.round(s * 1000))).toEqual([40, 60, 80]);
    expect(out.inside).toBe(true);
    (out.com as number[]).forEach((c, i) => expect(c).toBeCloseTo((out.centre as number[])[i]!, 6));
  });
});
