import { describe, it } from 'vitest';
import { TRIAL_FINGER_JOINTS } from '../../sim/grasp-trial/trial-world.ts';
import { expectLabelsIndependentOfRunning } from './early-stop-check.ts';

// Labels are a function of the trial alone: the same with decided trials stopped early or run to the end of the
// protocol, and the same however the trials are cut into chunks. With the trials' default finger joints
// (early-stop-locked.test.ts checks `--finger-joints locked`).
describe(`labels independent of how trials are run (${TRIAL_FINGER_JOINTS} finger joints)`, () => {
  it('are identical with early stops, run to the end of the protocol, and in chunks of 16, 7 or 50', async () => {
    await expectLabelsIndependentOfRunning(TRIAL_FINGER_JOINTS, 512);
  }, 600_000); // ~40 s on a quiet machine; the margin is for a loaded one
});
