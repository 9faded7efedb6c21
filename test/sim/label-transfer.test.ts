import { describe, expect, it } from 'vitest';
import { runLabelTransfer, runTransferObject, tabletopScene } from '../../bench/label-transfer.ts';

// Datagen labels grasps with the UR robot's own gripper (`--gripper ur`, objects upright, a fixed seed); the UR arm
// on the tabletop then runs a sample of them (reach, close with the label's force, lift, hold) and the outcome is
// compared with the label. The larger sample and its confusion matrix are in bench/label-transfer.ts.
describe('label transfer to the UR arm on the tabletop', () => {
  it('agrees with datagen on every grasp the arm can run, and counts the rest', async () => {
    const result = await runLabelTransfer({
      objects: ['can-330ml', 'tea-box'],
      graspsPerObject: 24,
      seed: 11,
      samplePerObject: 10,
    });
    expect(result.rows).toHaveLength(20);
    // Enough grasps were really run for the agreement to mean something, with both outcomes present.
    expect(result.scored.length).toBeGreaterThanOrEqual(5);
    expect(result.agreeing).toBe(result.scored.length);
    // The rest are counted by reason, never scored.
    const unscored = result.rows.filter((r) => !result.scored.includes(r));
    for (const r of unscored) expect(['unreachable', 'fixture-blocked', 'arm-collision']).toContain(r.outcome);

    // The same held grasp on a slippery object (μ 0.05 against the pads) is not held: the robot run can fail.
    const held = result.scored.find((r) => r.outcome === 'held')!;
    expect(held).toBeDefined();
    const [slippery] = await runTransferObject(await tabletopScene(), held.object, [{ ...held.trial, friction: 0.05 }]);
    expect(slippery!.outcome).not.toBe('held');
  }, 120_000);
});
