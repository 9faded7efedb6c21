import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestOf } from '../../apps/serve/latest.ts';
import { startServe, type ServeSession } from '../../apps/serve/serve-session.ts';
import { HardwareFault } from '../../hardware/common.ts';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import { addStaticBox, bodyPose } from '../../sim/bodies.ts';
import { ROOT, serveRobot } from '../ros/serve-process.ts';

// The gripper over rosbridge (control_msgs/GripperCommand) when its fingers are blocked while opening: embody serve
// answers with `stalled` short of the goal, as a real driver does, and the ROS backend fails the opening with the
// `stalled` fault instead of reporting success or waiting. The server runs in this process so the test can put a
// fixture beside the sim's finger.
describe('a blocked gripper opening through embody serve', () => {
  let serve: ServeSession;
  let robot: Awaited<ReturnType<typeof serveRobot>>;
  beforeAll(async () => {
    serve = await startServe({
      scenePath: join(ROOT, 'scenes/tabletop.yaml'),
      port: 0,
      dialect: 'ros2',
      timeScale: 1,
      stateHz: 100,
      seed: 1,
    });
    robot = await serveRobot(`ws://127.0.0.1:${serve.port}`, 'ros2', { watchdogMs: 2000 });
    await robot.robot.connect();
  });
  afterAll(async () => {
    await robot.robot.disconnect();
    robot.cleanup();
    await serve.close();
  });

  it("fails 'stalled' with the width the fingers stopped at", async () => {
    const gripper = robot.robot.parts.arms[0]!.endEffector as ParallelGripper;
    await lastValueFrom(gripper.close(20).execution$);
    // ur-arm.urdf: finger a opens along the hand's +y from the hand's z 0.1 m; its pad is 12 mm thick. A block
    // 25 mm out along y leaves it 13 mm of its 42.5 mm stroke.
    const sim = serve.simulation.sim;
    const hand = bodyPose(sim, serve.simulation.robots.get('ur')!.handBodies.get('gripper_base')!);
    addStaticBox(sim, {
      id: 'block',
      poseInWorld: {
        position: new Vector3(0, 0.035, 0.1275).applyQuaternion(hand.quaternion).add(hand.position),
        quaternion: hand.quaternion,
      },
      halfExtentsM: [0.02, 0.01, 0.0225],
      friction: 0.5,
    });
    let fault: unknown;
    try {
      await lastValueFrom(gripper.open().execution$);
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(HardwareFault);
    expect((fault as HardwareFault).code).toBe('stalled');
    // The action's own result says why: stalled, goal not reached.
    expect((fault as HardwareFault).detail['result']).toMatchObject({ reached_goal: false, stalled: true });
    expect((fault as HardwareFault).message).toMatch(/opening to 85\.0 mm stalled at/);
    const widthM = latestOf(gripper.width$)!.widthM;
    expect(widthM).toBeGreaterThan(0.04);
    expect(widthM).toBeLessThan(0.085 - 0.01);
  }, 60_000);
});
