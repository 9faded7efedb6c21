import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestOf } from '../../apps/serve/latest.ts';
import { startServe, type ServeSession } from '../../apps/serve/serve-session.ts';
import { ROOT, serveRobot, until } from './serve-process.ts';

// The wheeled humanoid's other parts over rosbridge: base (cmd_vel, odometry, NavigateToPose), lift, the suction
// cup's SetBool service and the head camera's depth image. The server runs in this process: these checks are
// about messages, not timing.
describe('the wheeled humanoid through embody serve', () => {
  let serve: ServeSession;
  let robot: Awaited<ReturnType<typeof serveRobot>>;
  beforeAll(async () => {
    serve = await startServe({
      scenePath: join(ROOT, 'scenes/retail-aisle.yaml'),
      port: 0,
      dialect: 'ros2',
      timeScale: 1,
      stateHz: 100,
      seed: 1,
    });
    robot = await serveRobot(
      `ws://127.0.0.1:${serve.port}`,
      'ros2',
      { watchdogMs: 2000 },
      'wheeled-humanoid.urdf',
      'picker',
    );
    await robot.robot.connect();
  });
  afterAll(async () => {
    await robot.robot.disconnect();
    robot.cleanup();
    await serve.close();
  });

  it('drives the base by cmd_vel (clipped to its limits) and to a pose by the navigation action', async () => {
    const base = robot.robot.parts.base!;
    expect(base.kind).toBe('holonomic');
    expect(base.setVelocity({ vxMps: 3, vyMps: 0, wzRadps: 0 })).toEqual({
      vxMps: base.limits.maxLinearMps,
      vyMps: 0,
      wzRadps: 0,
    });
    await until(() => (latestOf(base.pose$)?.x ?? 0) > 0.05, 15_000, 'odometry to show the base moving');
    base.stop();
    await lastValueFrom(base.goTo({ x: 0.2, y: 0.1, yawRad: 0.3 }).execution$);
    const pose = latestOf(base.pose$)!;
    expect(Math.hypot(pose.x - 0.2, pose.y - 0.1)).toBeLessThan(0.02);
    expect(pose.yawRad).toBeCloseTo(0.3, 1);
  }, 30_000);

  it('moves the lift through its trajectory controller', async () => {
    const lift = robot.robot.parts.lift!;
    const motion = lift.moveTo(0.45);
    expect(motion.applied).toBe(0.45);
    await lastValueFrom(motion.execution$);
    expect(latestOf(lift.height$)?.heightM).toBeCloseTo(0.45, 3);
  }, 30_000);

  it('switches the vacuum through the SetBool service, and reports the seal from its topic', async () => {
    const cup = robot.robot.parts.suctionCups[0]!;
    const vacuum = serve.simulation.robots.get('picker')!.parts.suctionCups[0]!;
    expect(cup.setVacuum(true)).toBe(true);
    // The pump in the sim is on (nothing under the cup to seal on, so sealed stays false).
    await until(() => (vacuum as unknown as { vacuumOn: boolean }).vacuumOn, 5000, 'the pump on');
    expect(latestOf(cup.sealed$)).toBe(false);
    cup.setVacuum(false);
    await until(() => !(vacuum as unknown as { vacuumOn: boolean }).vacuumOn, 5000, 'the pump off');
  }, 30_000);

  it('captures a depth frame from the camera topic, with the optical frame from the robot state', async () => {
    const frame = await lastValueFrom(robot.robot.parts.cameras[0]!.captureDepth());
    expect(frame.depthM.length).toBe(160 * 120);
    const valid = Array.from(frame.depthM).filter(Number.isFinite);
    expect(valid.length).toBeGreaterThan(1000);
    const direct = serve.simulation.robots.get('picker')!.parts.cameras[0]!;
    // The same view the sim renders itself: the head camera's pose from joint states and odometry.
    const own = await lastValueFrom(direct.captureDepth());
    expect(frame.cameraPoseInWorld).toBeNearPose(own.cameraPoseInWorld, { posM: 0.01, rotRad: 0.02 });
  }, 30_000);
});
