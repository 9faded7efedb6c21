import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { armPosesHit, armSweepHit } from '../../skills/arm/arm-sweep.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { handReachM } from '../../skills/reach/trapped-arm.ts';
import { seededRandom } from '../../src/math/random.ts';
import { expectPlannedWayIn, runTuck } from './tuck-run.ts';

// Soak seed 1 at 2.37 h, built directly from its checkpoint (the robot and the items within 0.9 m of its base): the
// left arm stands beside aisle-b's left side panel, its hand 0.53 m from the base's centre, past the 0.40 m
// footprint, and the fold meets the panel. The posture touches nothing; about half the joint steps out of it are
// clear. Main's one planned search, on a stream forked from the run's seed, missed the way out, and every later
// try drew the same samples: the robot was trapped for good (60 refused drives) against a fixture no one removes.
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const SEED = 1;
const ROOT = { position: new Vector3(-0.81974, 1.33107, 0), quaternion: new Quaternion(0, 0, 0.86815, -0.4963) };
const LEFT_ARM = [0.53523, 0.9518, 0.02381, -0.34039, -1.60203, 1.57334, 2.18219];
const LEFT_NAMES = ['shoulder_pan', 'shoulder_lift', 'upperarm_roll', 'elbow_flex', 'forearm_roll', 'wrist_flex'];
const JOINTS: Record<string, number> = {
  torso_lift_joint: 0,
  ...Object.fromEntries([...LEFT_NAMES, 'wrist_roll'].map((n, i) => [`left_${n}_joint`, LEFT_ARM[i]!])),
  right_shoulder_pan_joint: 0.45,
  right_shoulder_lift_joint: 1.45,
  right_upperarm_roll_joint: -0.45,
  right_elbow_flex_joint: -2.3,
  right_forearm_roll_joint: -0.15,
  right_wrist_flex_joint: -0.3,
  right_wrist_roll_joint: 0,
};
/** The items on aisle-b beside the hand, where they stood (z turn as a quaternion's z and w). */
const ITEMS = [
  ['shelf/sauce-jar-42', 'sauce-jar', -0.87749, 0.5075, 0.22497, 0, 1],
  ['shelf/bleach-bottle-43', 'bleach-bottle', -0.87249, 0.66434, 0.27497, 0, 1],
  ['shelf/tuna-can-51', 'tuna-can', -0.8825, 0.49749, 0.61643, 0, 1],
  ['shelf/tuna-can-52', 'tuna-can', -0.8825, 0.67584, 0.61643, 0, 1],
  ['shelf/pudding-box-63', 'pudding-box', -0.85749, 0.51, 1.09445, 0, 1],
  ['shelf/gelatin-box-65', 'gelatin-box', -0.85399, 0.79083, 1.08645, 0, 1],
  ['stock/gelatin-box-120', 'gelatin-box', -0.85364, 0.67598, 1.08645, -0.00308, 1],
  ['stock/cereal-box-124', 'cereal-box', -0.87563, 0.73347, 1.64497, 0, 1],
  ['stock/tuna-can-129', 'tuna-can', -0.88238, 0.79069, 0.61642, 0, 1],
  ['stock/milk-carton-1l-130', 'milk-carton-1l', -0.87659, 0.51007, 1.59998, -0.68287, 0.73054],
] as const;

let store: StoreSession;
beforeAll(async () => {
  store = await openStore({
    planogramPath: PLANOGRAM,
    seed: SEED,
    initialFill: 0.85,
    resumeFrom: {
      stepCount: 0,
      items: ITEMS.map(([id, sku, x, y, z, qz, qw]) => ({
        id,
        sku,
        poseInWorld: { position: new Vector3(x, y, z), quaternion: new Quaternion(0, 0, qz, qw).normalize() },
      })),
      robot: { rootInWorld: ROOT, joints: JOINTS },
      itemCounter: 300,
      random: seededRandom(SEED).saveState(),
    },
  });
}, 120_000);
afterAll(() => store?.free());

const left = () => store.robot.parts.arms.find((a) => a.name === 'left')!;

/** Runs the tuck of the idle arms, on the random stream the demo's restock run gives skills. */
const tuck = () => runTuck(store, (bus) => storeSkillContext(store, bus, store.random.fork(2)));

describe("soak seed 1's trap beside a side panel (Rapier sim, sim time)", () => {
  it('is built: the left hand past the footprint, its fold meeting the panel, the posture itself clear', () => {
    const arm = left();
    expect(arm.currentState().positions[0]).toBeCloseTo(LEFT_ARM[0]!, 3);
    expect(handReachM(store, arm)).toBeGreaterThan(store.robot.parts.base!.limits.footprintRadiusM);
    expect(armSweepHit(store, arm, [stowJoints(store.robot, arm)], {}, [], { fingers: true })?.hit.what).toBe(
      'aisle-b/side-left',
    );
    expect(armPosesHit(store, arm, [arm.currentState().positions], {}, [], { fingers: true })).toBeUndefined();
  });

  it('finds a planned way out past the panel and folds, not trapped, the base and the items unmoved', () => {
    expectPlannedWayIn(
      store,
      left(),
      ITEMS.map(([id]) => id),
      tuck,
    );
  });
});
