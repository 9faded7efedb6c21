import { describe, expect, it } from 'vitest';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import { DEFAULT_RANDOMIZATION, drawTrial } from '../../apps/datagen/randomization.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { totalSteps, trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { TRIAL_FINGER_JOINTS } from '../../sim/grasp-trial/trial-world.ts';
import type {
  EffectorModel,
  TrialObject,
  TrialResult,
  TrialScheduleName,
  TrialSpec,
} from '../../sim/grasp-trial/types.ts';
import type { JawJoints } from '../../sim/effectors/jaw-joints.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';
import { seededRandom } from '../../src/math/random.ts';

// The trial runner's fast path (the engine's step without the per-step re-mapping of handles, motor settings sent
// only when they change) must give the same results, bit for bit, as stepping with World.step and sending every
// setting every step. Compared on whole results (labels, closed widths, slips), not labels alone.

function run(
  rapier: Rapier,
  object: TrialObject,
  effector: EffectorModel,
  specs: readonly TrialSpec[],
  schedule: TrialScheduleName,
  plainStepping: boolean,
  fingerJoints: JawJoints = TRIAL_FINGER_JOINTS,
): TrialResult[] {
  const templates = new Map();
  const out: TrialResult[] = [];
  for (let i = 0; i < specs.length; i += 16) {
    const chunk = { object, effector, trials: specs.slice(i, i + 16), schedule, firstTrialIndex: i, fingerJoints };
    out.push(...runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'k', plainStepping }));
  }
  return out;
}

describe('the trial runner fast path', () => {
  it('gives the plain path results on the peers trial (516 steps) and on random box grasps', async () => {
    const rapier = await loadRapier();
    const peers = peersTrials(32);
    const fast = run(rapier, PEERS_CUBE, PEERS_JAW, peers, 'long', false);
    expect(fast.filter((r) => r.success).length).toBeGreaterThan(16);
    expect(fast).toEqual(run(rapier, PEERS_CUBE, PEERS_JAW, peers, 'long', true));

    const box: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 };
    const mesh = surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [0.06, 0.04, 0.09] }));
    const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, 96, seededRandom(5), DEFAULT_ANTIPODAL);
    const rng = seededRandom(6);
    const specs = candidates.map((c) => ({
      gripperInObject: [...c.gripperInObject.elements],
      ...drawTrial(DEFAULT_RANDOMIZATION, 'parallel', 0.3, 0.5, rng),
    }));
    const boxFast = run(rapier, box, EMBODY_JAW_80MM, specs, 'fast', false);
    expect(new Set(boxFast.map((r) => r.failure)).size).toBeGreaterThanOrEqual(2);
    expect(boxFast).toEqual(run(rapier, box, EMBODY_JAW_80MM, specs, 'fast', true));
  }, 300_000); // ~20 s on a quiet machine

  it.each(['linkage', 'prismatic', 'single', 'locked'] as const)(
    'gives the plain path results with --finger-joints %s',
    async (joints) => {
      const rapier = await loadRapier();
      const peers = peersTrials(32);
      const fast = run(rapier, PEERS_CUBE, PEERS_JAW, peers, 'long', false, joints);
      expect(fast.filter((r) => r.success).length).toBeGreaterThan(16);
      expect(fast).toEqual(run(rapier, PEERS_CUBE, PEERS_JAW, peers, 'long', true, joints));
    },
    300_000,
  );

  it('lets a bench read the engine after every step (onStep) without changing a result', async () => {
    const rapier = await loadRapier();
    const chunk = {
      object: PEERS_CUBE,
      effector: PEERS_JAW,
      trials: peersTrials(4),
      schedule: 'fast' as const,
      firstTrialIndex: 0,
    };
    const plain = runTrialChunk(rapier, chunk, { reuse: true, earlyStop: false });
    // Without early stops every trial placed keeps its object, palm and two fingers in the world to the end.
    const placed = plain.filter((r) => r.failure !== 'collision_at_approach').length;
    expect(placed).toBeGreaterThan(0);
    let steps = 0;
    const seen = runTrialChunk(rapier, chunk, {
      reuse: true,
      earlyStop: false,
      onStep: (world) => {
        steps++;
        expect(world.bodies.len()).toBe(4 * placed);
      },
    });
    expect(seen).toEqual(plain);
    expect(steps).toBe(totalSteps(trialSchedule('fast')));
  }, 120_000);
});
