import { describe, expect, it, vi } from 'vitest';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { drawTrial, RandomizationSchema } from '../../apps/datagen/randomization.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialObject, TrialResult, TrialScheduleName, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';
import type * as PadSpin from '../../sim/effectors/pad-spin.ts';

// The pads' spin friction runs every step of every trial, so it is written to build nothing per call
// (sim/effectors/pad-spin.ts). Its physics must stay the first version's, bit for bit: trials are run with it and
// with that version (test/helpers/pad-spin-reference.ts) in its place, and whole results (labels, closed widths,
// slips) compared, on the peers' cube and on random grasps of a box and a can with μ, mass and force drawn wide.
// Both through the trials' path (the object named) and the robot gripper's (the pads' contacts looked up).

const use = vi.hoisted(() => ({ spin: 'fast', robotPath: false }));

vi.mock('../../sim/effectors/pad-spin.ts', async (importOriginal) => {
  const real = await importOriginal<typeof PadSpin>();
  const { referenceResistPadSpin } = await import('../helpers/pad-spin-reference.ts');
  const resistPadSpin: typeof real.resistPadSpin = (world, parts, pads, state, dtS, only) => {
    const object = use.robotPath ? undefined : only;
    if (use.spin === 'fast') real.resistPadSpin(world, parts, pads, state, dtS, object);
    else if (use.spin === 'reference')
      referenceResistPadSpin(real.PAD_SPIN_LAW, world, parts, pads, state, dtS, object);
  };
  return { ...real, resistPadSpin };
});

/** μ 0.05–1, mass ×0.5–4, 2–25 N: every failure mode turns up, and grips at the edge of holding. */
const WIDE = RandomizationSchema.parse({ massFactor: [0.5, 4], frictionFactor: [0.1, 2], gripForceN: [2, 25] });

interface TrialSet {
  readonly object: TrialObject;
  readonly effector: typeof PEERS_JAW;
  readonly specs: readonly TrialSpec[];
  readonly schedule: TrialScheduleName;
}

function graspSet(primitive: ObjectShape, object: TrialObject, n: number, seed: number): TrialSet {
  const mesh = surfaceMesh(primitiveTriangles(primitive));
  const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, n, seededRandom(seed), DEFAULT_ANTIPODAL);
  const rng = seededRandom(seed + 1);
  const specs = candidates.map((c) => ({
    gripperInObject: [...c.gripperInObject.elements],
    ...drawTrial(WIDE, 'parallel', object.massKg, 0.5, rng),
  }));
  return { object, effector: EMBODY_JAW_80MM, specs, schedule: 'fast' };
}

const SETS: readonly TrialSet[] = [
  { object: PEERS_CUBE, effector: PEERS_JAW, specs: peersTrials(16), schedule: 'long' },
  graspSet(
    { kind: 'box', sizeM: [0.06, 0.04, 0.09] },
    { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 },
    48,
    21,
  ),
  graspSet(
    { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
    { shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 }, massKg: 0.35 },
    48,
    31,
  ),
];

async function runAll(spin: 'fast' | 'reference' | 'none', robotPath = false): Promise<TrialResult[]> {
  const rapier = await loadRapier();
  use.spin = spin;
  use.robotPath = robotPath;
  try {
    return SETS.flatMap((set, s) => {
      const templates = new Map();
      const out: TrialResult[] = [];
      for (let i = 0; i < set.specs.length; i += 16) {
        const trials = set.specs.slice(i, i + 16);
        const chunk = {
          object: set.object,
          effector: set.effector,
          trials,
          schedule: set.schedule,
          firstTrialIndex: i,
        };
        out.push(...runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: `set ${s}` }));
      }
      return out;
    });
  } finally {
    use.spin = 'fast';
    use.robotPath = false;
  }
}

describe('the fast spin friction of the pads', () => {
  it('gives the first version results bit for bit, on the trials path and the robot gripper path', async () => {
    const fast = await runAll('fast');
    expect(new Set(fast.map((r) => r.failure)).size).toBeGreaterThanOrEqual(4);
    // The sets are ones the spin term changes: without it, some results differ.
    const none = await runAll('none');
    expect(none.filter((r, i) => JSON.stringify(r) !== JSON.stringify(fast[i])).length).toBeGreaterThan(0);
    expect(fast).toEqual(await runAll('reference'));
    expect(await runAll('fast', true)).toEqual(await runAll('reference', true));
  }, 600_000); // ~1 min on a quiet machine
});
