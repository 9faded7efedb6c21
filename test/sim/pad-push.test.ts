import { describe, expect, it } from 'vitest';
import { padPushN } from '../../sim/effectors/pad-spin.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import type { ParallelHandles } from '../../sim/grasp-trial/parallel-slot.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { TRIAL_DT_S } from '../../sim/grasp-trial/schedule.ts';
import { buildTrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { TrialChunk, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier, type World } from '../../sim/rapier.ts';

// A pad's normal force as the spin friction reads it (sim/effectors/pad-spin.ts, `padPushN`). The grasp is
// bottle-500ml #20 of bench/verify-agreement.ts's seed 11 (lean-linkage labels): a 0.54 kg bottle (Ø70 mm) lying
// across the pads, its side on each pad's edge, squeezed with 19.0 N per finger. Rapier's manifolds hold three points
// at the same spot of each pad's edge where the solver uses two: the third keeps the impulse of the last step it was
// used in. Summing every point (protocol 3) read a pad at up to twice the squeeze (34–40 N over the hold) while the
// solver's contacts carried 19–20 N; with protocol 4's spin friction the bottle settles otherwise and the sum reads
// up to 28 N. The spin friction's limit scales with that force.

const BOTTLE = { kind: 'cylinder', radiusM: 0.035191224455949854, heightM: 0.2219754157990683 } as const;
const GRASP: TrialSpec = {
  gripperInObject: [
    -0.09867568409206168, -0.9815011500122022, -0.16406889374189257, 0, 0.09153121018208865, 0.15522262103380216,
    -0.9836299992792003, 0, 0.9909011791957694, -0.11207778746978111, 0.07452128973865532, 0, -0.1240984259706861,
    0.013966221641148415, 0.0734682904291009, 1,
  ],
  objectRotationInWorld: [-0.1449285623384483, -0.06971341321803601, -0.9840710651207677, 0.07576206589105006],
  massKg: 0.5412354309433365,
  friction: 0.4700904974981676,
  effort: 18.992105454672128,
};
/** Its index in the set, which places it in its slot of the world. */
const TRIAL_INDEX = 20;
/**
 * Steps read: from the lift's first half (close 36, lift 48: the squeeze has settled from closing) through the hold
 * and the first shake axis (x, along the closing axis, which changes the pads' force by up to the bottle's 5 N).
 */
const HOLD_STEPS = [60, 150] as const;

describe('pad push', () => {
  it("reads a pad's force from the solver's contacts, not the stale impulses of points it no longer uses", async () => {
    const rapier = await loadRapier();
    const object = { shape: BOTTLE, massKg: GRASP.massKg };
    const template = buildTrialTemplate(rapier, object, EMBODY_JAW_80MM, 'lean-linkage');
    const handles = template.slots[TRIAL_INDEX % template.slots.length]!;
    const jaw = (handles.effector as ParallelHandles).jaw;
    let step = 0;
    const read: number[] = [];
    const everyPoint: number[] = [];
    const onStep = (world: World): void => {
      const k = step++;
      if (k < HOLD_STEPS[0] || k > HOLD_STEPS[1]) return;
      const bottle = world.getCollider(handles.objectCollider);
      for (const c of jaw.padColliders) {
        const pad = world.getCollider(c[0]!);
        read.push(padPushN(world, pad, bottle, TRIAL_DT_S));
        let sum = 0;
        world.contactPair(pad, bottle, (manifold) => {
          for (let i = 0; i < manifold.numContacts(); i++) sum += manifold.contactImpulse(i);
        });
        everyPoint.push(sum / TRIAL_DT_S);
      }
    };
    const chunk: TrialChunk = {
      object,
      effector: EMBODY_JAW_80MM,
      trials: [GRASP],
      schedule: 'fast',
      firstTrialIndex: TRIAL_INDEX,
      fingerJoints: 'lean-linkage',
    };
    const templates = new Map([['bottle', template]]);
    runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'bottle', onStep, earlyStop: false });
    // The stale points are there: summed, a pad reads up to 28 N, 5–9 N above its solver contacts.
    expect(Math.max(...everyPoint.map((f, i) => f - read[i]!))).toBeGreaterThan(5);
    expect(Math.max(...everyPoint)).toBeGreaterThan(GRASP.effort + 6);
    // The solver's contacts carry the squeeze (14–22 N), give or take the shake's 5 N along the closing axis.
    expect(Math.max(...read)).toBeLessThan(GRASP.effort + 6);
    expect(Math.min(...read)).toBeGreaterThan(GRASP.effort - 6);
  });
});
