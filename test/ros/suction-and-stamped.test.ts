import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestOf } from '../../apps/serve/latest.ts';
import { startServe, type ServeSession } from '../../apps/serve/serve-session.ts';
import { ROOT, serveRobot, until } from './serve-process.ts';

// The ROS backend's other ways to switch a vacuum and drive a base, through embody serve (which serves them beside
// the preset's): a std_msgs/Bool command topic, a UR tool output through ur_msgs/SetIO, and cmd_vel as
// geometry_msgs/TwistStamped. The server runs in this process: these checks are about messages, not timing.
describe('suction by Bool topic and by SetIO, base by TwistStamped, through embody serve', () => {
  let serve: ServeSession;
  const robots: Awaited<ReturnType<typeof serveRobot>>[] = [];
  const connect = async (extra: Record<string, unknown>): Promise<Awaited<ReturnType<typeof serveRobot>>> => {
    const robot = await serveRobot(
      `ws://127.0.0.1:${serve.port}`,
      'ros2',
      { watchdogMs: 2000, ...extra },
      'wheeled-humanoid.urdf',
      'picker',
    );
    robots.push(robot);
    await robot.robot.connect();
    return robot;
  };
  const pumpOn = (): boolean =>
    (serve.simulation.robots.get('picker')!.parts.suctionCups[0]! as unknown as { vacuumOn: boolean }).vacuumOn;
  beforeAll(async () => {
    serve = await startServe({
      scenePath: join(ROOT, 'scenes/retail-aisle.yaml'),
      port: 0,
      dialect: 'ros2',
      timeScale: 1,
      stateHz: 100,
      seed: 1,
    });
  });
  afterAll(async () => {
    for (const r of robots) {
      await r.robot.disconnect();
      r.cleanup();
    }
    await serve.close();
  });

  it('switches the pump by publishing std_msgs/Bool', async () => {
    const { robot } = await connect({ suctionCups: { left_suction: { topic: '/left_suction/vacuum_command' } } });
    const cup = robot.parts.suctionCups[0]!;
    expect(cup.setVacuum(true)).toBe(true);
    await until(pumpOn, 5000, 'the pump on');
    cup.setVacuum(false);
    await until(() => !pumpOn(), 5000, 'the pump off');
  }, 30_000);

  it('switches the pump through ur_msgs/SetIO (fun 1, the pin, state 1/0) and hears success', async () => {
    const warnings: string[] = [];
    const { robot } = await connect({
      suctionCups: { left_suction: { urSetIo: { service: '/left_suction/set_io', pin: 17 } } },
    });
    robot.warnings$.subscribe((w) => warnings.push(w));
    const cup = robot.parts.suctionCups[0]!;
    cup.setVacuum(true);
    await until(pumpOn, 5000, 'the pump on');
    cup.setVacuum(false);
    await until(() => !pumpOn(), 5000, 'the pump off');
    // A refused or failed call would warn: the server answered success both times.
    expect(warnings).toEqual([]);
  }, 30_000);

  it('drives the base by TwistStamped on cmd_vel', async () => {
    const { robot } = await connect({
      base: { cmdVel: '/cmd_vel_stamped', stamped: true, odom: '/odom' },
    });
    const base = robot.parts.base!;
    const startX = latestOf(base.pose$)?.x ?? 0;
    base.setVelocity({ vxMps: 0.2, vyMps: 0, wzRadps: 0 });
    await until(() => (latestOf(base.pose$)?.x ?? 0) - startX > 0.05, 15_000, 'odometry to show the base moving');
    base.stop();
  }, 45_000);
});
