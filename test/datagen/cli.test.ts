import { describe, expect, it } from 'vitest';
import { SUCTION_30MM } from '../../sim/grasp-trial/types.ts';
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
    expect(out.text).toMatch(/--grasps-per-object/);
    expect(await datagenCommand(['--effector', 'claw'], { stdout: out, stderr: err, cwd: '.' })).toBe(2);
    expect(err.text).toMatch(/--effector/);
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
