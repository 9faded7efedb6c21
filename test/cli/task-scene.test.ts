import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../apps/cli/run-command.ts';
import { captureIo } from './capture-io.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// A task file may name its scene (the world model it runs in), relative to the task file; `--scene` overrides it.
describe('a task file with its own scene', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A task in its own folder (`tasks/` inside a temp dir) that logs and names `scene`. */
  function taskWithScene(scene: string): { cwd: string; taskPath: string } {
    const cwd = mkdtempSync(join(tmpdir(), 'embody-task-scene-'));
    dirs.push(cwd);
    mkdirSync(join(cwd, 'tasks'));
    const taskPath = join('tasks', 'logs.yaml');
    writeFileSync(
      join(cwd, taskPath),
      `name: logs\nscene: ${JSON.stringify(scene)}\nroot:\n  skill: log\n  params: { message: hello }\n`,
    );
    return { cwd, taskPath };
  }

  it('runs in the sim on the scene the task names, resolved from the task file’s folder', async () => {
    // The task lives in a temp folder; its scene is the project's tabletop, named relative to the task file.
    const { cwd, taskPath } = taskWithScene('placeholder.yaml');
    const scene = relative(join(cwd, 'tasks'), join(ROOT, 'scenes', 'tabletop.yaml'));
    writeFileSync(
      join(cwd, taskPath),
      `name: logs\nscene: ${scene}\nroot:\n  skill: log\n  params: { message: hello }\n`,
    );
    const io = captureIo(cwd);
    const code = await runCommand([taskPath, '--speed', 'max'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out().split('\n')[0]).toBe('logs: backend sim, seed 1, speed max');
  });

  it('names the scene file the task gave when it is missing, and --scene overrides it', async () => {
    const { cwd, taskPath } = taskWithScene('../scenes/absent.yaml');
    const io = captureIo(cwd);
    expect(await runCommand([taskPath, '--speed', 'max'], io)).toBe(2);
    // Resolved from the task file's folder (tasks/../scenes), not from the working directory (../scenes).
    expect(io.err()).toContain(
      `backend sim: ENOENT: no such file or directory, stat '${join(cwd, 'scenes', 'absent.yaml')}'`,
    );

    const override = captureIo(cwd);
    const scene = join(ROOT, 'scenes', 'tabletop.yaml');
    expect(await runCommand([taskPath, '--scene', scene, '--speed', 'max'], override)).toBe(0);
    expect(override.err()).toBe('');
  });

  it('refuses an absolute scene path, naming the file and the field', async () => {
    const { cwd, taskPath } = taskWithScene(join(ROOT, 'scenes', 'tabletop.yaml'));
    const io = captureIo(cwd);
    expect(await runCommand([taskPath], io)).toBe(2);
    expect(io.err()).toContain('tasks/logs.yaml');
    expect(io.err()).toMatch(/scene.*relative to the task file/);
  });
});
