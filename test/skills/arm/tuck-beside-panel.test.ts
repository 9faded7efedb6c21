import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import { loadScene } from '../../../scenes/load-scene.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { goWithinReach } from '../../../skills/reach/reach-skills.ts';
import { collateralMoves } from '../../../skills/watch/collateral.ts';
import type { Pose } from '../../../src/math/pose.ts';
import { runInSim, simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// The multi-pick bench's seed 11: after a suction place into aisle-b level-3 slot-6 (the bay's last slot, beside the
// shelf's side panel), the left arm's fold to its stow posture swept the cup through the panel, and so did every
// back-out toward the body (the base stood at an angle to the shelf). The tuck left the arm out, the base drove
// 6.8 m to the tote with it, and the cup knocked three cracker boxes along aisle b. The robot here starts in that
// state: base, lift and both arms as the place left them (read from the bench run), the placed can in its slot.

/** The base where the place left it, in the world frame. */
const BASE = { x: -0.7749466991453903, y: 1.3247960048622458, yawRad: -2.0892434561009012 };
const JOINTS: Record<string, number> = {
  torso_lift_joint: 0.7,
  left_shoulder_pan_joint: 0.852813881489458,
  left_shoulder_lift_joint: 0.1333292622470912,
  left_upperarm_roll_joint: 1.1756428184206558,
  left_elbow_flex_joint: -1.1878519659234046,
  left_forearm_roll_joint: -1.2880083424104611,
  left_wrist_flex_joint: 1.8799195317970459,
  left_wrist_roll_joint: 1.8326264202447105,
  right_shoulder_pan_joint: 0.45,
  right_shoulder_lift_joint: 1.45,
  right_upperarm_roll_joint: -0.45,
  right_elbow_flex_joint: -2.3,
  right_forearm_roll_joint: -0.15,
  right_wrist_flex_joint: -0.3,
  right_wrist_roll_joint: 0,
};
const PLACED = { id: 'stock-tote/can-330ml-6', position: new Vector3(-0.873, 0.7333, 1.1075) };

async function afterPlace(): Promise<SimHarness> {
  const scene = await loadScene(new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname);
  const basePoseInWorld: Pose = {
    position: new Vector3(BASE.x, BASE.y, 0),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), BASE.yawRad),
  };
  return simHarnessFor(
    {
      ...scene,
      robots: scene.robots.map((r) => ({ ...r, basePoseInWorld, initialJointPositions: JOINTS })),
      objects: scene.objects.map((o) =>
        o.id === PLACED.id ? { ...o, poseInWorld: { position: PLACED.position, quaternion: new Quaternion() } } : o,
      ),
    },
    'picker',
    11,
  );
}

describe('the idle arm is made safe before the base drives (multi-pick seed 11)', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await afterPlace();
  });
  afterAll(() => h.simulation.free());

  it('folds the arm in from beside the side panel, then drives to the tote without moving anything else', () => {
    const before = h.simulation.services.objectTracking!.poses();
    const run = runInSim(h, goWithinReach({ kind: 'grasp', object: 'stock-tote/can-330ml-2', effector: 'auto' }));
    h.simulation.sim.runFor(500);
    const moved = collateralMoves(before, h.simulation.services.objectTracking!.poses(), new Set(), {
      moveM: 0.01,
      turnRad: Infinity,
    });
    expect(moved).toEqual([]);
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.some((e) => e.message === 'backing out before the tuck')).toBe(true);
    const left = h.ctx.robot.parts.arms.find((a) => a.name === 'left')!;
    const stow = stowJoints(h.ctx.robot, left);
    const now = left.currentState().positions;
    expect(Math.max(...stow.map((q, i) => Math.abs(q - now[i]!)))).toBeLessThan(0.05);
  });
});
