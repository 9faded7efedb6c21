import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeSession } from '../../apps/serve/serve-session.ts';
import { ROOT, serveRobot } from './serve-process.ts';

// A real ROS 1 rosbridge (0.11) reports a failed subscribe only in its own log, so a topic the server cannot serve
// just stays silent (found against rosbridge_server 0.11.17, see examples/ros1-check). The backend says so, naming
// the topic and its type, while the topics that do talk raise nothing. The server runs in this process.
describe('a subscription the server never answers', () => {
  let serve: ServeSession;
  let robot: Awaited<ReturnType<typeof serveRobot>>;
  const warnings: string[] = [];
  beforeAll(async () => {
    serve = await startServe({
      scenePath: join(ROOT, 'scenes/tabletop.yaml'),
      port: 0,
      dialect: 'ros1',
      timeScale: 1,
      stateHz: 100,
      seed: 1,
    });
    robot = await serveRobot(`ws://127.0.0.1:${serve.port}`, 'ros1', {
      watchdogMs: 2000,
      objectPoses: { topic: '/no_tracker_here', parentFrame: 'world' },
    });
    robot.robot.warnings$.subscribe((w) => warnings.push(w));
    await robot.robot.connect();
  });
  afterAll(async () => {
    await robot.robot.disconnect();
    robot.cleanup();
    await serve.close();
  });

  it('warns once, naming the topic and type, and only for that topic', async () => {
    const tracking = robot.robot.objectPoses$.subscribe();
    try {
      const warning = await firstValueFrom(robot.robot.warnings$.pipe(filter((w) => w.includes('/no_tracker_here'))));
      expect(warning).toMatch(/^\/no_tracker_here: no tf2_msgs\/TFMessage message in 5 s since subscribing/);
      // /joint_states and the wrist wrench talk: no warning names them.
      expect(warnings.filter((w) => /joint_states|wrench/.test(w))).toEqual([]);
      expect(warnings.filter((w) => w.includes('/no_tracker_here'))).toHaveLength(1);
    } finally {
      tracking.unsubscribe();
    }
  }, 30_000);
});
