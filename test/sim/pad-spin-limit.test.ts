import { Quaternion } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { patchSpinLeft } from '../../sim/effectors/pad-load.ts';
import type * as PadLoad from '../../sim/effectors/pad-load.ts';
import { padSpinState } from '../../sim/effectors/pad-spin.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { buildTrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { TrialChunk, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';

// A pad's spin friction shares its patch's limit with the friction force the pad carries (sim/effectors/pad-load.ts,
// `patchSpinLeft`). The grasp is pasta-box #9 of bench/verify-agreement.ts's seed 11 (lean-linkage labels): a 0.60 kg
// box (47 × 145 × 202 mm) at μ 0.84, squeezed with 23.2 N, its face tilted 9–12° to the pads so that each pad touches
// it at its edge, one near the pad's tip and the other 27 mm lower: the squeeze runs diagonally between them, and
// friction carries 14–16 N of each pad's 20–24 N before the box has any weight (MuJoCo's contact forces). Its
// weight's turning moment about the pads' axis is 0.36 N·m. The MuJoCo referee (elliptic cone, condim 4) finds each
// pad's friction at its limit as the lift starts and the box pivots 32° onto the palm; Rapier's pads, resisting
// spin up to (2/3)·μ·N·r whatever friction force they already carried, held it turned 12° (labelled held); with
// the patch's limit shared, Rapier pivots it onto the palm too (labelled palm_contact up to protocol 4, which failed
// a grasp on any palm touch). Since issue 13's crowned-pad trace (both pads read the box's spin before either acts,
// the reaction on the hand, not the light finger) the pads resist its pivot fully and it stops 18° from where it was
// gripped, short of the palm (23°): the figures of the test below.

/** Whether the pads' patches keep their whole spin limit whatever friction force they carry (`patchSpinLeft` = 1). */
const whole = vi.hoisted(() => ({ limit: false }));
vi.mock('../../sim/effectors/pad-load.ts', async (importOriginal) => {
  const real = await importOriginal<typeof PadLoad>();
  const left: typeof real.patchSpinLeft = (...args) => (whole.limit ? 1 : real.patchSpinLeft(...args));
  return { ...real, patchSpinLeft: left };
});

const BOX = {
  kind: 'box',
  halfExtentsM: [0.02328294912655838, 0.07243584172707052, 0.10089277954841964],
} as const;
const GRASP: TrialSpec = {
  gripperInObject: [
    -0.9665673560352323, 0.20897416096220015, 0.1485844752900023, 0, -0.1313936920293871, -0.9012743970612098,
    0.4128439885681271, 0, 0.2201891094989655, 0.3795184596987315, 0.8986002975772683, 0, -0.02338119825539533,
    0.021596974495876678, -0.19208300702540893, 1,
  ],
  objectRotationInWorld: [0.07795574021097491, 0.05216372600597036, -0.4862422413063334, 0.8687751901537741],
  massKg: 0.6009604152013003,
  friction: 0.8358429018338212,
  effort: 23.2285990845412,
};
/** Its index in the set, which places it in its slot of the world. */
const TRIAL_INDEX = 9;

describe('pad spin limit', () => {
  it("leaves the patch the part of its limit the pad's friction force does not take", async () => {
    const rapier = await loadRapier();
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic());
    world.createCollider(rapier.ColliderDesc.ball(0.03).setMass(0.5), body);
    const dtS = 1 / 240;
    const n = { x: 1, y: 0, z: 0 };
    const centre = { x: -0.035, y: 0, z: 0 };
    // μN = 10 N per pad. At rest each of the two pads carries half the 4.9 N weight by friction: √(1 − 0.245²).
    const state = padSpinState();
    const atRest = patchSpinLeft(world, body, n, 20, 0.5, centre, { x: 0.035, y: 0, z: 0 }, 2, dtS, state);
    expect(atRest).toBeCloseTo(Math.sqrt(1 - 0.24525 ** 2), 4);
    // Lifted at 1 g (its velocity one step ago 9.81·dt lower), each pad carries 4.9 N: √(1 − 0.4905²).
    state.held = body.handle;
    state.heldVelocity = { x: 0, y: 0, z: -9.81 * dtS };
    const lifted = patchSpinLeft(world, body, n, 20, 0.5, centre, { x: 0.035, y: 0, z: 0 }, 2, dtS, state);
    expect(lifted).toBeCloseTo(Math.sqrt(1 - 0.4905 ** 2), 4);
    // At rest again, the other pad's contact 20 mm off the closing axis: the squeeze runs along the line between
    // the contacts, 15.9° off the normal, and each pad carries 20 N·tan(15.9°) = 5.71 N of it on top of the weight.
    state.held = -1;
    const off = patchSpinLeft(world, body, n, 20, 0.5, centre, { x: 0.035, y: 0, z: 0.02 }, 2, dtS, state);
    expect(off).toBeCloseTo(Math.sqrt(1 - ((20 * (0.02 / 0.07) + 2.4525) / 10) ** 2), 4);
  });

  it('lets a box squeezed diagonally across the pads pivot further as its friction is spent', async () => {
    const rapier = await loadRapier();
    const object = { shape: BOX, massKg: GRASP.massKg };
    const template = buildTrialTemplate(rapier, object, EMBODY_JAW_80MM, 'lean-linkage');
    const chunk: TrialChunk = {
      object,
      effector: EMBODY_JAW_80MM,
      trials: [GRASP],
      schedule: 'fast',
      firstTrialIndex: TRIAL_INDEX,
      fingerJoints: 'lean-linkage',
    };
    const handles = template.slots[TRIAL_INDEX % TRIAL_PROTOCOL.trialsPerWorld]!;
    /** The most the box turns from its pose at the trial's first step, degrees. */
    const pivotDeg = (): number => {
      let first: Quaternion | null = null;
      let most = 0;
      runTrialChunk(rapier, chunk, {
        reuse: true,
        templates: new Map([['box', template]]),
        templateKey: 'box',
        onStep: (world) => {
          const q = world.getCollider(handles.objectCollider).parent()!.rotation();
          const now = new Quaternion(q.x, q.y, q.z, q.w);
          first ??= now;
          most = Math.max(most, (now.angleTo(first) * 180) / Math.PI);
        },
      });
      return most;
    };
    // Measured: 18° with the limit shared, 15° with each patch's whole limit. (Before issue 13's fix the pads fought
    // each other and it pivoted 26° onto the palm; MuJoCo pivots it 32°.)
    const shared = pivotDeg();
    whole.limit = true;
    let kept: number;
    try {
      kept = pivotDeg();
    } finally {
      whole.limit = false;
    }
    expect(shared).toBeGreaterThan(kept + 2);
  });
});
