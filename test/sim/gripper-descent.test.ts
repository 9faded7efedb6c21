import { expect, it } from 'vitest';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { addDynamicObject, addStaticBox, bodyPose } from '../../sim/bodies.ts';
import type { SimParallelGripper } from '../../sim/sim-gripper.ts';
import { SimRobot } from '../../sim/sim-robot.ts';
import { SimWorld } from '../../sim/sim-world.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';
import { makePose, matrixToPose } from '../../src/math/pose.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { createSimulation } from '../../sim/build-scene.ts';
import { runMotion } from '../../sim/hand-rigs.ts';

const URDF = new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url).pathname;
// Skill engineers saw pads touch a can rim "13 mm early". The sim's pads track the URDF within ~1 mm during a
// straight descent: the URDF finger boxes reach 15 mm past the tool frame (right_tool0 sits between the pads, not
// at their tips), so a tool frame 13 mm above the can top already has the tips 2 mm below it.
it('descending top-down over a can with the gripper open, the pads ride 15 mm past the tool frame and straddle the can untouched', async () => {
  const sim = await SimWorld.create();
  addStaticBox(sim, { id: 'floor', poseInWorld: makePose([0, 0, -0.05]), halfExtentsM: [5, 5, 0.05], friction: 0.8 });
  addStaticBox(sim, {
    id: 'table',
    poseInWorld: makePose([0.5, -0.21, 0.3]),
    halfExtentsM: [0.1, 0.1, 0.3],
    friction: 0.8,
  });
  // A 330 ml can (Ø66 × 115 mm) on a table, its top at z 0.715.
  const can = addDynamicObject(sim, {
    id: 'can',
    shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
    poseInWorld: makePose([0.5, -0.21, 0.6575]),
    material: { friction: 0.5, massKg: 0.35 },
  });
  const model = await loadUrdf(URDF);
  const init = { torso_lift_joint: 0.3, right_shoulder_lift_joint: 1.4, right_elbow_flex_joint: -1.9 };
  const robot = new SimRobot(sim, { id: 'p', model, rootInWorld: makePose(), initialJointPositions: init });
  await robot.connect();
  sim.runFor(100);
  const arm = robot.parts.arms.find((a) => a.name === 'right')!;
  const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI);
  const baseInv = () => robot.body.linkPose('right_arm_base').clone().invert();
  const target = (z: number) =>
    matrixToPose(baseInv().multiply(new Matrix4().compose(new Vector3(0.5, -0.21, z), down, new Vector3(1, 1, 1))));
  expect(runMotion(sim, arm.moveCartesian({ poseInBase: target(0.8) }).execution$, 20000)).toBe('completed');
  sim.runFor(300);
  const gripper = robot.parts.grippers[0]! as SimParallelGripper;
  const canStart = bodyPose(sim, can.bodyHandle).position.clone();
  // Pad tip height relative to the kinematic tool frame, every step of the straight descent.
  let minTipAboveToolM = Infinity;
  let maxTipAboveToolM = -Infinity;
  const stopWatching = sim.addPostStep(() => {
    const toolZ = new Vector3().setFromMatrixPosition(robot.body.linkPose('right_tool0')).z;
    for (const handle of gripper.fingerBodyHandles) {
      const tipAboveToolM = lowestCornerZ(sim, handle) - toolZ;
      minTipAboveToolM = Math.min(minTipAboveToolM, tipAboveToolM);
      maxTipAboveToolM = Math.max(maxTipAboveToolM, tipAboveToolM);
    }
  });
  expect(runMotion(sim, arm.moveCartesian({ poseInBase: target(0.72), linear: true }).execution$, 20000)).toBe(
    'completed',
  );
  sim.runFor(300);
  stopWatching();
  // URDF: finger box from x 0.05 to 0.11 of right_gripper_base, tool0 at 0.095, so tips 15 mm beyond the tool.
  expect(minTipAboveToolM).toBeGreaterThan(-0.0165);
  expect(maxTipAboveToolM).toBeLessThan(-0.0125);
  // Tool 5 mm above the can top: tips 10 mm below it, one on each side with 17 mm to spare; nothing touched.
  expect(bodyPose(sim, can.bodyHandle).position.distanceTo(canStart)).toBeLessThan(1e-4);
  sim.free();
});

