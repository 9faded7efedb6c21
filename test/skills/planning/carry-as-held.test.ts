import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { currentJoints } from '../../../skills/arm/robot-frames.ts';
import { carryStage } from '../../../skills/planning/carry-stage.ts';
import { GRAVITY_MPS2 } from '../../../skills/force/wrench.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// Demo seed 1 (before the robot idled with its arms folded): the 1 l juice carton, held by the right gripper from
// the side, had no way into aisle-a's lowest slot as it sat in the fingers after the grasp. Its put-back was then
// refused: "no carry posture for a 2.5 m carry". The state is built here as it was seen: the base at the slot's
// stand-off with the lift down, the hand pointing at the shelf in front of level 2's lip, the carton a little
// off where the grasp meant it. Two artefacts refused it: the 3 cm margin kept around the load on its way up
// counted the lip behind it (so the carry first had to rise 16 cm, out of the arm's reach), and the hand pointing
// straight out cannot come nearer than 0.3 m in front of the shoulder with the elbow at its limit. Turned about the
// vertical, the load stays level and comes in to 0.18 m, inside the footprint.
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const RIGHT_ARM = [-0.65, 1.23, -1.48, -2.3, -1.35, 1.83, -2.31];
const LEFT_STOW = [-0.45, 1.45, 0.45, -2.3, 0.15, -0.3, 0];
const TOTE_SPOT = { position: [0, 1.42, 0.63] as [number, number, number], yawRad: 0 };

describe('a carry posture for a load as it is held', () => {
  let h: SimHarness;
  beforeAll(async () => {
    const scene = await loadScene(new URL(`../../../scenes/${SCENE}`, import.meta.url).pathname);
    const carton = scene.objects.find((o) => o.id === 'carton')!;
    // A 0.6 m pole as thick as the carton: held upright at its middle with the lift down, its foot hangs at about
    // 0.26 m, below the top of the robot's base (0.3 m), and every carry pose within reach is over the base.
    const pole = {
      ...carton,
      id: 'pole',
      shape: { kind: 'box' as const, sizeM: [0.07, 0.07, 0.6] as const },
      poseInWorld: { position: new Vector3(-0.8, 1.2, 0.035), quaternion: new Quaternion(0, 0.7071068, 0, 0.7071068) },
    };
    const arms: Record<string, number> = { torso_lift_joint: 0 };
    ['pan', 'lift', 'roll', 'elbow', 'froll', 'wflex', 'wroll'].forEach((_, i) => {
      const names = ['shoulder_pan', 'shoulder_lift', 'upperarm_roll', 'elbow_flex', 'forearm_roll', 'wrist_flex'];
      const joint = `${[...names, 'wrist_roll'][i]}_joint`;
      arms[`right_${joint}`] = RIGHT_ARM[i]!;
      arms[`left_${joint}`] = LEFT_STOW[i]!;
    });
    const robots = scene.robots.map((r) => ({
      ...r,
      basePoseInWorld: {
        position: new Vector3(0.325, -0.729, 0),
        quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 0.532),
      },
      initialJointPositions: { ...r.initialJointPositions, ...arms },
    }));
    h = await simHarnessFor({ ...scene, robots, objects: [...scene.objects, pole] }, 'picker', 1);
  }, 60_000);
  afterAll(() => h.simulation.free());

  /** The hold seed 1's carton was seen in (the pads 61 mm apart), for `objectId`. */
  function heldAsSeen(objectId: string): HeldObject {
    const object = h.ctx.world.object(objectId)!;
    return {
      objectId,
      armName: 'right',
      effector: 'gripper',
      objectInTool: {
        position: new Vector3(0.0146, 0, 0.025),
        quaternion: new Quaternion(0.4398, -0.4468, 0.5276, -0.5732).normalize(),
      },
      restQuaternion: new Quaternion(),
      payloadN: object.massKg * GRAVITY_MPS2,
      gripWidthM: 0.061,
    };
  }

  function carried(objectId: string, asHeld: boolean) {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const object = h.ctx.world.object(objectId)!;
    const base = { x: 0.325, y: -0.729, yawRad: 0.532 };
    const joints = currentJoints(h.ctx.robot);
    return carryStage(h.ctx, object, TOTE_SPOT, arm, heldAsSeen(objectId), base, joints, { asHeld });
  }

  it('finds none among the carry poses of a pick (the load straight in front of the shoulder)', () => {
    expect(carried('carton', false)).toMatch(/^carry: no carry posture for a 2\.\d m carry/);
  });

  it('brings the carton in, level and turned, inside the footprint, for the load as held', () => {
    const stage = carried('carton', true);
    if (typeof stage === 'string') throw new Error(stage);
    const posture = stage.carry?.carry;
    expect(posture).toBeDefined();
    expect(posture!.beyondFootprintM).toBeUndefined();
    expect(Math.abs(posture!.turnRad ?? 0)).toBeGreaterThan(0);
  });

  // Truly impossible with the lift where it is: without the check of the load against the base, a carry through
  // the base is found for it.
  it('still refuses a load that would pass through the robot on any way in', () => {
    expect(carried('pole', true)).toMatch(/^carry: no carry posture/);
  });
});
