import { beforeAll, describe, expect, it } from 'vitest';
import { measurePadSink } from '../../sim/effectors/pad-sink.ts';
import type { JawFinger } from '../../sim/effectors/parallel-jaw.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { jawFingers } from '../../sim/grasp-trial/parallel-slot.ts';
import { loadRapier, type Rapier } from '../../sim/rapier.ts';

// Why the jaw's pads sink 1–3 mm into what they squeeze (issue 13; sim/effectors/pad-sink.ts, bench/pad-sink.ts), as
// sim/README.md states it: the sink is the contact's own softness, not the finger joints yielding; it grows with the
// squeeze; more solver iterations and Rapier's allowed linear error leave it as it is; it falls with the effective
// mass at the pad's contact, which the finger's turning inertia sets. Each claim here is a lever someone may reach
// for, and a Rapier upgrade that changes one should fail here rather than in the labels.

describe('pad sink', () => {
  let rapier: Rapier;
  let fingers: readonly [JawFinger, JawFinger];
  beforeAll(async () => {
    rapier = await loadRapier();
    fingers = jawFingers(EMBODY_JAW_80MM);
  });

  it('is the contact sinking, not the joints: the deepest contact is the sink the travel shows and the finger keeps square', () => {
    for (const massKg of [0.05, 0.2]) {
      const s = measurePadSink(rapier, fingers, { massKg, forceN: 40 });
      expect(s.travelSinkM).toBeGreaterThan(0.001);
      expect(Math.abs(s.contactDepthM - s.travelSinkM)).toBeLessThan(0.25 * s.travelSinkM);
      expect(s.fingerTiltDeg).toBeLessThan(1);
    }
  });

  it('grows with the squeeze: 40 N sinks a 50 g box about four times as deep as 10 N', () => {
    const soft = measurePadSink(rapier, fingers, { massKg: 0.05, forceN: 10 });
    const hard = measurePadSink(rapier, fingers, { massKg: 0.05, forceN: 40 });
    expect(hard.contactDepthM / soft.contactDepthM).toBeGreaterThan(3.5);
    expect(hard.contactDepthM / soft.contactDepthM).toBeLessThan(4.5);
  });

  it('stays with more solver iterations (world or fingers) and with no allowed linear error', () => {
    const base = measurePadSink(rapier, fingers, { massKg: 0.05, forceN: 40 });
    for (const lever of [{ solverIterations: 16 }, { fingerExtraSolverIterations: 24 }, { allowedLinearErrorM: 0 }]) {
      const s = measurePadSink(rapier, fingers, { massKg: 0.05, forceN: 40, ...lever });
      expect(s.contactDepthM).toBeGreaterThan(0.9 * base.contactDepthM);
    }
  });

  it("falls with the contact's effective mass: the fingers' turning inertia ×100 leaves under half the sink", () => {
    for (const massKg of [0.05, 0.6]) {
      const base = measurePadSink(rapier, fingers, { massKg, forceN: 40 });
      const stiff = measurePadSink(rapier, fingers, { massKg, forceN: 40, fingerTurnInertiaScale: 100 });
      expect(stiff.contactDepthM).toBeLessThan(0.5 * base.contactDepthM);
    }
  });
});
