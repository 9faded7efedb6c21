import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUCTION_30MM } from '../../sim/grasp-trial/effector-models.ts';
import { parseDatagenArgs } from '../../apps/datagen/datagen-args.ts';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';
import { formatDuration, ProgressBar } from '../../apps/datagen/progress.ts';
import { sink } from './text-sink.ts';

describe('embody datagen command line', () => {
  it('parses options into plan settings', () => {
    const a = parseDatagenArgs([
      '--objects',
      'tea-box',
      '--out',
      'd',
      '--effector',
      'suction',
      '--grasps-per-object',
      '5',
      '--seed',
      '9',
      '--workers',
      '0',
      '--vacuum',
      '30:35',
      '--pose',
      'upright',
    ]);
    expect(a.settings.effector).toBe(SUCTION_30MM);
    expect(a.settings.graspsPerObject).toBe(5);
    expect(a.settings.seed).toBe(9);
    expect(a.workers).toBe(0);
    expect(a.settings.randomization.vacuumKPa).toEqual([30, 35]);
    expect(a.settings.randomization.pose).toBe('upright');
  });

  it('names the bad flag', () => {
    expect(() => parseDatagenArgs(['--objects', 'x', '--out', 'd', '--force', 'lots'])).toThrow(
      /--force: expected A:B/,
    );
    expect(() => parseDatagenArgs(['--out', 'd'])).toThrow(/--objects/);
  });

  it('prints help on --help and usage with exit code 2 on bad input', async () => {
    const out = sink();
    const err = sink();
    expect(await datagenCommand(['--help'], { stdout: out, stderr: err, cwd: '.' })).toBe(0);
    expect(out.text).toMatch(/--grasps-per-object N/);
    expect(
      await datagenCommand(['--objects', 'x', '--out', 'd', '--effector', 'claw'], {
        stdout: out,
        stderr: err,
        cwd: '.',
      }),
    ).toBe(2);
    expect(err.text).toBe(
      'embody datagen: --effector: expected parallel or suction, got "claw" (embody datagen -h for usage)\n',
    );
  });

  it.each([
    [['--scale', '1e300:1e300'], '--scale: both ends must be > 0 and ≤ 10, got "1e300:1e300"'],
    [['--seed='], '--seed: expected an integer from 0 to 4294967295, got ""'],
    [['--scale', '2:1'], '--scale: expected A:B with A ≤ B, got "2:1"'],
    [['--vacuum', '40:200'], '--vacuum: both ends must be > 0 and ≤ 101.325, got "40:200"'],
    [['--grasps-per-object', '1e3.5'], '--grasps-per-object: expected an integer from 1 to 1000000, got "1e3.5"'],
    [['--workers', 'Infinity'], '--workers: expected an integer from 0 to 1000000, got "Infinity"'],
    [['--scenes', ''], '--scenes: expected an integer from 0 to 100000, got ""'],
    [['--camera-fov', 'wide'], '--camera-fov: expected a number'],
    [['--mesh-scale', '0'], '--mesh-scale: expected a number > 0 and ≤ 1000, got "0"'],
  ])('refuses %j in one line, exit 2', async (flags, message) => {
    const err = sink();
    const code = await datagenCommand(['--objects', 'tea-box', '--out', 'never', ...flags], {
      stdout: sink(),
      stderr: err,
      cwd: '.',
    });
    expect(code).toBe(2);
    expect(err.text).toBe(`embody datagen: ${message} (embody datagen -h for usage)\n`);
  });

  it('caps --workers at the cores available with a warning, and --json prints one object on stdout', async () => {
    const out = sink();
    const err = sink();
    const dir = mkdtempSync(join(tmpdir(), 'embody-datagen-cap-'));
    const args = ['--objects', 'tea-box', '--grasps-per-object', '2', '--chunk-size', '2', '--workers', '1000'];
    const code = await datagenCommand(
      [...args, '--out', dir, '--json', '--no-progress'],
      {
        stdout: out,
        stderr: err,
        cwd: '.',
      },
      { cores: 1 },
    );
    expect(code).toBe(0);
    expect(err.text).toContain('embody datagen: --workers 1000 capped at 1, the cores available\n');
    // The human summary went to stderr; stdout is the JSON object alone.
    expect(err.text).toContain('embody datagen: complete');
    const summary = JSON.parse(out.text) as Record<string, unknown>;
    expect(out.text.trimEnd().split('\n')).toHaveLength(1);
    expect(summary).toMatchObject({
      command: 'datagen',
      status: 'complete',
      exitCode: 0,
      workers: 1,
      seed: 1,
      objects: [{ name: 'tea-box', candidates: 2 }],
      counts: { planned: 2, done: 2 },
    });
  });

  it('reports an unknown catalog name', async () => {
    const err = sink();
    expect(
      await datagenCommand(['--objects', 'no-such-thing', '--out', '/tmp/never-written', '--no-progress'], {
        stdout: sink(),
        stderr: err,
        cwd: '.',
      }),
    ).toBe(1);
    expect(err.text).toMatch(/neither a folder nor a catalog product/);
  });
});

describe('progress bar', () => {
  it('shows trials done, rate, success rate and ETA', () => {
    const out = sink();
    const bar = new ProgressBar(out, 100, 20);
    bar.add(10, 5, true);
    expect(out.text).toMatch(/30\/100 trials {2}[\d.]+ trials\/s {2}success 50\.0% {2}ETA \d+:\d\d/);
    bar.finish();
    expect(out.text.endsWith('\n')).toBe(true);
  });

  it('formats durations', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
