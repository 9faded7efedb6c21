import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalanceState } from '../../../hardware/mobile-base.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { HELD, type HeldObject } from '../../../skills/arm/held-objects.ts';
import { armBaseInWorld, basePose2D, currentJoints, latest, linkInWorld } from '../../../skills/arm/robot-frames.ts';
import { solveWaypoints } from '../../../skills/arm/reachability.ts';
import { carryStage } from '../../../skills/planning/carry-stage.ts';
import { PLAN } from '../../../skills/planning/plan-key.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { LEVEL_STEP_RAD, levelledStandUp, liftKeepingLevel$ } from '../../../skills/reach/level-lift.ts';
import { stowForCarry } from '../../../skills/reach/stow-for-carry.ts';
import type { SimBipedBase } from '../../../sim/sim-biped-base.ts';
import { runInSim, simHarnessFor, type SimHarness } from './sim-harness.ts';

const AISLE = new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname;
const LIFT = 'pelvis_height_joint';
const CAN = 'stock-tote/can-330ml-3';
/** A low slot the can is re-planned to from the squat (a place re-planned after it failed there). */
const SLOT = 'aisle-a/level-1/slot-6';

/** A can held from the top in the right hand (the tool's z down its axis), 3 cm below the tool point. */
function canFromTop(): HeldObject {
  return {
    objectId: CAN,
    armName: 'right',
    effector: 'gripper',
    objectInTool: {
      position: new Vector3(0, 0, 0.03),
      quaternion: new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI),
    },
    payloadN: 3.4,
    restQuaternion: new Quaternion(),
  };
}

describe('a carry that stands up first: a load in the hand in the deep squat (sim aisle, seed 1)', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarnessFor(withBiped(await loadScene(AISLE)), 'picker', 1);
    const lift = h.ctx.robot.parts.lift!;
    // Standing, the hand pointing down 0.35 m ahead of the right shoulder and 0.3 m below it, as a grasp leaves it,
    // then drawn in to its carry posture (no plan: planned from here), as a carry to a low slot has it.
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const shoulder = armBaseInWorld(h.ctx, arm).elements;
    const root = linkInWorld(h.ctx, h.ctx.robot.model.rootLink);
    const ahead = new Vector3(1, 0, 0).transformDirection(root).setZ(0).normalize();
    const yaw = Math.atan2(ahead.y, ahead.x);
    const down = new Quaternion()
      .setFromAxisAngle(new Vector3(0, 0, 1), yaw)
      .multiply(new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), Math.PI));
    const at = new Vector3(shoulder[12], shoulder[13], shoulder[14] - 0.3).addScaledVector(ahead, 0.35);
    const q = solveWaypoints(h.ctx, arm, [{ position: at, quaternion: down }])?.[0];
    if (!q) throw new Error('no IK for the grasp pose');
    let moved = false;
    arm.moveJoints({ positions: q, velocityScale: 0.5 }).execution$.subscribe({
      complete: () => (moved = true),
      error: () => (moved = true),
    });
    h.simulation.sim.runUntil(() => moved, 30_000);
    h.ctx.blackboard.set(HELD.of(CAN), canFromTop());
    const stowed = runInSim(h, stowForCarry({ object: CAN }), 60_000);
    if (stowed.outcome.failure || !stowed.events.some((e) => e.message === 'stow'))
      throw new Error(`no carry posture standing: ${stowed.outcome.failure?.describe() ?? 'none planned'}`);
    let done = false;
    liftKeepingLevel$(h.ctx, lift, canFromTop(), 0.5, {}).subscribe({
      complete: () => (done = true),
      error: () => (done = true),
    });
    h.simulation.sim.runUntil(() => done, 60_000);
    h.ctx.blackboard.set(HELD.of(CAN), canFromTop());
  }, 120_000);
  afterAll(() => h.simulation.free());

  it('plans the levelled stand-up from the squat: the lift where the waist is straight, the hand as it is now', () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    expect(latest(h.ctx.robot.parts.lift!.height$)?.heightM).toBeCloseTo(0.5, 3);
    const up = levelledStandUp(h.ctx, canFromTop());
    expect(up).toBeDefined();
    expect(up!.joints[LIFT]).toBeCloseTo(0.6, 2);
    // The arm's joints at its end hold the hand turned as it is now (within the steps' residual).
    const now = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink));
    const there = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink, { joints: up!.joints }));
    expect(there.angleTo(now)).toBeLessThan(0.02);
  });

  it('plans the carry from the stand-up when none holds from the squat, and stowForCarry stands up level first', () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const lift = h.ctx.robot.parts.lift!;
    const plan = solvePickAndPlace(h.ctx, {
      object: CAN,
      target: SLOT,
      effector: 'gripper',
      hold: canFromTop(),
    });
    // From the squat no carry posture holds the can (the torso bent 1.2 rad over it); from the waist straight one does.
    const object = h.ctx.world.object(CAN)!;
    const squatting = { ...currentJoints(h.ctx.robot) };
    const fromSquat = carryStage(h.ctx, object, SLOT, arm, canFromTop(), basePose2D(h.ctx.robot), squatting, {
      asHeld: true,
    });
    expect(fromSquat).toMatch(/^carry: no carry posture/);
    expect(plan.standsUpFirst).toBe(true);
    expect(plan.carry?.carry).toBeDefined();
    h.ctx.blackboard.set(PLAN.of(CAN), plan);
    const balance: BalanceState[] = [];
    const sub = (h.ctx.robot.parts.base as SimBipedBase).balance$.subscribe((b) => balance.push(b));
    const startQ = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink));
    let maxTurnRad = 0;
    let standing = false;
    const stopSampling = h.simulation.sim.addPreStep(() => {
      if (standing) return;
      const q = new Quaternion().setFromRotationMatrix(linkInWorld(h.ctx, arm.tipLink));
      maxTurnRad = Math.max(maxTurnRad, q.angleTo(startQ));
    });
    const run = runInSim(h, stowForCarry({ object: CAN }), 120_000, (events) => {
      standing ||= events.some((e) => e.message === 'stow' || e.message.startsWith('re-planned'));
      return false;
    });
    stopSampling();
    sub.unsubscribe();
    expect(run.outcome.failure?.describe()).toBeUndefined();
    expect(run.outcome.done).toBe(true);
    const messages = run.events.map((e) => e.message);
    expect(messages[0]).toBe('levelled lift');
    expect(run.events[0]?.data?.standUp).toBe(true);
    // The carry (as planned, or planned again from the standing pose) comes after the stand-up.
    const carried = messages.findIndex((m) => m === 'stow' || m.startsWith('re-planned'));
    expect(carried).toBeGreaterThan(0);
    expect(latest(lift.height$)?.heightM).toBeCloseTo(0.6, 2);
    // Up 1.2 rad of waist with the hand turned back at each step: never more than about one step off.
    expect(maxTurnRad).toBeLessThan(LEVEL_STEP_RAD + 0.05);
    expect(balance.length).toBeGreaterThan(100);
    expect(Math.min(...balance.map((b) => b.marginM))).toBeGreaterThan(0);
  }, 180_000);
});
