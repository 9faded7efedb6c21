import { Matrix4, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { gravityInGripper, PalmLoadWatch, weightIntoPalmN } from '../../sim/grasp-trial/palm-load.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { FailureMode, TrialSpec } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';

// `palm_contact` means the palm carries the load (protocol 5), in the trials and the MuJoCo referee alike: its
// normal force stays above half the weight's part pressing the object into the palm for a whole check window. A
// palm the object only grazes, or that the lift and shake knock against it, does not fail a grasp the pads hold.

const BOX_M = 0.05;
const MASS_KG = 0.3;
const BOX = { kind: 'box', halfExtentsM: [BOX_M / 2, BOX_M / 2, BOX_M / 2] } as const;

/** A grasp on the 50 mm box from its top, closing across x, the TCP `depthM` into it: the palm's face 25 mm behind. */
function topGrasp(depthM: number): Matrix4 {
  const closing = new Vector3(1, 0, 0);
  const approach = new Vector3(0, 0, -1);
  return new Matrix4()
    .makeBasis(closing, approach.clone().cross(closing), approach)
    .setPosition(0, 0, BOX_M / 2 - depthM + EMBODY_JAW_80MM.tcpZM);
}

/** The box turned `deg` about y: 180° puts gravity straight into the palm, 90° along the closing axis. */
function turned(deg: number): Quaternion {
  return new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), (deg * Math.PI) / 180);
}

interface Case {
  readonly depthM: number;
  readonly turnDeg: number;
  readonly friction: number;
  readonly effortN: number;
}

async function trial(c: Case): Promise<FailureMode> {
  const rapier = await loadRapier();
  const q = turned(c.turnDeg);
  const spec: TrialSpec = {
    gripperInObject: [...topGrasp(c.depthM).elements],
    objectRotationInWorld: [q.x, q.y, q.z, q.w],
    massKg: MASS_KG,
    friction: c.friction,
    effort: c.effortN,
  };
  const [result] = runTrialChunk(
    rapier,
    {
      object: { shape: BOX, massKg: MASS_KG },
      effector: EMBODY_JAW_80MM,
      trials: [spec],
      schedule: 'fast',
      firstTrialIndex: 0,
    },
    { reuse: false },
  );
  return result!.failure;
}

async function referee(c: Case): Promise<FailureMode> {
  const mj = await loadMujocoOnce();
  return replayTrial(mj, EMBODY_JAW_80MM, BOX, 'fast', {
    object: 'box',
    trialIndex: 0,
    label: 'none',
    gripperInObject: topGrasp(c.depthM),
    objectRotationInWorld: turned(c.turnDeg),
    massKg: MASS_KG,
    friction: c.friction,
    effort: c.effortN,
  }).failure;
}

describe('palm_contact: the palm carries the load, not any touch', () => {
  it('counts a window of steps above half the weight into the palm, and nothing when gravity pulls away', () => {
    // Approaching upward (the gripper unturned), gravity pulls into the palm; approaching downward, away from it.
    const into = weightIntoPalmN(gravityInGripper({ x: 0, y: 0, z: -9.81 }, new Quaternion()), 0.2);
    expect(into).toBeCloseTo(0.2 * 9.81, 9);
    const watch = new PalmLoadWatch(into);
    for (let k = 0; k < TRIAL_PROTOCOL.checkEverySteps - 1; k++) watch.step(0.6 * into);
    expect(watch.carrying).toBe(false);
    watch.step(0.4 * into);
    expect(watch.carrying).toBe(false);
    for (let k = 0; k < TRIAL_PROTOCOL.checkEverySteps; k++) watch.step(0.6 * into);
    expect(watch.carrying).toBe(true);
    const away = weightIntoPalmN(gravityInGripper({ x: 0, y: 0, z: -9.81 }, turned(180)), 0.2);
    expect(away).toBe(0);
    const never = new PalmLoadWatch(away);
    for (let k = 0; k < 3 * TRIAL_PROTOCOL.checkEverySteps; k++) never.step(50);
    expect(never.carrying).toBe(false);
  });

  it('a load sliding down onto the palm fails palm_contact in both engines', async () => {
    // Upside down, 1 mm off the palm: μ 0.15 and 3 N per finger carry 0.9 N of the box's 2.9 N.
    const sliding: Case = { depthM: 0.024, turnDeg: 180, friction: 0.15, effortN: 3 };
    expect(await trial(sliding)).toBe('palm_contact');
    expect(await referee(sliding)).toBe('palm_contact');
  }, 60_000);

  it('a palm the box grazes does not fail a firm grip, in either engine', async () => {
    // Gravity along the closing axis, 0.1 mm off the palm: the lift and shake knock the box on the palm (both
    // engines failed it on that touch before protocol 5) while the pads, μ 1 and 25 N per finger, hold it.
    const knocked: Case = { depthM: 0.0249, turnDeg: 90, friction: 1, effortN: 25 };
    expect(await trial(knocked)).toBe('none');
    expect(await referee(knocked)).toBe('none');
    // Upside down, 0.5 mm off the palm: MuJoCo's box touches the palm in passing (it failed on the touch before).
    const grazing: Case = { depthM: 0.0245, turnDeg: 180, friction: 1, effortN: 25 };
    expect(await trial(grazing)).toBe('none');
    expect(await referee(grazing)).toBe('none');
  }, 60_000);
});
