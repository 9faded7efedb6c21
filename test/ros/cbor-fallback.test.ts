import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startServe, type ServeSession } from '../../apps/serve/serve-session.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { ROOT, serveRobot, until } from './serve-process.ts';

/** What a UR driver publishes: every movable joint of the URDF. */
const JOINTS = [...parseUrdf(readFileSync(join(ROOT, 'hardware/robots/ur-arm.urdf'), 'utf8')).joints.values()]
  .filter((j) => j.type !== 'fixed')
  .map((j) => j.name);

/**
 * A stand-in for the ROS 1 rosbridge 0.11 bug this machine cannot run in CI (ROS 1's rosbridge is not packaged
 * for Debian): its CBOR encoder fails on string arrays, so a CBOR subscription to JointState stays silent while a
 * JSON one delivers. It is a real WebSocket server speaking just enough of the protocol for that.
 */
async function silentUnderCborServer(): Promise<{
  port: number;
  close(): Promise<void>;
  cborSubscribes: () => number;
}> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  let cborSubscribes = 0;
  wss.on('connection', (socket) => {
    const timers: ReturnType<typeof setInterval>[] = [];
    socket.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { op: string; topic?: string; compression?: string };
      if (m.op !== 'subscribe' || m.topic !== '/joint_states') return;
      if (m.compression === 'cbor') {
        cborSubscribes++;
        return;
      }
      timers.push(
        setInterval(() => {
          const msg = {
            header: { seq: 0, stamp: { secs: 0, nsecs: 0 }, frame_id: '' },
            name: JOINTS,
            position: JOINTS.map((_, i) => i / 10),
            velocity: [],
            effort: [],
          };
          socket.send(JSON.stringify({ op: 'publish', topic: '/joint_states', msg }));
        }, 10),
      );
    });
    socket.on('close', () => timers.forEach(clearInterval));
  });
  return {
    port: (wss.address() as AddressInfo).port,
    cborSubscribes: () => cborSubscribes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

describe('CBOR subscriptions', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('fall back to JSON with a warning when the server is silent under CBOR (ROS 1 rosbridge 0.11)', async () => {
    const server = await silentUnderCborServer();
    cleanups.push(() => server.close());
    const { robot, cleanup } = await serveRobot(`ws://127.0.0.1:${server.port}`, 'ros1', {
      compression: 'cbor',
      cborFallbackMs: 300,
      watchdogMs: 1000,
    });
    cleanups.push(
      () => cleanup(),
      () => robot.disconnect(),
    );
    const warnings: string[] = [];
    robot.warnings$.subscribe((w) => warnings.push(w));
    await robot.connect();
    expect(server.cborSubscribes()).toBe(1);
    expect(
      warnings.some((w) => /^\/joint_states: the server sent nothing under cbor in 300 ms but does under JSON/.test(w)),
    ).toBe(true);
    expect(robot.parts.arms[0]!.currentState().positions).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it.each([
    ['cbor', 'ros2'],
    ['cbor-raw', 'ros2'],
    ['cbor-raw', 'ros1'],
  ] as const)(
    'stay %s against embody serve (%s), typed arrays and serialized messages alike',
    async (compression, dialect) => {
      const serve: ServeSession = await startServe({
        scenePath: join(ROOT, 'scenes/tabletop.yaml'),
        port: 0,
        dialect,
        timeScale: 1,
        stateHz: 100,
        seed: 1,
      });
      cleanups.push(() => serve.close());
      const { robot, cleanup } = await serveRobot(`ws://127.0.0.1:${serve.port}`, dialect, {
        compression,
        cborFallbackMs: 300,
      });
      cleanups.push(
        () => cleanup(),
        () => robot.disconnect(),
      );
      const warnings: string[] = [];
      robot.warnings$.subscribe((w) => warnings.push(w));
      await robot.connect();
      // The UR's home pose from the scene, through CBOR's float64 arrays or ROS's own serialization.
      expect(robot.parts.arms[0]!.currentState().positions[1]).toBeCloseTo(-1.5708, 4);
      // The wrist's wrench (a WrenchStamped) and the objects (a TFMessage) decode too.
      const wrench = robot.parts.ftSensors[0]!;
      await until(() => wrench.currentWrench().stampMs > 0 && wrench.currentWrench().forceN[2] !== 0, 5000, 'a wrench');
      expect(warnings).toEqual([]);
    },
  );
});
