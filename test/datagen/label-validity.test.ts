import { describe, expect, it } from 'vitest';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { type EffectorModel, type TrialResult, type TrialSpec } from '../../sim/grasp-trial/types.ts';
import { EMBODY_JAW_80MM, SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { loadRapier } from '../../sim/rapier.ts';
import { analyticQuality } from '../../apps/datagen/analytic-quality.ts';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../../apps/datagen/antipodal-sampler.ts';
import type { GraspCandidate } from '../../apps/datagen/grasp-candidate.ts';
import { primitiveTriangles } from '../../apps/datagen/primitive-mesh.ts';
import type { TrialDraw } from '../../apps/datagen/randomization.ts';
import { sampleSuctionGrasps } from '../../apps/datagen/suction-sampler.ts';
import { surfaceMesh } from '../../apps/datagen/surface-mesh.ts';
import { seededRandom } from '../../src/math/random.ts';

const UPRIGHT: [number, number, number, number] = [0, 0, 0, 1];
const CONE_BAND_RAD = (5 * Math.PI) / 180;

function boxObject(size: number, massKg: number) {
  return {
    mesh: surfaceMesh(primitiveTriangles({ kind: 'box', sizeM: [size, size, size] })),
    object: { shape: { kind: 'box' as const, halfExtentsM: [size / 2, size / 2, size / 2] as const }, massKg },
  };
}

function draw(massKg: number, friction: number, effort: number): TrialDraw {
  return { massKg, friction, effort, objectRotationInWorld: UPRIGHT };
}

function spec(c: GraspCandidate, d: TrialDraw): TrialSpec {
  return {
    gripperInObject: [...c.gripperInObject.elements],
    objectRotationInWorld: d.objectRotationInWorld,
    massKg: d.massKg,
    friction: d.friction,
    effort: d.effort,
  };
}

async function run(
  effector: EffectorModel,
  object: ReturnType<typeof boxObject>['object'],
  trials: TrialSpec[],
): Promise<TrialResult[]> {
  const rapier = await loadRapier();
  const out: TrialResult[] = [];
  for (let i = 0; i < trials.length; i += 16) {
    out.push(
      ...runTrialChunk(
        rapier,
        { object, effector, trials: trials.slice(i, i + 16), schedule: 'fast', firstTrialIndex: i },
        { reuse: true, templates: new Map() },
      ),
    );
  }
  return out;
}

describe('label validity (physics)', () => {
  it('a box wider than the opening fails every parallel-jaw grasp across it', async () => {
    const { mesh, object } = boxObject(0.12, 0.3);
    const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, 16, seededRandom(5), {
      ...DEFAULT_ANTIPODAL,
      keepTooWide: true,
      rejectColliding: false,
    }).filter((c) => c.widthM > EMBODY_JAW_80MM.maxOpeningM);
    expect(candidates.length).toBeGreaterThan(8);
    const results = await run(
      EMBODY_JAW_80MM,
      object,
      candidates.map((c) => spec(c, draw(0.3, 1, 20))),
    );
    expect(results.every((r) => !r.success)).toBe(true);
    expect(new Set(results.map((r) => r.failure))).toEqual(new Set(['collision_at_approach']));
  });

  it('antipodal labels agree with the friction-cone prediction away from the boundary, across μ', async () => {
    const { mesh, object } = boxObject(0.05, 0.3);
    const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, 16, seededRandom(11));
    const schedule = trialSchedule('fast');
    let agree = 0;
    let counted = 0;
    const outcomes = new Set<boolean>();
    for (const mu of [0.1, 0.25, 0.6, 1.2]) {
      const draws = candidates.map(() => draw(0.3, mu, 10));
      const results = await run(
        EMBODY_JAW_80MM,
        object,
        candidates.map((c, i) => spec(c, draws[i]!)),
      );
      candidates.forEach((c, i) => {
        const q = analyticQuality(c, draws[i]!, EMBODY_JAW_80MM, schedule);
        const r = results[i]!;
        if (r.failure === 'collision_at_approach') return;
        // Away from the cone boundary: the needed contact force's angle to the normal is ≥ 5° from atan μ.
        if (Math.abs(Math.atan(q.requiredFriction) - Math.atan(mu)) < CONE_BAND_RAD) return;
        counted++;
        outcomes.add(r.success);
        if (q.predictedSuccess === r.success) agree++;
      });
    }
    expect(counted).toBeGreaterThan(30);
    expect(outcomes).toEqual(new Set([true, false]));
    expect(agree / counted).toBeGreaterThanOrEqual(0.95);
  });

  it('suction holds a light box by its top face and drops one above the cup rating', async () => {
    const { mesh } = boxObject(0.1, 0.2);
    const top = sampleSuctionGrasps(mesh, SUCTION_30MM, 40, seededRandom(2))
      .filter((c) => c.axisInObject.z < -0.99)
      .slice(0, 4);
    expect(top.length).toBe(4);
    const vacuumKPa = 50;
    const ratingN = vacuumKPa * 1000 * Math.PI * SUCTION_30MM.cupRadiusM ** 2;
    const light = await run(
      SUCTION_30MM,
      boxObject(0.1, 0.2).object,
      top.map((c) => spec(c, draw(0.2, 0.5, vacuumKPa))),
    );
    expect(light.map((r) => r.failure)).toEqual(['none', 'none', 'none', 'none']);
    const heavyKg = (1.3 * ratingN) / 9.81;
    const heavy = await run(
      SUCTION_30MM,
      boxObject(0.1, heavyKg).object,
      top.map((c) => spec(c, draw(heavyKg, 0.5, vacuumKPa))),
    );
    expect(heavy.every((r) => !r.success && r.failure === 'slipped_during_lift')).toBe(true);
  });
});
