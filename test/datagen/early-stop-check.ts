import { expect } from 'vitest';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { drawTrial, RandomizationSchema } from '../../apps/datagen/randomization.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { JawJoints } from '../../sim/effectors/jaw-joints.ts';
import {
  FAILURE_CODES,
  type FailureMode,
  type TrialObject,
  type TrialResult,
  type TrialSpec,
} from '../../sim/grasp-trial/types.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';
import { seededRandom } from '../../src/math/random.ts';

// The check of early-stop.test.ts and early-stop-locked.test.ts: labels are a function of the trial alone, the same
// with decided trials stopped early or run to the end of the protocol, and the same however the trials are cut into
// chunks (a trial's slot follows from its own index).

const BOX: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 };
/**
 * Wider than datagen's defaults, so every failure mode turns up often (with the defaults the box is held or
 * collides and hardly anything else happens, and a broken early stop could pass): 0.15–1.2 kg, μ 0.05–1, 2–25 N.
 */
const RANDOMIZATION = RandomizationSchema.parse({
  massFactor: [0.5, 4],
  frictionFactor: [0.1, 2],
  gripForceN: [2, 25],
});
/** Each failure mode must label at least this many trials of the reference set. */
const MIN_PER_MODE = 3;

/** Grasps on the box with randomized μ, mass, force and gravity direction, colliding ones kept. */
function trials(n: number): TrialSpec[] {
  const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [0.06, 0.04, 0.09] }));
  const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, n, seededRandom(3), {
    ...DEFAULT_ANTIPODAL,
    rejectColliding: false,
  });
  const rng = seededRandom(4);
  return candidates.map((c) => {
    const d = drawTrial(RANDOMIZATION, 'parallel', 0.3, 0.5, rng);
    return { gripperInObject: [...c.gripperInObject.elements], ...d };
  });
}

function run(
  rapier: Rapier,
  fingerJoints: JawJoints,
  specs: readonly TrialSpec[],
  chunkSize: number,
  earlyStop: boolean,
): TrialResult[] {
  const templates = new Map();
  const out: TrialResult[] = [];
  for (let i = 0; i < specs.length; i += chunkSize) {
    const chunk = {
      object: BOX,
      effector: EMBODY_JAW_80MM,
      trials: specs.slice(i, i + chunkSize),
      schedule: 'fast' as const,
      firstTrialIndex: i,
      fingerJoints,
    };
    out.push(...runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'box', earlyStop }));
  }
  return out;
}

/**
 * Runs `n` box grasps with `fingerJoints` as datagen does (chunks of 16, early stops), checks every failure mode is
 * among the labels, then that the full protocol and chunks of 7 and 50 (on a prefix) give identical results.
 */
export async function expectLabelsIndependentOfRunning(fingerJoints: JawJoints, n: number): Promise<void> {
  const rapier = await loadRapier();
  const specs = trials(n);
  expect(specs.length).toBe(n);
  const reference = run(rapier, fingerJoints, specs, 16, true);
  // Every failure mode, each decided at its own check (no contact at the end of closing, slips and palm contact
  // on the cadence after it), so an early stop that changed any of them would show.
  const counts = new Map<FailureMode, number>();
  for (const r of reference) counts.set(r.failure, (counts.get(r.failure) ?? 0) + 1);
  for (const mode of Object.keys(FAILURE_CODES) as FailureMode[])
    expect(counts.get(mode) ?? 0, `trials labelled ${mode}`).toBeGreaterThanOrEqual(MIN_PER_MODE);
  expect(run(rapier, fingerJoints, specs, 16, false)).toEqual(reference);
  // Chunked differently (a chunk of 7 or 50 spans parts of several worlds), on a prefix to keep the file fast.
  const prefix = specs.slice(0, 128);
  expect(run(rapier, fingerJoints, prefix, 7, true)).toEqual(reference.slice(0, 128));
  expect(run(rapier, fingerJoints, prefix, 50, true)).toEqual(reference.slice(0, 128));
}
