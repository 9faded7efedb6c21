import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, storeSkillContext, type StoreSession } from '../../apps/restock/store-session.ts';
import { armPosesHit, armSweepHit } from '../../skills/arm/arm-sweep.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { basePose2D } from '../../skills/arm/robot-frames.ts';
import { isFolded } from '../../skills/reach/tuck-idle-arms.ts';
import { handReachM } from '../../skills/reach/trapped-arm.ts';
import { seededRandom } from '../../src/math/random.ts';
import { progressOf, runTuck } from './tuck-run.ts';

// Soak seed 1 at 5.61 h, built from its checkpoint's robot (nothing else stood within 0.9 m of the hand: the tote
// was empty). The right hand rests against the tote's lip on the cart, its wrist beside the cart's top, 0.47 m from
// the base's centre, past the 0.40 m footprint: the fold meets the tote's floor, and every sweep out of the posture
// (the back-outs', the planned way in's) starts touching, so main reported the robot trapped. Staff swap the tote
// only while the hands are clear of it, so the robot waited for stock that never came: no try from about 3 h on.
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const SEED = 1;
const ROOT = { position: new Vector3(0.21111, 0.96453, 0), quaternion: new Quaternion(0, 0, 0.86385, 0.50375) };
const RIGHT_ARM = [-0.21372, 1.40676, -0.53913, -1.28229, -2.59225, 1.26947, -0.81641];
const NAMES = [
  'shoulder_pan',
  'shoulder_lift',
  'upperarm_roll',
  'elbow_flex',
  'forearm_roll',
  'wrist_flex',
  'wrist_roll',
];
const JOINTS: Record<string, number> = {
  torso_lift_joint: 0.25,
  left_shoulder_pan_joint: -0.45,
  left_shoulder_lift_joint: 1.45,
  left_upperarm_roll_joint: 0.45,
  left_elbow_flex_joint: -2.3,
  left_forearm_roll_joint: 0.15,
  left_wrist_flex_joint: -0.3,
  left_wrist_roll_joint: 0,
  ...Object.fromEntries(NAMES.map((n, i) => [`right_${n}_joint`, RIGHT_ARM[i]!])),
};

let store: StoreSession;
beforeAll(async () => {
  store = await openStore({
    planogramPath: PLANOGRAM,
    seed: SEED,
    initialFill: 0.85,
    resumeFrom: {
      stepCount: 0,
      items: [],
      robot: { rootInWorld: ROOT, joints: JOINTS },
      itemCounter: 300,
      random: seededRandom(SEED).saveState(),
    },
  });
}, 120_000);
afterAll(() => store?.free());

const right = () => store.robot.parts.arms.find((a) => a.name === 'right')!;

describe("soak seed 1's trap over the tote (Rapier sim, sim time)", () => {
  it('is built: the right hand past the footprint, its posture touching the tote, its fold meeting the floor', () => {
    const arm = right();
    expect(arm.currentState().positions[0]).toBeCloseTo(RIGHT_ARM[0]!, 3);
    expect(handReachM(store, arm)).toBeGreaterThan(store.robot.parts.base!.limits.footprintRadiusM);
    expect(armPosesHit(store, arm, [arm.currentState().positions], {}, [], { fingers: true })?.hit.what).toBe(
      'stock-tote/wall-ny',
    );
    expect(armSweepHit(store, arm, [stowJoints(store.robot, arm)], {}, [], { fingers: true })?.hit.what).toMatch(
      /^stock-tote\//,
    );
  });

  it('draws the hand off the tote and folds, not trapped, the base unmoved', () => {
    const base = basePose2D(store.robot)!;
    const run = runTuck(store, (bus) => storeSkillContext(store, bus, store.random.fork(2)));
    expect(run.failure).toBeUndefined();
    const messages = progressOf(run.events).map((e) => e.message);
    expect(messages).toContain('lifting the hand off what it touches');
    expect(progressOf(run.events).some((e) => e.data?.['trapped'] !== undefined)).toBe(false);
    expect(isFolded(store.robot, right())).toBe(true);
    const after = basePose2D(store.robot)!;
    expect(Math.hypot(after.x - base.x, after.y - base.y)).toBeLessThan(0.005);
  });
});
