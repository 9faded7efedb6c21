import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import type { HeldObject } from '../../../skills/arm/held-objects.ts';
import { latest, linkInWorld } from '../../../skills/arm/robot-frames.ts';
import type { Observable } from 'rxjs';
import {
  LEVEL_STEP_RAD,
  levelStandUpHeightM,
  levelledLiftSteps,
  liftKeepingLevel$,
  standUpLevel$,
} from '../../../skills/reach/level-lift.ts';
import type { ProgressUpdate } from '../../../src/skill/events.ts';
import { simHarness, simHarnessFor, type SimHarness } from './sim-harness.ts';

const AISLE = new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname;
const LIFT = 'pelvis_height_joint';

/** A can in the right hand, 2 cm past the tool point, as `grasp` leaves it. */
function canInHand(): HeldObject {
  return {
    objectId: 'stock-tote/can-330ml-3',
    armName: 'right',
    effector: 'gripper',
    objectInTool: { position: new Vector3(0, 0, 0.02), quaternion: new Quaternion() },
    payloadN: 3.4,
    restQuaternion: new Quaternion(),
  };
}

describe('levelledLiftSteps: the squat with a load in the hand, planned level (sim aisle, seed 1)', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarnessFor(withBiped(await loadScene(AISLE)), 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('splits the deep squat where the waist bends into steps of at most 0.1 rad, the hand turned back to level at each', () => {
    const lift = h.ctx.robot.parts.lift!;
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const steps = levelledLiftSteps(h.ctx, lift, arm, canInHand(), 0.5);
    if (typeof steps === 'string') throw new Error(steps);
    // Down to the waist's kink at 0.6 m in one move with the arm still, then 1.2 rad of waist in 0.1 rad steps.
    expect(steps[0]!.heightM).toBeCloseTo(0.6, 2);
    expect(steps[steps.length - 1]!.heightM).toBeCloseTo(0.5, 6);
    expect(steps.length).toBeGreaterThanOrEqual(13);
    const start = linkInWorld(h.ctx, arm.tipLink);
    const startQ = new Quaternion().setFromRotationMatrix(start);
    let waistBefore = 0;
    for (const step of steps) {
      const joints: Record<string, number> = { [LIFT]: step.heightM };
      arm.jointNames.forEach((name, i) => (joints[name] = step.armJoints[i]!));
      const q = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink, { joints }));
      expect(q.angleTo(startQ)).toBeLessThan(0.02);
      // The waist mimics the pelvis height (12 rad/m below 0.6 m, up to 1.2 rad).
      const waist = Math.min(1.2, Math.max(0, -12 * step.heightM + 7.2));
      expect(waist - waistBefore).toBeLessThanOrEqual(LEVEL_STEP_RAD + 0.015);
      waistBefore = waist;
    }
  });

  it('stands a load up level before a walk: out of the deep squat to the waist straight, the hand turned back at each step', () => {
    const lift = h.ctx.robot.parts.lift!;
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const runToEnd = (motion$: Observable<ProgressUpdate>, sample?: () => void): ProgressUpdate[] => {
      const events: ProgressUpdate[] = [];
      let done = false;
      const tick = sample ? h.simulation.sim.addPreStep(sample) : undefined;
      motion$.subscribe({ next: (e) => events.push(e), complete: () => (done = true), error: () => (done = true) });
      h.simulation.sim.runUntil(() => done, 60_000);
      tick?.();
      expect(done).toBe(true);
      return events;
    };
    // Standing, nothing turns on the way up: nothing to do.
    expect(levelStandUpHeightM(h.ctx, lift, arm)).toBeUndefined();
    expect(runToEnd(standUpLevel$(h.ctx, canInHand()))).toEqual([]);
    runToEnd(liftKeepingLevel$(h.ctx, lift, canInHand(), 0.5, {}));
    expect(latest(lift.height$)?.heightM).toBeCloseTo(0.5, 3);
    // From 0.5 m the waist (bent 1.2 rad) straightens by 0.6 m; above that the squat turns nothing.
    expect(levelStandUpHeightM(h.ctx, lift, arm)).toBeCloseTo(0.6, 2);
    const startQ = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink));
    let maxTurnRad = 0;
    const events = runToEnd(standUpLevel$(h.ctx, canInHand()), () => {
      const q = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink));
      maxTurnRad = Math.max(maxTurnRad, q.angleTo(startQ));
    });
    expect(events[0]?.message).toBe('levelled lift');
    expect(events[0]?.data?.standUp).toBe(true);
    expect(latest(lift.height$)?.heightM).toBeCloseTo(0.6, 2);
    // The arm turns the hand back as the torso straightens 1.2 rad: it never turns more than about one step.
    expect(maxTurnRad).toBeLessThan(LEVEL_STEP_RAD + 0.05);
    expect(levelStandUpHeightM(h.ctx, lift, arm)).toBeUndefined();
  });

  it('plans nothing for a lift that turns no link the arm hangs from (the wheeled humanoid)', async () => {
    const wheeled = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const lift = wheeled.ctx.robot.parts.lift!;
      const arm = wheeled.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
      expect(levelledLiftSteps(wheeled.ctx, lift, arm, canInHand(), lift.heightRangeM[0])).toEqual([]);
    } finally {
      wheeled.simulation.free();
    }
  });
});
