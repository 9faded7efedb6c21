import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { bodyHit, swungBodyLinks } from '../../../skills/arm/body-sweep.ts';
import { linkInWorld } from '../../../skills/arm/robot-frames.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { standOffTries } from '../../../skills/planning/stand-offs.ts';
import { simHarnessFor, type SimHarness } from './sim-harness.ts';

const AISLE = new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname;
const LIFT = 'pelvis_height_joint';

describe('the biped bends at the waist to reach low: its torso and head are checked against the shelves (sim aisle, seed 1)', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarnessFor(withBiped(await loadScene(AISLE)), 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('checks the torso, head and shoulder mounts the squat swings out, not the legs or the arms', () => {
    const links = swungBodyLinks(h.ctx.robot);
    expect(links).toEqual(expect.arrayContaining(['pelvis', 'torso', 'head_tilt_link', 'left_arm_base']));
    expect(links.some((l) => /thigh|shank|foot|shoulder_pan|elbow|finger/.test(l))).toBe(false);
  });

  it('refuses a posture whose pitched torso would pass through a board, and passes the same stand-off upright', () => {
    // Facing aisle-a's low slot 6, 0.19 m from its front: upright, the body stays over the feet; in the deep squat
    // the torso leans 1.2 rad into the 0.6 m board's lip (the arm sweep checks none of these links).
    const basePose = { x: 0.6, y: -0.733, yawRad: 0 };
    expect(bodyHit(h.ctx, { basePose, joints: { [LIFT]: 0.85 } })).toBeUndefined();
    const hit = bodyHit(h.ctx, { basePose, joints: { [LIFT]: 0.5 } });
    expect(hit?.link).toMatch(/^(torso|head_.*|left_arm_base|right_arm_base)$/);
    expect(hit?.hit.what).toMatch(/^aisle-a\/(board|lip)-2$/);
    // The stand-off search never offers it: every try toward that slot keeps the body clear, and some that the
    // reach and the footprint alone allow were dropped for it.
    const work = h.ctx.world.places().find((p) => p.name === 'aisle-a/level-1/slot-6')!.poseInWorld.position;
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const tries = [...standOffTries(h.ctx, arm, work, { joints: {}, maxStandOffs: 40, liftsPerStandOff: 3 })];
    expect(tries.length).toBeGreaterThan(10);
    for (const t of tries) expect(bodyHit(h.ctx, t.overrides)).toBeUndefined();
    expect(tries.some((t) => t.liftHeightM === 0.5)).toBe(true);
  });

  it('plans the low slot from the deep squat, the shoulder where the pitched torso carries it', () => {
    const plan = solvePickAndPlace(h.ctx, {
      object: 'stock-tote/can-330ml-3',
      target: 'aisle-a/level-1/slot-6',
      effector: 'auto',
    });
    const { basePose, liftHeightM } = plan.place.standOff;
    expect(liftHeightM).toBeLessThan(0.6);
    const overrides = { basePose: basePose!, joints: { [LIFT]: liftHeightM! } };
    expect(bodyHit(h.ctx, overrides)).toBeUndefined();
    // The shoulder is low and ahead of the base (the torso pitched), at a working reach from the slot.
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const shoulder = linkInWorld(h.ctx, arm.baseLink, overrides).elements;
    expect(shoulder[14]).toBeLessThan(0.8);
    const work = h.ctx.world.places().find((p) => p.name === 'aisle-a/level-1/slot-6')!.poseInWorld.position;
    expect(Math.hypot(work.x - shoulder[12], work.y - shoulder[13])).toBeGreaterThan(0.35);
  }, 120_000);
});
