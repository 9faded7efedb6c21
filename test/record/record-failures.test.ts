import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordCommand } from '../../apps/record/record-command.ts';
import { readInfo, readParquet, textSink } from './read-dataset.ts';

// Episodes that cannot succeed: two seconds of sim time are not enough for a pick-and-place, so each attempt
// ends at its time limit. They are kept and marked, or left out with --only-success.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = [
  ...['--task', 'test/record/fixtures/box-to-a.yaml', '--scene', 'scenes/tabletop.yaml'],
  ...['--limit-s', '2', '--fps', '10', '--no-progress'],
];

async function record(args: readonly string[]): Promise<{ code: number; out: string; stdout: string; stderr: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'embody-record-fail-')), 'ds');
  const stdout = textSink();
  const stderr = textSink();
  const code = await recordCommand([...ARGS, ...args, '--out', out], { stdout, stderr, cwd: ROOT });
  return { code, out, stdout: stdout.text, stderr: stderr.text };
}

describe('embody record: failed episodes', () => {
  it('keeps failed episodes, with next.success false on every frame and the reason in the episode table', async () => {
    const run = await record(['--episodes', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('0 succeeded, 2 failed kept');
    const episodes = await readParquet(join(run.out, 'meta/episodes/chunk-000/file-000.parquet'));
    const data = await readParquet(join(run.out, 'data/chunk-000/file-000.parquet'));
    expect(episodes.rows.map((e) => [e.success, e.failure_reason])).toEqual([
      [false, 'time-limit'],
      [false, 'time-limit'],
    ]);
    expect(data.rows.every((r) => r['next.success'] === false)).toBe(true);
    expect(data.rows.filter((r) => r['next.done'] === true)).toHaveLength(2);
    // Frames at 0, 0.1, ... 2.1 s: the limit is reached at the 2 s frame, and the episode ends on the frame after
    // it, which shows the robot halted by the cancellation.
    expect(episodes.rows[0]!.length).toBe(22);
  });

  it('leaves failures out with --only-success, and exits 1 when the attempts run out first', async () => {
    const run = await record(['--episodes', '1', '--only-success', '--max-attempts', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('only 0 of 1 episodes after 2 attempts');
    const info = readInfo(run.out);
    expect(info.total_episodes).toBe(0);
    expect(info.total_frames).toBe(0);
    expect(existsSync(join(run.out, 'data'))).toBe(false);
    // Both attempts were made and are remembered, so a rerun does not repeat them.
    expect(existsSync(join(run.out, '.embody/attempts/attempt-000001/episode.json'))).toBe(true);
  });
});
