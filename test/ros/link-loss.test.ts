import { firstValueFrom, filter } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleState } from '../../hardware/common.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { moveArmJoints } from './arm-skill.ts';
import { connectServedRobot, startServe, until, type ServedRobot } from './serve-process.ts';

const WATCHDOG_MS = 300;

// A lost robot: the server process is killed in the middle of a motion, then comes back on the same port.
describe('the ROS backend when the link drops', () => {
  let served: ServedRobot;
  let lifecycle: LifecycleState = 'disconnected';
  beforeAll(async () => {
    served = await connectServedRobot(
      'ros2',
      { watchdogMs: WATCHDOG_MS, reconnect: { initialDelayMs: 100, maxDelayMs: 500 } },
      (robot) => robot.lifecycle$.subscribe((l) => (lifecycle = l)),
    );
  });
  afterAll(() => served.close());

  it('fails the running skill with hardware-fault within the watchdog time when the server is killed mid-motion', async () => {
    const arm = served.robot.parts.arms[0]!;
    const start = arm.currentState().positions;
    const target = start.map((q, i) => (i === 0 ? q + 1.5 : q));
    let failure: SkillFailure | undefined;
    let failedAtMs = 0;
    let completed = false;
    moveArmJoints(served.robot, target, 0.2).subscribe({
      error: (e: unknown) => {
        failure = toSkillFailure(e);
        failedAtMs = performance.now();
      },
      complete: () => (completed = true),
    });
    await until(() => Math.abs(arm.currentState().positions[0]! - start[0]!) > 0.05, 20_000, 'the arm to start moving');
    const killedAtMs = performance.now();
    await served.serve.kill();
    await until(() => failure !== undefined || completed, 5_000, 'the skill to end');
    expect(completed).toBe(false);
    expect(failure?.reason).toBe('hardware-fault');
    expect(failure?.detail).toMatchObject({ code: 'communication-lost', part: 'arm/arm' });
    // A killed process's sockets close only after the kernel has torn down its memory (Rapier's WASM reserves a
    // lot), so the watchdog is what notices first: within its time, plus its check period (a tenth of it) and the
    // event loop's slack on a busy machine.
    expect(failedAtMs - killedAtMs).toBeLessThan(WATCHDOG_MS + WATCHDOG_MS / 10 + 50);
    expect(lifecycle).toBe('faulted');
    // New commands fail at once while the link is down.
    const refused = await new Promise<SkillFailure>((resolve) =>
      moveArmJoints(served.robot, start, 0.5).subscribe({ error: (e: unknown) => resolve(toSkillFailure(e)) }),
    );
    expect(refused.reason).toBe('hardware-fault');
  }, 60_000);

  it('reconnects with backoff once the server is back, its topics restored, and moves again', async () => {
    const wrench = served.robot.parts.ftSensors[0]!;
    served.serve = await startServe({ dialect: 'ros2', port: served.serve.port });
    await firstValueFrom(served.robot.lifecycle$.pipe(filter((l) => l === 'connected')));
    // Topics other than the watched state came back too.
    const stampBefore = wrench.currentWrench().stampMs;
    await until(() => wrench.currentWrench().stampMs > stampBefore, 5_000, 'a wrench after the reconnection');
    const arm = served.robot.parts.arms[0]!;
    const back = arm.currentState().positions.map((q, i) => (i === 0 ? q - 0.2 : q));
    const outcome = await new Promise<string>((resolve) =>
      moveArmJoints(served.robot, back, 0.5).subscribe({
        error: (e: unknown) => resolve(toSkillFailure(e).describe()),
        complete: () => resolve('succeeded'),
      }),
    );
    expect(outcome).toBe('succeeded');
    expect(arm.currentState().positions[0]).toBeCloseTo(back[0]!, 2);
  }, 90_000);
});
