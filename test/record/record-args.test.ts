import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRecordArgs, RecordOptionError } from '../../apps/record/record-args.ts';
import { recordCommand } from '../../apps/record/record-command.ts';
import { main } from '../../apps/cli/main.ts';
import { textSink } from './read-dataset.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASE = ['--task', 'test/record/fixtures/box-to-a.yaml', '--scene', 'scenes/tabletop.yaml'];

async function run(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const stderr = textSink();
  const code = await recordCommand(args, { stdout: textSink(), stderr, cwd: ROOT });
  return { code, stderr: stderr.text };
}

const freshOut = (): string => join(mkdtempSync(join(tmpdir(), 'embody-record-args-')), 'ds');

describe('embody record: options', () => {
  it('has defaults for everything but the task, the scene and the folder', () => {
    const args = parseRecordArgs([...BASE, '--out', 'ds']);
    expect(args).toMatchObject({
      help: false,
      episodes: 10,
      seed: 1,
      fps: 30,
      cameras: [],
      cameraSizePx: [64, 48],
      onlySuccess: false,
      maxAttempts: 10,
      conditions: { jitterM: 0.02, jitterYawDeg: 10, frictionFactor: [0.8, 1.2] },
    });
    expect(parseRecordArgs([...BASE, '--out', 'ds', '--episodes', '4', '--only-success'])).toMatchObject({
      maxAttempts: 12,
    });
  });

  it('names the flag and the reason for bad values', () => {
    const problem = (argv: string[]): string => {
      try {
        parseRecordArgs(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(RecordOptionError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(problem(['--scene', 's', '--out', 'o'])).toContain('--task');
    expect(problem([...BASE, '--out', 'o', '--fps', 'fast'])).toContain('--fps');
    expect(problem([...BASE, '--out', 'o', '--camera-size', '8x8'])).toContain('--camera-size');
    expect(problem([...BASE, '--out', 'o', '--camera', 'head,head'])).toContain('named twice');
    expect(problem([...BASE, '--out', 'o', '--friction', '1.2:0.8'])).toContain('--friction');
    expect(problem([...BASE, '--out', 'o', '--wat'])).toContain('unknown option --wat');
    expect(problem([...BASE, '--out', 'o', '--seed='])).toContain('--seed: expected an integer');
  });

  it('exits 2 with the reason for an fps the sim cannot step to, an unknown camera or a bad task file', async () => {
    const fps = await run([...BASE, '--out', freshOut(), '--fps', '25']);
    expect(fps.code).toBe(2);
    expect(fps.stderr).toContain('25 does not divide the sim');
    const camera = await run([...BASE, '--out', freshOut(), '--camera', 'belly']);
    expect(camera.code).toBe(2);
    expect(camera.stderr).toContain('--camera belly');
    const task = await run([
      '--task',
      'test/fixtures/tasks/bad-types.yaml',
      '--scene',
      'scenes/tabletop.yaml',
      '--out',
      freshOut(),
    ]);
    expect(task.code).toBe(2);
    expect(task.stderr).toContain('test/fixtures/tasks/bad-types.yaml');
    const scene = await run(['--task', BASE[1]!, '--scene', 'scenes/nope.yaml', '--out', freshOut()]);
    expect(scene.code).toBe(2);
    expect(scene.stderr).toContain('nope.yaml');
  });

  it('is dispatched by the embody command line', async () => {
    const stdout = textSink();
    expect(await main(['record', '--help'], { stdout, stderr: textSink(), cwd: ROOT })).toBe(0);
    expect(stdout.text).toContain('usage: embody record');
  });
});
