import { Matrix4, Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productObject } from '../../apps/restock/stock-items.ts';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import { armBaseInWorld, linkInWorld } from '../../skills/arm/robot-frames.ts';
import { solveWaypoints } from '../../skills/arm/reachability.ts';
import { gripForceFor } from '../../skills/force/grip-force.ts';
import { bodyPose } from '../../sim/bodies.ts';
import type { SimBipedBase } from '../../sim/sim-biped-base.ts';
import type { SimRobot } from '../../sim/sim-robot.ts';
import { matrixToPose, type Pose } from '../../src/math/pose.ts';
import { simHarness, type SimHarness } from '../skills/e2e/sim-harness.ts';

// Store seed 1's juice carton as the biped's right hand held it (issue 16): gripped across its 64 mm face, its centre
// 15 mm past the tool point, squeezed with what grip-force.ts asks for it (45 N). With the world's 8 solver
// iterations alone it rolled 3–4° about the approach and crept up the pads (sim/biped/steady-hands.ts): 12 mm in
// store seed 1's walk, 5.0 mm and 3.9° in this one. On the hands' extra iterations, held by the same friction and
// the same squeeze, it moved 0.13 mm and 0.03°.

const CARTON = 'juice-carton';
const RIGHT_HAND = 'right_gripper_base';

/** The carton in the hand's frame (position, m; orientation). */
function cartonInHand(h: SimHarness): Pose {
  const robot = h.simulation.robots.get('biped') as SimRobot;
  const hand = bodyPose(h.simulation.sim, robot.handBodies.get(RIGHT_HAND)!);
  const carton = bodyPose(h.simulation.sim, h.simulation.objects.get(CARTON)!.bodyHandle);
  const toHand = hand.quaternion.clone().invert();
  return {
    position: carton.position.clone().sub(hand.position).applyQuaternion(toHand),
    quaternion: toHand.multiply(carton.quaternion),
  };
}

describe('the biped walks with a juice carton in its hand (sim, biped-steps.yaml, seed 1)', () => {
  let h: SimHarness;
  let gripped: Pose;
  beforeAll(async () => {
    h = await simHarness('biped-steps.yaml', 'biped', 1);
    const { sim } = h.simulation;
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    // The hand 0.35 m ahead of the shoulder and 0.25 m below it, approaching ahead, closing across, level.
    const shoulder = new Vector3().setFromMatrixPosition(armBaseInWorld(h.ctx, arm));
    const root = linkInWorld(h.ctx, h.ctx.robot.model.rootLink);
    const ahead = new Vector3(1, 0, 0).transformDirection(root).setZ(0).normalize();
    const across = new Vector3(0, 0, 1).cross(ahead);
    const toolTurn = new Quaternion().setFromRotationMatrix(
      new Matrix4().makeBasis(new Vector3(0, 0, -1), across, ahead),
    );
    const tool = {
      position: shoulder
        .clone()
        .addScaledVector(ahead, 0.35)
        .setZ(shoulder.z - 0.25),
      quaternion: toolTurn,
    };
    const q = solveWaypoints(h.ctx, arm, [tool])?.[0];
    if (!q) throw new Error('no IK for the holding pose');
    let moved = false;
    arm.moveJoints({ positions: q, velocityScale: 0.5 }).execution$.subscribe({ complete: () => (moved = true) });
    sim.runUntil(() => moved, 30_000);
    // The carton between the open pads, weightless until they close on it; its 64 mm face across, 195 mm upright.
    const toolNow = matrixToPose(linkInWorld(h.ctx, arm.tipLink));
    const cartonTurn = new Quaternion().setFromRotationMatrix(
      new Matrix4().makeBasis(across, ahead, new Vector3(0, 0, 1)),
    );
    const at = toolNow.position.clone().addScaledVector(ahead, 0.015);
    const added = h.simulation.addObject(
      productObject(h.simulation.scene, 'juice-carton-1l', CARTON, { position: at, quaternion: cartonTurn }, []),
    );
    const body = sim.body(added.bodyHandle);
    body.setGravityScale(0, true);
    const gripper = arm.endEffector as ParallelGripper;
    const forceN = gripForceFor(h.simulation.worldModel.object(CARTON)!, gripper, toolNow);
    let closed = false;
    gripper.close(forceN).execution$.subscribe({ complete: () => (closed = true) });
    sim.runUntil(() => closed, 5_000);
    body.setGravityScale(1, true);
    sim.runFor(500);
    gripped = cartonInHand(h);
  }, 120_000);
  afterAll(() => h.simulation.free());

  it('is squeezed as grip-force.ts sizes it and hangs in the pads, off every support', () => {
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    expect((arm.endEffector as ParallelGripper).maxForceN).toBe(60);
    // Centred between the pads (across) and where it was put along the approach, within a millimetre.
    expect(Math.abs(gripped.position.y)).toBeLessThan(0.001);
    expect(gripped.position.x).toBeGreaterThan(0.105);
    const carried = h.simulation.objects.get(CARTON)!;
    expect(bodyPose(h.simulation.sim, carried.bodyHandle).position.z).toBeGreaterThan(0.5);
  });

  it('walks 1.4 m with a turn and the carton slides under 2 mm and turns under 0.5° in the grip', () => {
    const base = h.ctx.robot.parts.base as SimBipedBase;
    const startMs = h.simulation.sim.timeMs;
    let done = false;
    let failure: unknown;
    base.goTo({ x: 1.2, y: 0.6, yawRad: 0.6 }).execution$.subscribe({
      complete: () => (done = true),
      error: (e: unknown) => ((failure = e), (done = true)),
    });
    h.simulation.sim.runUntil(() => done, 60_000);
    expect(failure).toBeUndefined();
    expect(h.simulation.sim.timeMs - startMs).toBeGreaterThan(8_000);
    const held = cartonInHand(h);
    expect(held.position.distanceTo(gripped.position)).toBeLessThan(0.002);
    expect(held.quaternion.angleTo(gripped.quaternion)).toBeLessThan((0.5 * Math.PI) / 180);
  }, 120_000);
});
