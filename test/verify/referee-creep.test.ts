import { Matrix4, Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { quasiStaticCheck } from '../../apps/verify/quasi-static.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';

// The referee's friction does not creep inside the friction cone. The grasp is pudding-box #19 of
// bench/verify-agreement.ts's seed 13 (lean-linkage labels): a 0.2 kg box held at μ 0.72 by 15 N pads, its weight's
// moment about the pads' axis under half of what the patches carry at the lift's peak. Statics holds it within a
// few degrees; the trial labelled it held. With MuJoCo's default impratio 1 it turned 16° in the pads onto the palm
// by the end of the shake, 12.7° of it during the lift; at 100 it turns 0.5° by the shake (protocol 1's shake then
// kicked it a few degrees at each velocity jump of the palm, as statics predicts).

const BOX = { kind: 'box', halfExtentsM: [0.01839720173168462, 0.0578197768710088, 0.04678145583199803] } as const;

/** The fast protocol's last closing step, and its last step before the shake (close 36, lift 48, hold 12). */
const CLOSED_STEP = 35;
const SHAKE_STEP = 95;

function pudding19(): ReplayTrial {
  return {
    object: 'pudding-box',
    trialIndex: 19,
    label: 'none',
    gripperInObject: new Matrix4().fromArray([
      -0.9716097599944001, -0.2290717915440471, -0.0591657722203027, 0, 0.20221768472536608, -0.6742550304948055,
      -0.7102733008052332, 0, 0.12281075794870976, -0.7020728367991811, 0.7014351356760039, 0, -0.014536390719753727,
      0.1359880760496216, -0.07489870579805939, 1,
    ]),
    objectRotationInWorld: new Quaternion(
      0.33219791716545743,
      -0.14678198925273606,
      0.6468983633107256,
      -0.6705386633206514,
    ).normalize(),
    massKg: 0.1995003056274646,
    friction: 0.719049652996473,
    effort: 15.014250702224672,
  };
}

describe('MuJoCo referee: no creep inside the friction cone', () => {
  it('statics holds pudding-box #19 still in the pads', () => {
    const c = quasiStaticCheck(EMBODY_JAW_80MM, BOX, 'fast', pudding19());
    expect(c.verdict).toBe('holds');
    expect(c.turnRad[0]).toBeLessThan((5 * Math.PI) / 180);
  });

  it('the referee holds it too, and it does not turn in the pads while lifted and held', async () => {
    const mj = await loadMujocoOnce();
    let closed: Quaternion | null = null;
    let turnAtShakeRad = NaN;
    const outcome = replayTrial(mj, EMBODY_JAW_80MM, BOX, 'fast', pudding19(), {
      afterStep: (step, model, data) => {
        const body = mj.mj_name2id(model, mj.mjtObj.mjOBJ_BODY.value, 'object');
        const q = data.xquat as Float64Array;
        const now = new Quaternion(q[4 * body + 1], q[4 * body + 2], q[4 * body + 3], q[4 * body]);
        if (step === CLOSED_STEP) closed = now;
        if (step === SHAKE_STEP) turnAtShakeRad = closed!.angleTo(now);
      },
    });
    // With impratio 1 it had turned 13.5° by the start of the shake, 12.7° of it during the lift.
    expect(turnAtShakeRad).toBeLessThan((1 * Math.PI) / 180);
    expect(outcome.failure).toBe('none');
  });
});
