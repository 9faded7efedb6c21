import { describe, expect, it } from 'vitest';
import { HardwareFault } from '../../hardware/common.ts';
import { addStaticBox } from '../../sim/bodies.ts';
import { SimRobot } from '../../sim/sim-robot.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';
import { makePose } from '../../src/math/pose.ts';
import { runMotion } from '../../sim/hand-rigs.ts';

const URDF = new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url).pathname;

async function humanoid() {
  const sim = await SimWorld.create();
  addStaticBox(sim, { id: 'floor', poseInWorld: makePose([0, 0, -0.05]), halfExtentsM: [5, 5, 0.05], friction: 0.8 });
  const robot = new SimRobot(sim, {
    id: 'picker',
    model: await loadUrdf(URDF),
    rootInWorld: makePose(),
    initialJointPositions: {
      torso_lift_joint: 0.3,
      left_shoulder_lift_joint: 1.4,
      left_elbow_flex_joint: -1.9,
      right_shoulder_lift_joint: 1.4,
      right_elbow_flex_joint: -1.9,
    },
  });
  await robot.connect();
  sim.runFor(100);
  return { sim, robot };
}

describe('SimRobot from the wheeled-humanoid URDF', () => {
  it('exposes the parts its <embody> extras declare', async () => {
    const { sim, robot } = await humanoid();
    const p = robot.parts;
    expect(p.base?.kind).toBe('holonomic');
    expect(p.lift?.jointName).toBe('torso_lift_joint');
    expect(p.arms.map((a) => a.name).sort()).toEqual(['left', 'right']);
    expect(p.grippers).toHaveLength(1);
    expect(p.suctionCups[0]!.ratedHoldForceN).toBeCloseTo(60_000 * Math.PI * 0.0175 ** 2, 6);
    expect(p.ftSensors.map((s) => s.frameId).sort()).toEqual(['left_ft_link', 'right_ft_link']);
    expect(p.cameras[0]!.intrinsics.widthPx).toBe(160);
    expect(p.arms.find((a) => a.name === 'right')!.endEffector?.kind).toBe('parallel-gripper');
    sim.free();
  });

  it('moves the lift at its speed limit to the clipped height', async () => {
    const { sim, robot } = await humanoid();
    const lift = robot.parts.lift!;
    const move = lift.moveTo(5);
    expect(move.applied).toBe(lift.heightRangeM[1]);
    const t0 = sim.timeMs;
    expect(runMotion(sim, move.execution$, 20_000)).toBe('completed');
    expect(robot.body.joints['torso_lift_joint']).toBeCloseTo(lift.heightRangeM[1], 6);
    expect(sim.timeMs - t0).toBeGreaterThanOrEqual(((lift.heightRangeM[1] - 0.3) / lift.maxSpeedMps) * 1000);
    sim.free();
  });

  it('closes the gripper on nothing: completes fully closed with no object detected', async () => {
    const { sim, robot } = await humanoid();
    const gripper = robot.parts.grippers[0]!;
    expect(runMotion(sim, gripper.close(30).execution$, 3000)).toBe('completed');
    let detected = true;
    gripper.objectDetected$.subscribe((d) => (detected = d)).unsubscribe();
    let widthM = 1;
    gripper.width$.subscribe((w) => (widthM = w.widthM)).unsubscribe();
    expect(detected).toBe(false);
    expect(widthM).toBeLessThan(0.003);
    sim.free();
  });

  it('stop() halts a running arm motion, which fails as stopped', async () => {
    const { sim, robot } = await humanoid();
    const arm = robot.parts.arms[0]!;
    const goal = arm.currentState().positions.map((q, i) => (i === 0 ? q + 1 : q));
    let outcome: unknown;
    arm
      .moveJoints({ positions: goal })
      .execution$.subscribe({ error: (e) => (outcome = e), complete: () => (outcome = 'completed') });
    sim.runFor(200);
    robot.stop();
    expect(outcome).toBeInstanceOf(HardwareFault);
    const held = arm.currentState().positions[0]!;
    sim.runFor(200);
    expect(arm.currentState().positions[0]).toBe(held);
    expect(held).toBeLessThan(goal[0]!);
    sim.free();
  });
});
