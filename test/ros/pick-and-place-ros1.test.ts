import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICK_AND_PLACE, runOverRos } from './run-task-file.ts';
import { serveRobot, startServe, type ServeProcess } from './serve-process.ts';

// The ROS backend end to end in the ROS 1 dialect: the demo's task file, unchanged, through roslib's actionlib
// client and a real `embody serve --dialect ros1` process. (The ROS 2 file compares with the direct sim run.)
describe('tabletop pick-and-place through embody serve (ROS 1)', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe({ dialect: 'ros1', timeScale: 2 });
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('succeeds over rosbridge with actionlib goals and puts both objects on their targets', async () => {
    const robot = await serveRobot(serve.url, 'ros1', { watchdogMs: 1000 });
    try {
      const viaRos = await runOverRos(PICK_AND_PLACE, robot.configPath);
      expect(viaRos.failure?.describe()).toBeUndefined();
      // On the marked targets (target/a and target/b on the table top, 0.35 m ahead of the table centre).
      expect(Math.hypot(viaRos.objects.get('box-1')!.x - 0.35, viaRos.objects.get('box-1')!.y + 0.2)).toBeLessThan(
        0.02,
      );
      expect(Math.hypot(viaRos.objects.get('can-1')!.x - 0.35, viaRos.objects.get('can-1')!.y - 0.2)).toBeLessThan(
        0.02,
      );
    } finally {
      robot.cleanup();
    }
  }, 120_000);
});
