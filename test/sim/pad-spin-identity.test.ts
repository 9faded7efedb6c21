import { describe, expect, it, vi } from 'vitest';
import { graspSets, type TrialSet } from '../../bench/datagen-levers.ts';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialResult } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';
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

const SETS: readonly TrialSet[] = [
  { name: 'peers cube', object: PEERS_CUBE, effector: PEERS_JAW, specs: peersTrials(16), schedule: 'long' },
  ...graspSets(48),
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
