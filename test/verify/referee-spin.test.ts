import { Matrix4, Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { torsionalFrictionM, trialMjcf } from '../../apps/verify/mujoco-scene.ts';
import { MUJOCO_SETTINGS } from '../../apps/verify/mujoco-settings.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';

// The referee's pads resist spin about the contact normal (condim 4), as rubber pads touching in a patch do. The
// grasp below is can-330ml #110 of the issue-13 referee dataset (seed 1, friction factor 0.4–1.9): the 330 ml can
// (Ø65.5 mm) gripped 26 mm along its side near one end, its axis tilted 4° out of the pads' plane so one pad
// touches it by the rim, gravity mostly along the can. The weight's lever about the pads' axis is 0.08 N·m
// (0.14 N·m at the lift's peak); a 26 mm contact at μ 0.73 and 19 N resists about 0.18 N·m. With condim 3 the
// rim contact had no spin resistance and the can spun 80° about the pads' axis onto the palm; Rapier held it.

const CAN = { kind: 'cylinder', radiusM: 0.0327268595140893, heightM: 0.11404814679152334 } as const;

function can110(): ReplayTrial {
  return {
    object: 'can-330ml',
    trialIndex: 110,
    label: 'none',
    gripperInObject: new Matrix4().fromArray([
      -0.441264, -0.894494, 0.07188, 0, -0.863724, 0.401621, -0.304437, 0, 0.243448, -0.196421, -0.949817, 0, -0.021831,
      0.01904, 0.155988, 1,
    ]),
    objectRotationInWorld: new Quaternion(0.347645, 0.899165, -0.141871, -0.224761).normalize(),
    massKg: 0.2853,
    friction: 0.7304,
    effort: 18.93,
  };
}

describe('MuJoCo referee: spin friction of the pads', () => {
  it('writes condim 4 with the spin limit of a pad-wide patch, (2/3)·μ·half-width', () => {
    const xml = trialMjcf({
      jaw: EMBODY_JAW_80MM,
      shape: CAN,
      objectInGripper: new Matrix4(),
      massKg: 0.3,
      friction: 0.6,
      forceN: 20,
      trialDtS: 1 / 240,
    });
    expect(MUJOCO_SETTINGS.condim).toBe(4);
    expect(xml).toContain('condim="4"');
    expect(torsionalFrictionM(0.6, EMBODY_JAW_80MM)).toBeCloseTo((2 / 3) * 0.6 * EMBODY_JAW_80MM.padHalfM[1], 12);
    expect(xml).toContain(`friction="0.600000000 ${torsionalFrictionM(0.6, EMBODY_JAW_80MM).toPrecision(9)} 0.0001"`);
  });

  it('holds a can tilted in the grip that spun onto the palm without it', async () => {
    const mj = await loadMujocoOnce();
    const outcome = replayTrial(mj, EMBODY_JAW_80MM, CAN, 'fast', can110());
    expect(outcome.failure).toBe('none');
    expect(outcome.slipM).toBeLessThan(0.01);
  });
});