/** Lowest world z of the corners of a body's first (box) collider. */
function lowestCornerZ(sim: SimWorld, bodyHandle: number): number {
  const collider = sim.body(bodyHandle).collider(0);
  const half = collider.halfExtents();
  if (half === null) throw new Error('expected a box collider');
  const t = collider.translation();
  const r = collider.rotation();
  const rotation = new Quaternion(r.x, r.y, r.z, r.w);
  let lowest = Infinity;
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) {
        lowest = Math.min(lowest, new Vector3(sx * half.x, sy * half.y, sz * half.z).applyQuaternion(rotation).z + t.z);
      }
  return lowest;
}

// Rapier JS 0.21 builds contacts 20 mm out by default, and a pad/can manifold built near the rim then went stale
// while the hand crept down past it: 10 mm clear of the can, the pad "hit" the frozen rim normal and pressed the
// can into the table with ~680 N (6 of 50 tabletop grasps). SimWorld now predicts contacts 2 mm out.
it('a UR pad sliding down 9.5 mm clear of a can rim never touches the can (no stale contact from far off)', async () => {
  const scene = await loadScene(new URL('../../scenes/tabletop.yaml', import.meta.url).pathname);
  // The can turned 4° and shifted a few mm, where the stale rim contact showed up.
  const yaw = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 0.072);
  const objects = scene.objects.map((o) =>
    o.id === 'can-1'
      ? {
          ...o,
          poseInWorld: {
            position: o.poseInWorld.position.clone().add(new Vector3(0.0043, -0.0086, 0)),
            quaternion: yaw,
          },
        }
      : o,
  );
  const simulation = await createSimulation({ ...scene, objects }, { seed: 6 });
  try {
    simulation.sim.runFor(300);
    const robot = simulation.robots.get('ur')!;
    const arm = robot.parts.arms[0]!;
    const wrist = arm.wristSensor!;
    const mountInv = new Matrix4()
      .compose(
        scene.robots[0]!.basePoseInWorld.position,
        scene.robots[0]!.basePoseInWorld.quaternion,
        new Vector3(1, 1, 1),
      )
      .invert();
    const canHandle = simulation.objects.get('can-1')!.bodyHandle;
    const canStart = bodyPose(simulation.sim, canHandle).position.clone();
    const topZ = canStart.z + 0.0575;
    // Tool z down, fingers closing along the can's turned x axis.
    const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI);
    const tool = yaw
      .clone()
      .multiply(down.multiply(new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2)));
    const target = (z: number) =>
      matrixToPose(
        mountInv
          .clone()
          .multiply(new Matrix4().compose(new Vector3(canStart.x, canStart.y, z), tool, new Vector3(1, 1, 1))),
      );
    expect(
      runMotion(
        simulation.sim,
        arm.moveCartesian({ poseInBase: target(topZ + 0.1), velocityScale: 0.6 }).execution$,
        20000,
      ),
    ).toBe('completed');
    simulation.sim.runFor(100);
    wrist.tare();
    let maxForceN = 0;
    const stop = simulation.sim.addPostStep(() => {
      const f = wrist.currentWrench().forceN;
      maxForceN = Math.max(maxForceN, Math.hypot(f[0], f[1], f[2]));
    });
    // The grasp point 35 mm below the top, at the grasp skill's approach speed.
    expect(
      runMotion(
        simulation.sim,
        arm.moveCartesian({ poseInBase: target(topZ - 0.0225), linear: true, velocityScale: 0.3 }).execution$,
        20000,
      ),
    ).toBe('completed');
    simulation.sim.runFor(100);
    stop();
    expect(maxForceN).toBeLessThan(2);
    expect(bodyPose(simulation.sim, canHandle).position.distanceTo(canStart)).toBeLessThan(5e-4);
  } finally {
    simulation.free();
  }
});
