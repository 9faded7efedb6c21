import { describe, it } from 'vitest';
import { expectLabelsIndependentOfRunning } from './early-stop-check.ts';

// As early-stop.test.ts, with `--finger-joints locked`: each trial in a world turned into its gripper's frame, so a
// dropped object falls sideways through the neighbouring slots. Before every slot had a collision group of its own
// (trial-slot.ts, slotCollisionGroups), such objects hit their neighbours' grippers while decided trials ran on to
// the end of the protocol, and this test failed.
describe('labels independent of how trials are run (locked finger joints)', () => {
  it('are identical with early stops, run to the end of the protocol, and in chunks of 16, 7 or 50', async () => {
    await expectLabelsIndependentOfRunning('locked', 2048);
  }, 600_000); // ~35 s on a quiet machine; the margin is for a loaded one
});
