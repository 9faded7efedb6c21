import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { loadObjects } from '../../apps/datagen/object-source.ts';
import { planObject } from '../../apps/datagen/object-plan.ts';
import { primitiveTriangles, trianglesToObj } from '../../apps/datagen/primitive-mesh.ts';
import { RandomizationSchema } from '../../apps/datagen/randomization.ts';

describe('objects from a folder of meshes', () => {
  it('loads an OBJ off its origin, grasps it as a convex hull and gives transforms in the file frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embody-meshes-'));
    const box = primitiveTriangles({ kind: 'box', sizeM: [0.05, 0.06, 0.1] });
    // Shift the file's geometry: its bounding-box centre is at (1, 2, 3) in the file frame.
    const shifted = box.map((v, i) => v + [1, 2, 3][i % 3]!);
    writeFileSync(join(dir, 'shifted box.obj'), trianglesToObj(shifted, 'test'));
    const [object] = await loadObjects(dir, '/');
    expect(object!.name).toBe('shifted_box');
    expect(object!.shape.kind).toBe('convex');
    expect([...object!.fileCentreM]).toEqual([expect.closeTo(1, 5), expect.closeTo(2, 5), expect.closeTo(3, 5)]);
    const plan = planObject(object!, 0, {
      effector: EMBODY_JAW_80MM,
      graspsPerObject: 4,
      seed: 1,
      chunkSize: 4,
      schedule: 'fast',
      randomization: RandomizationSchema.parse({ scale: [1, 1], pose: 'upright' }),
    });
    expect(plan.trials.length).toBe(4);
    for (const t of plan.trials) {
      const inFile = new Vector3().setFromMatrixPosition(t.gripperInFile);
      const inObject = new Vector3().setFromMatrixPosition(t.candidate.gripperInObject);
      expect(
        inFile
          .clone()
          .sub(inObject)
          .distanceTo(new Vector3(1, 2, 3)),
      ).toBeLessThan(1e-5);
    }
    const results = runTrialChunk(
      await loadRapier(),
      {
        object: plan.trialObject,
        effector: EMBODY_JAW_80MM,
        trials: plan.trials.map((t) => t.spec),
        schedule: 'fast',
        firstTrialIndex: 0,
      },
      { reuse: false },
    );
    expect(results.length).toBe(4);
    expect(results.some((r) => r.success)).toBe(true);
  });
});
