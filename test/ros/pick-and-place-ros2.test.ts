import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PICK_AND_PLACE, runOnSim, runOverRos } from './run-task-file.ts';
import { serveRobot, startServe, type ServeProcess } from './serve-process.ts';

// The ROS backend end to end: the demo's task file, unchanged, through roslib and a real `embody serve` process
// (ROS 2 action ops), compared with the same file run on the sim directly. The server runs the sim at twice the
// wall clock's pace to keep the suite quick; the client's timing is its own (the wall clock).
describe('tabletop pick-and-place through embody serve (ROS 2)', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe({ dialect: 'ros2', timeScale: 2 });
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('succeeds over rosbridge and leaves the objects where the direct sim run leaves them', async () => {
    const robot = await serveRobot(serve.url, 'ros2', { watchdogMs: 1000 });
    try {
      const direct = await runOnSim(PICK_AND_PLACE);
      const viaRos = await runOverRos(PICK_AND_PLACE, robot.configPath);
      expect(direct.failure?.describe()).toBeUndefined();
      expect(viaRos.failure?.describe()).toBeUndefined();
      // The run's clock counts from the session's start (the tree and summary show the run's time, not the epoch):
      // the task's moves take seconds of wall time, under the test's own limit.
      expect(viaRos.clockAtEndMs).toBeGreaterThan(1000);
      expect(viaRos.clockAtEndMs).toBeLessThan(120_000);
      for (const id of ['box-1', 'can-1']) {
        const a = direct.objects.get(id)!;
        const b = viaRos.objects.get(id)!;
        // Same targets, same physics; the wall-clock run differs by a few ms of timing per move.
        expect(a.distanceTo(b), `${id}: sim ${a.toArray().join()} vs ROS ${b.toArray().join()}`).toBeLessThan(0.015);
      }
      // The untouched bottle stayed put in both.
      expect(direct.objects.get('bottle-1')!.distanceTo(viaRos.objects.get('bottle-1')!)).toBeLessThan(0.005);
    } finally {
      robot.cleanup();
    }
  }, 120_000);
});
