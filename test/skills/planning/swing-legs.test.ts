import { describe, expect, it } from 'vitest';
import { swingLegs, swingSamples } from '../../../skills/planning/pick-motion.ts';

// A close-first pick from the fold leaves with the fingers as they stand and closes at a sample of its swing
// (`closingPoint`). The swing splits there into the waypoints run before the close and after it. The split used to be
// found afterwards, by testing which leg's joint-space segment the point lay on (to 1e-9 rad); the plan now carries
// the leg the planner drew the point from, and these cases hold the split to what the planner meant.

/** The swing's waypoints run before and after closing at the swing sample `k` (the start is sample 0). */
function splitAt(start: number[], ready: number[] | undefined, preGrasp: number[], k: number) {
  const sample = swingSamples(start, [...(ready ? [ready] : []), preGrasp])[k]!;
  return {
    sample,
    ...swingLegs({ ...(ready ? { ready } : {}), preGrasp, closeAt: sample.q, closeLeg: sample.leg }),
  };
}

describe('a swing splits at its close point on the leg the planner drew it from', () => {
  // Leg 0 runs 0.2 rad (8 samples at 40 per rad), leg 1 0.3 rad (12 samples).
  const start = [0.1, 0, 0];
  const ready = [0.3, 0.2, 0];
  const preGrasp = [0.3, 0.5, 0.1];

  it('a close point at the ready pose (the legs\u2019 joint) ends the first leg: the arm does not go back to it', () => {
    const samples = swingSamples(start, [ready, preGrasp]);
    const k = samples.findIndex((s) => s.leg.index === 0 && s.leg.t === 1);
    expect(k).toBe(8);
    const { sample, beforeClose, afterClose } = splitAt(start, ready, preGrasp, k);
    // The sample is the ready pose, to the rounding of the sweep's interpolation.
    sample.q.forEach((q, i) => expect(q).toBeCloseTo(ready[i]!, 12));
    expect(beforeClose).toEqual([sample.q]);
    expect(afterClose).toEqual([preGrasp]);
  });

  it('a close point just past the ready pose passes it with the fingers as they stand', () => {
    const { sample, beforeClose, afterClose } = splitAt(start, ready, preGrasp, 9);
    expect(sample.leg).toEqual({ index: 1, t: 1 / 12 });
    expect(beforeClose).toEqual([ready, sample.q]);
    expect(afterClose).toEqual([preGrasp]);
  });

  it('a close point just short of the ready pose closes before it', () => {
    const { sample, beforeClose, afterClose } = splitAt(start, ready, preGrasp, 7);
    expect(sample.leg).toEqual({ index: 0, t: 7 / 8 });
    expect(beforeClose).toEqual([sample.q]);
    expect(afterClose).toEqual([ready, preGrasp]);
  });

  it('a close point at the pre-grasp leaves nothing after the close', () => {
    const { sample, beforeClose, afterClose } = splitAt(start, ready, preGrasp, 20);
    expect(sample.leg).toEqual({ index: 1, t: 1 });
    expect(beforeClose).toEqual([ready, sample.q]);
    expect(afterClose).toEqual([]);
  });

  it('without a ready pose the one leg runs to the pre-grasp', () => {
    const { sample, beforeClose, afterClose } = splitAt(start, undefined, preGrasp, 3);
    expect(sample.leg.index).toBe(0);
    expect(beforeClose).toEqual([sample.q]);
    expect(afterClose).toEqual([preGrasp]);
  });

  it('a swing that doubles back: a point of the first leg that also lies on the second closes on the way out', () => {
    // The pre-grasp lies back between the start and the ready pose, so the first leg's samples past it lie on the
    // second leg's segment too: an on-segment test put the close after the ready pose, the fingers left open there.
    const out = [1, 1];
    const back = [0.5, 0.5];
    const samples = swingSamples([0, 0], [out, back]);
    const k = samples.findIndex((s) => s.leg.index === 0 && s.q[0]! > 0.7);
    const { sample, beforeClose, afterClose } = splitAt([0, 0], out, back, k);
    expect(sample.leg.index).toBe(0);
    expect(beforeClose).toEqual([sample.q]);
    expect(afterClose).toEqual([out, back]);
  });

  it('a close point without its leg is a bug, not a guess', () => {
    expect(() => swingLegs({ ready, preGrasp, closeAt: ready })).toThrow(/needs its leg/);
  });
});
