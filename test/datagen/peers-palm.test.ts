import { describe, expect, it } from 'vitest';
import { peersChunks, peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { ParallelJawModel, TrialResult } from '../../sim/grasp-trial/types.ts';
import { loadRapier, type World } from '../../sim/rapier.ts';

// The peers' common trial (bench/datagen-peers.ts) is the benchmark against native Bullet, whose palm has no
// collider. Ours is checked for palm contact like any trial's, so it must make none of the contacts the peers do not
// have: not even the speculative ones a palm within the contact prediction distance of the cube makes every step.

/** Runs `n` peers' trials with `jaw`: their results, and the palm–cube contact points summed over every step. */
async function palmPoints(jaw: ParallelJawModel, n: number): Promise<{ results: TrialResult[]; points: number }> {
  const rapier = await loadRapier();
  const templates = new Map<string, TrialTemplate>();
  let points = 0;
  const onStep = (world: World): void => {
    for (const slot of [...templates.values()][0]!.slots) {
      if (!('jaw' in slot.effector)) continue;
      const palm = world.getCollider(slot.effector.palmCollider);
      const object = world.getCollider(slot.objectCollider);
      // A decided trial's slot is taken out of the world, colliders and all.
      if (palm === null || object === null) continue;
      world.contactPair(palm, object, (m) => (points += m.numContacts()));
    }
  };
  const results = peersChunks(peersTrials(n), 'long').flatMap((chunk) =>
    runTrialChunk(rapier, { ...chunk, effector: jaw }, { reuse: true, templates, templateKey: jaw.name, onStep }),
  );
  return { results, points };
}

describe("the peers' trial jaw", () => {
  it('keeps its palm out of contact with the cube, speculative contacts included, and the labels of a palm 2 mm off', async () => {
    const half = PEERS_CUBE.shape.kind === 'box' ? PEERS_CUBE.shape.halfExtentsM[2] : NaN;
    // The palm as it sat before: its face 2 mm from the cube's, the contact prediction distance.
    const near: ParallelJawModel = {
      ...PEERS_JAW,
      name: 'peers-palm-2mm',
      palmCentreZM: PEERS_JAW.tcpZM - half - PEERS_JAW.palmHalfM[2] - 0.002,
    };
    const before = await palmPoints(near, 16);
    const after = await palmPoints(PEERS_JAW, 16);
    // The near palm makes contacts in the trials (so the count can tell); the peers' jaw makes none.
    expect(before.points).toBeGreaterThan(16 * 100);
    expect(after.points).toBe(0);
    expect(after.results.filter((r) => r.success).length).toBeGreaterThan(12);
    expect(after.results.map((r) => r.failure)).toEqual(before.results.map((r) => r.failure));
  }, 300_000);
});
