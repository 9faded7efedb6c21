import { Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import { HardwareFault } from '../../hardware/common.ts';
import { addStaticBox, bodyPose } from '../../sim/bodies.ts';
import type { SimArm } from '../../sim/sim-arm.ts';
import { SimRobot } from '../../sim/sim-robot.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';
import { makePose, matrixToPose, poseError, poseToMatrix } from '../../src/math/pose.ts';
import { runMotion } from '../../sim/hand-rigs.ts';

const URDF = new URL('../../hardware/robots/ur-arm.urdf', import.meta.url).pathname;
const READY = [0, -1.3, 1.6, -1.87, -1.5708, 0];

async function urWorld() {
  const sim = await SimWorld.create({ sleeping: false });
  addStaticBox(sim, { id: 'floor', poseInWorld: makePose([0, 0, -0.05]), halfExtentsM: [3, 3, 0.05], friction: 0.8 });
  const model = await loadUrdf(URDF);
  const names = [
    'shoulder_pan_joint',
    'shoulder_lift_joint',
    'elbow_joint',
    'wrist_1_joint',
    'wrist_2_joint',
    'wrist_3_joint',
  ];
  const robot = new SimRobot(sim, {
    id: 'ur',
    model,
    rootInWorld: makePose([0, 0, 0]),
    initialJointPositions: Object.fromEntries(names.map((n, i) => [n, READY[i]!])),
  });
  const arm = robot.parts.arms[0] as SimArm;
  return { sim, robot, arm };
}

/** The physical tool pose: the dynamic hand's pose with the tip's fixed offset, in the arm base frame. */
function physicalToolInBase(robot: SimRobot, arm: SimArm, sim: SimWorld) {
  const handLink = robot.model.extras.grippers[0]!.link;
  const hand = poseToMatrix(bodyPose(sim, robot.handBodies.get(handLink)!));
  const tipInHand = robot.body.linkPose(handLink).clone().invert().multiply(robot.body.linkPose(arm.tipLink));
  const baseInv = robot.body.linkPose(arm.baseLink).clone().invert();
  return matrixToPose(baseInv.multiply(hand).multiply(tipInHand));
}

describe('kinematic arm', () => {
  it('reports the restored joint state after a snapshot restore, so the next motion starts from there', async () => {
    const { sim, arm } = await urWorld();
    sim.runFor(100);
    const snapshot = sim.takeSnapshot();
    const goal = READY.map((q, i) => (i === 0 ? q + 0.6 : q));
    expect(runMotion(sim, arm.moveJoints({ positions: goal }).execution$, 10_000)).toBe('completed');
    sim.runFor(200);
    expect(arm.currentState().positions[0]).toBeCloseTo(READY[0]! + 0.6, 3);
    sim.restoreSnapshot(snapshot);
    // At rest after the restore: the arm publishes nothing until it moves, so the restore itself must.
    expect(arm.currentState().positions[0]).toBeCloseTo(READY[0]!, 6);
    expect(arm.currentState().velocities.every((v) => v === 0)).toBe(true);
    sim.free();
  });

  it('reaches an IK target pose within 2 mm and 1° (measured on the simulated hand)', async () => {
    const { sim, robot, arm } = await urWorld();
    sim.runFor(200);
    const target = matrixToPose(arm.chain.fk([0.4, -1.1, 1.3, -1.8, -1.5708, 0.3]));
    const motion = arm.moveCartesian({ poseInBase: target });
    expect(motion.applied.durationMs).toBeGreaterThan(0);
    const speedRatios: number[] = [];
    const watch = arm.jointState$.subscribe((s) =>
      speedRatios.push(...s.velocities.map((v, i) => Math.abs(v) / arm.limits[i]!.velocity)),
    );
    expect(runMotion(sim, motion.execution$, 10_000)).toBe('completed');
    watch.unsubscribe();
    sim.runFor(300);
    const err = poseError(physicalToolInBase(robot, arm, sim), target);
    expect(err.positionM).toBeLessThan(0.002);
    expect(err.rotationRad).toBeLessThan(Math.PI / 180);
    // The trajectory is time-parameterised: no joint went faster than its URDF limit on the way.
    expect(Math.max(...speedRatios)).toBeGreaterThan(0.1);
    expect(Math.max(...speedRatios)).toBeLessThanOrEqual(1.01);
    sim.free();
  });

  it('rejects a Cartesian target out of reach', async () => {
    const { sim, arm } = await urWorld();
    const far = makePose([3, 0, 0.5], new Quaternion());
    const outcome = runMotion(sim, arm.moveCartesian({ poseInBase: far }).execution$, 100);
    expect(outcome).toBeInstanceOf(HardwareFault);
    expect((outcome as HardwareFault).code).toBe('rejected');
    sim.free();
  });

  it('stops with a collision fault when a link hits a shelf board', async () => {
    const { sim, arm } = await urWorld();
    // A board just below the forearm's sweep: swinging the shoulder down drives the arm into it.
    addStaticBox(sim, {
      id: 'shelf/board-1',
      poseInWorld: makePose([0.45, 0, 0.25]),
      halfExtentsM: [0.2, 0.4, 0.0125],
      friction: 0.5,
    });
    sim.runFor(50);
    const goal = [...READY];
    goal[1] = -0.2;
    const outcome = runMotion(sim, arm.moveJoints({ positions: goal }).execution$, 10_000);
    expect(outcome).toBeInstanceOf(HardwareFault);
    const fault = outcome as HardwareFault;
    expect(fault.code).toBe('collision');
    expect(fault.message).toContain('shelf/board-1');
    const stoppedAt = arm.currentState().positions[1]!;
    expect(stoppedAt).toBeLessThan(-0.2 - 0.05);
    sim.runFor(500);
    expect(arm.currentState().positions[1]).toBe(stoppedAt);
    sim.free();
  });
});
