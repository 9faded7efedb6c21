// The peers' common grasp trial (shared/peers/README.md) as embody trial specs: a 70 mm cube of 0.2 kg at μ 1,
// 20 × 80 × 40 mm pads of 50 g opening 100 mm, 20 N per finger, the cube offset by ±1 cm and yawed by ±15° from
// mulberry32(seed), the gripper straight down with its pads' centre at the cube's centre. Run on the `long`
// schedule (close 0.4 s, lift 10 cm over 1 s, hold 0.25 s, one 2 Hz 2 cm shake across the grasp axis: 516 steps).
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { ParallelJawModel, TrialObject, TrialSpec } from '../sim/grasp-trial/types.ts';

/** The peers' pads and stroke; their palm has no collider, so ours sits clear above the cube. */
export const PEERS_JAW: ParallelJawModel = {
  kind: 'parallel',
  name: 'peers-common-trial',
  maxOpeningM: 0.1,
  tcpZM: 0.1,
  padHalfM: [0.01, 0.04, 0.02],
  padCentreZM: 0.1,
  fingerMassKg: 0.05,
  palmHalfM: [0.07, 0.04, 0.01],
  palmCentreZM: 0.1 - 0.035 - 0.01 - 0.002,
};

/** The peers' cube. */
export const PEERS_CUBE: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.035, 0.035, 0.035] }, massKg: 0.2 };

/** The peers' random stream (mulberry32), so trial i is the same trial as in every peer engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first `n` peer trials of `seed` (12345 in the peers' runs). */
export function peersTrials(n: number, seed = 12345): TrialSpec[] {
  const rnd = mulberry32(seed);
  // Gripper straight down (+z of the gripper is world −z), closing along world x.
  const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI);
  return Array.from({ length: n }, () => {
    const dx = 0.01 * (2 * rnd() - 1);
    const dy = 0.01 * (2 * rnd() - 1);
    const yaw = ((15 * Math.PI) / 180) * (2 * rnd() - 1);
    const objectRotation = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yaw);
    const objectInWorld = new Matrix4().compose(new Vector3(dx, dy, 0), objectRotation, new Vector3(1, 1, 1));
    const tcp = new Vector3(0, 0, 0);
    const origin = tcp.clone().sub(new Vector3(0, 0, PEERS_JAW.tcpZM).applyQuaternion(down));
    const gripperInWorld = new Matrix4().compose(origin, down, new Vector3(1, 1, 1));
    const gripperInObject = objectInWorld.clone().invert().multiply(gripperInWorld);
    return {
      gripperInObject: [...gripperInObject.elements],
      objectRotationInWorld: [objectRotation.x, objectRotation.y, objectRotation.z, objectRotation.w],
      massKg: 0.2,
      friction: 1,
      effort: 20,
    };
  });
}
