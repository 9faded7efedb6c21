import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../apps/cli/run-command.ts';
import { captureIo } from '../cli/capture-io.ts';
import { TABLETOP } from './run-task-file.ts';
import { connectServedRobot, restingJoint, ROOT, until, type ServedRobot } from './serve-process.ts';

// `embody run --backend ros` end to end: the CLI connects to `embody serve` over rosbridge, runs a task file on the
// wall clock, and on an interrupt (Ctrl-C) cancels the goal and stops the arm before it disconnects.
describe('embody run --backend ros', () => {
  // The observer watches the arm through its own connection to the server the CLI drives.
  let observer: ServedRobot;
  let dir = '';
  beforeAll(async () => {
    observer = await connectServedRobot('ros2', { watchdogMs: 1000 });
    dir = mkdtempSync(join(tmpdir(), 'embody-run-ros-'));
  });
  afterAll(async () => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    await observer.close();
  });

  function taskMovingShoulderBy(deltaRad: number, velocityScale: number): { path: string; target: number } {
    const start = observer.robot.parts.arms[0]!.currentState().positions;
    const positions = start.map((q, i) => (i === 0 ? q + deltaRad : q));
    const path = join(dir, `move-${deltaRad}.yaml`);
    writeFileSync(
      path,
      `name: shoulder\nroot:\n  skill: moveArmJoints\n  params: { arm: 0, positions: ${JSON.stringify(positions)}, velocityScale: ${velocityScale} }\n`,
    );
    return { path, target: positions[0]! };
  }

  it('runs a task file on the served robot and reaches its goal', async () => {
    const { path, target } = taskMovingShoulderBy(0.3, 0.5);
    const io = captureIo(ROOT);
    const code = await runCommand(
      [path, '--backend', 'ros', '--robot', observer.configPath, '--scene', TABLETOP, '--limit-s', '30'],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/succeeded/);
    expect(Math.abs((await restingJoint(observer.robot.parts.arms[0]!)) - target)).toBeLessThan(0.01);
  }, 60_000);

  it('on an interrupt cancels the goal, stops the arm short of the target and exits 130', async () => {
    const arm = observer.robot.parts.arms[0]!;
    const startRad = arm.currentState().positions[0]!;
    const { path, target } = taskMovingShoulderBy(-1.5, 0.2);
    // Ctrl-C as the process's handler reports it: an aborted signal whose reason is the signal's name.
    const controller = new AbortController();
    const io = {
      ...captureIo(ROOT),
      interrupts: () => ({ signal: controller.signal, onForce: () => undefined, dispose: () => undefined }),
    };
    let atInterrupt = Number.NaN;
    void until(() => Math.abs(arm.currentState().positions[0]! - startRad) > 0.1, 30_000, 'motion').then(() => {
      atInterrupt = arm.currentState().positions[0]!;
      controller.abort('SIGINT');
    });
    const code = await runCommand([path, '--backend', 'ros', '--robot', observer.configPath], io);
    expect(code).toBe(130);
    expect(io.err()).toMatch(/interrupted by SIGINT/);
    const stoppedAt = await restingJoint(arm);
    expect(Math.abs(stoppedAt - atInterrupt)).toBeLessThan(0.1);
    expect(Math.abs(target - stoppedAt)).toBeGreaterThan(1);
  }, 60_000);

  it('on Ctrl-C (SIGINT to the process) stops the arm before the process exits with 130', async () => {
    const arm = observer.robot.parts.arms[0]!;
    const startRad = arm.currentState().positions[0]!;
    const { path, target } = taskMovingShoulderBy(1.5, 0.2);
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/embody.mjs'), 'run', path, '--backend', 'ros', '--robot', observer.configPath],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(() => Math.abs(arm.currentState().positions[0]! - startRad) > 0.1, 45_000, 'motion');
    const atInterrupt = arm.currentState().positions[0]!;
    child.kill('SIGINT');
    expect(await exited, output).toBe(130);
    expect(output).toMatch(/interrupted by SIGINT/);
    const stoppedAt = await restingJoint(arm);
    expect(Math.abs(stoppedAt - atInterrupt)).toBeLessThan(0.1);
    expect(Math.abs(target - stoppedAt)).toBeGreaterThan(1);
  }, 60_000);

  it('without --robot names the missing flag', async () => {
    const { path } = taskMovingShoulderBy(0.1, 0.5);
    const io = captureIo(ROOT);
    expect(await runCommand([path, '--backend', 'ros'], io)).toBe(2);
    expect(io.err()).toMatch(/^embody run: backend ros: the ros backend needs a robot config: add --robot/);
  });
});
