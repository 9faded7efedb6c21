import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { palmOffsetAt, trialSchedule } from '../../sim/grasp-trial/schedule.ts';

// The referee drives the palm and the jaw by writing into MuJoCo's WASM memory. That memory grows while a trial
// runs (each contact the replay reads is copied onto MuJoCo's heap), and a growth detaches every typed-array view
// taken before it: the replay kept its views for the whole trial, so after a growth the palm no longer lifted or
// shook and the jaw's commands were lost, and the referee judged a trial that never ran.

const JAW = EMBODY_JAW_80MM;

/** A top grasp across a 60 mm box (40 mm along the approach, clear of the palm), the box centred on the TCP, gravity pointing out of the hand. */
function topGrasp(): ReplayTrial {
  const gripperInObject = new Matrix4().makeRotationX(Math.PI).setPosition(0, 0, JAW.tcpZM);
  return {
    object: 'box',
    trialIndex: 0,
    label: 'none',
    gripperInObject,
    objectRotationInWorld: new Quaternion(),
    massKg: 0.1,
    friction: 0.8,
    effort: 20,
  };
}

describe('MuJoCo replay', () => {
  it('keeps driving the palm when MuJoCo memory grows in the middle of a trial', async () => {
    const mj = await loadMujocoOnce();
    // A model whose data takes 64 MB more than the heap has: making its data grows MuJoCo's memory.
    mj.FS.writeFile('/grow.xml', '<mujoco><size memory="64M"/><worldbody/></mujoco>');
    const grow = (): void => {
      const m = mj.MjModel.loadFromXML('/grow.xml');
      const d = new mj.MjData(m);
      d.delete();
      m.delete();
    };
    const schedule = trialSchedule('fast');
    const shape = { kind: 'box', halfExtentsM: [0.03, 0.04, 0.02] } as const;
    const outcome = replayTrial(mj, JAW, shape, 'fast', topGrasp(), {
      // Past the close, during the lift.
      afterStep: (k) => {
        if (k === schedule.closeSteps + 4) grow();
      },
    });
    expect(outcome.failure).toBe('none');
    // The palm ended where the protocol puts it after the last step (lifted, the shake back at zero).
    const expected = new Vector3(...palmOffsetAt(schedule, outcome.steps - 1, [0, 0, 0]));
    expect(outcome.steps).toBeGreaterThan(schedule.closeSteps + schedule.liftSteps);
    expect(new Vector3(...outcome.palmOffsetM).length()).toBeCloseTo(expected.length(), 6);
  });
});
