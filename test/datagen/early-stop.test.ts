import { describe, expect, it } from 'vitest';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { DEFAULT_RANDOMIZATION, drawTrial } from '../../apps/datagen/randomization.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialObject, TrialResult, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';
import { seededRandom } from '../../src/math/random.ts';

// Labels are a function of the trial alone: the same with decided trials stopped early or run to the end of the
// protocol, and the same however the trials are cut into chunks (a trial's slot follows from its own index).

const BOX: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 };
const TRIALS = 1024;

/** Grasps on the box with randomized μ, mass, force and gravity direction: every failure mode turns up. */
function trials(): TrialSpec[] {
  const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [0.06, 0.04, 0.09] }));
  const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, TRIALS, seededRandom(3), {
    ...DEFAULT_ANTIPODAL,
    rejectColliding: false,
  });
  const rng = seededRandom(4);
  return candidates.map((c) => {
    const d = drawTrial(DEFAULT_RANDOMIZATION, 'parallel', 0.3, 0.5, rng);
    return { gripperInObject: [...c.gripperInObject.elements], ...d };
  });
}

function run(rapier: Rapier, specs: readonly TrialSpec[], chunkSize: number, earlyStop: boolean): TrialResult[] {
  const templates = new Map();
  const out: TrialResult[] = [];
  for (let i = 0; i < specs.length; i += chunkSize) {
    const chunk = {
      object: BOX,
      effector: EMBODY_JAW_80MM,
      trials: specs.slice(i, i + chunkSize),
      schedule: 'fast' as const,
      firstTrialIndex: i,
    };
    out.push(...runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'box', earlyStop }));
  }
  return out;
}

describe('labels independent of how trials are run', () => {
  it('are identical with early stops, run to the end of the protocol, and in chunks of 16, 7 or 50', async () => {
    const rapier = await loadRapier();
    const specs = trials();
    expect(specs.length).toBe(TRIALS);
    const reference = run(rapier, specs, 16, true);
    const modes = new Set(reference.map((r) => r.failure));
    expect(modes.has('none') && modes.has('collision_at_approach')).toBe(true);
    expect(modes.size).toBeGreaterThanOrEqual(3);
    expect(run(rapier, specs, 16, false)).toEqual(reference);
    // Chunked differently (a chunk of 7 or 50 spans parts of several worlds), on a prefix to keep the file fast.
    const prefix = specs.slice(0, 256);
    expect(run(rapier, prefix, 7, true)).toEqual(reference.slice(0, 256));
    expect(run(rapier, prefix, 50, true)).toEqual(reference.slice(0, 256));
  }, 300_000); // ~15 s on a quiet machine; the margin is for a loaded one
});
