import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordCommand } from '../../apps/record/record-command.ts';
import { filesUnder, readInfo, readParquet, textSink } from './read-dataset.ts';

// Real child processes: a recording stopped with Ctrl-C (SIGINT), then killed outright (SIGKILL) mid-episode, then
// run again to the end, against the same recording made in one go.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = [
  ...['--task', 'test/record/fixtures/box-to-a.yaml', '--scene', 'scenes/tabletop.yaml'],
  ...['--episodes', '2', '--seed', '9', '--fps', '20'],
];
const attemptDir = (out: string, attempt: number): string =>
  join(out, `.embody/attempts/attempt-${String(attempt).padStart(6, '0')}`);

/**
 * Runs `embody record` in a child process and sends `signal` once `ready(out, stderr so far)` holds; resolves
 * with how it exited.
 */
function recordUntil(
  out: string,
  signal: NodeJS.Signals,
  ready: (stderr: string) => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/embody.mjs', 'record', ...ARGS, '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    const check = (): void => {
      if (sent || !ready(stderr)) return;
      sent = true;
      child.kill(signal);
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    const poll = setInterval(check, 5);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig });
    });
  });
}

let straight: string;
let resumed: string;
let stopped: { code: number | null; signal: NodeJS.Signals | null };
let stoppedInfo: ReturnType<typeof readInfo>;
let stoppedRows: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'embody-record-resume-'));
  straight = join(dir, 'straight');
  resumed = join(dir, 'resumed');
  const io = { stdout: textSink(), stderr: textSink(), cwd: ROOT };
  expect(await recordCommand([...ARGS, '--out', straight, '--no-progress'], io)).toBe(0);

  // Ctrl-C once the first episode is in: the run stops cleanly with a valid dataset.
  stopped = await recordUntil(resumed, 'SIGINT', () => existsSync(join(attemptDir(resumed, 0), 'episode.json')));
  stoppedInfo = readInfo(resumed);
  stoppedRows = (await readParquet(join(resumed, 'data/chunk-000/file-000.parquet'))).rows.length;
  // Killed outright as soon as it reports where it resumes, that is while it runs the second attempt.
  const killed = await recordUntil(resumed, 'SIGKILL', (stderr) => stderr.includes('1/2 episodes'));
  expect(killed.signal).toBe('SIGKILL');
  // What a kill in the middle of writing leaves: an attempt without its episode.json, a temp file.
  mkdirSync(attemptDir(resumed, 1), { recursive: true });
  writeFileSync(join(attemptDir(resumed, 1), 'state.f32'), 'torn');
  writeFileSync(join(resumed, 'data/chunk-000/file-000.parquet.tmp-99999'), 'torn');
  // The same command again finishes the recording.
  expect(await recordCommand([...ARGS, '--out', resumed, '--no-progress'], io)).toBe(0);
}, 240_000);

describe('embody record: stopping and resuming', () => {
  it('stops on Ctrl-C with exit 130, leaving a valid dataset of the finished episodes', () => {
    expect(stopped.code).toBe(130);
    expect(stoppedInfo.total_episodes).toBeGreaterThanOrEqual(1);
    expect(stoppedInfo.total_episodes).toBeLessThan(2);
    expect(stoppedRows).toBe(stoppedInfo.total_frames);
  });

  it('continues after the last complete episode and ends byte-equal to a run that was never stopped', () => {
    const files = filesUnder(straight);
    expect(files).toContain('data/chunk-000/file-000.parquet');
    expect(files).toContain('meta/episodes/chunk-000/file-000.parquet');
    expect(filesUnder(resumed)).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(resumed, file)).equals(readFileSync(join(straight, file))), file).toBe(true);
    }
    expect(readInfo(resumed).total_episodes).toBe(2);
  });

  it('refuses to continue a recording with other options, and to write into a folder that is not one', async () => {
    const stderr = textSink();
    const io = { stdout: textSink(), stderr, cwd: ROOT };
    const other = ARGS.map((a) => (a === '9' ? '10' : a));
    expect(await recordCommand([...other, '--out', straight], io)).toBe(2);
    expect(stderr.text).toContain('recorded with other seed');
    expect(await recordCommand([...ARGS, '--out', join(ROOT, 'scenes')], io)).toBe(2);
    expect(stderr.text).toContain('is not empty and holds no embody recording');
  });
});
