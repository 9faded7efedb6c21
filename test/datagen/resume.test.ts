import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';

// Real child processes: `embody datagen` killed mid-run, then run again with the same command line.
const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = ['bin/run-ts.mjs', 'test/datagen/datagen-cli.ts'];
const ARGS = [
  '--objects',
  'tea-box,soup-can',
  '--grasps-per-object',
  '8',
  '--chunk-size',
  '2',
  '--seed',
  '5',
  '--workers',
  '0',
  '--no-progress',
];
const FILES = ['grasps/tea-box.h5', 'grasps/soup-can.h5', 'index.parquet', 'meta/info.json'];
const SILENT = { write: () => true };
// Child processes on a shared 2-core machine: give them room.
const SLOW = { timeout: 180_000 };

function runToEnd(out: string): number | null {
  return spawnSync(process.execPath, [...CLI, ...ARGS, '--out', out], { cwd: ROOT, stdio: 'ignore' }).status;
}

function doneChunks(out: string): number {
  try {
    return (JSON.parse(readFileSync(join(out, 'work/manifest.json'), 'utf8')) as { done: string[] }).done.length;
  } catch {
    return 0;
  }
}

/**
 * Starts a run that pauses once its `chunks`-th chunk is on disk (the child announces it on stdout), sends `signal`
 * then, and resolves with the exit code and signal. The kill point is that chunk, not a moment in wall time.
 */
function runAndSignal(
  out: string,
  signal: NodeJS.Signals,
  chunks: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...ARGS, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, STOP_AFTER_CHUNKS: String(chunks) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      const before = stdout;
      stdout += data.toString('utf8');
      if (!before.includes(`chunk ${chunks} done\n`) && stdout.includes(`chunk ${chunks} done\n`)) child.kill(signal);
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ code, signal: sig }));
  });
}

function sameFiles(a: string, b: string): void {
  for (const f of FILES) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
}

describe('kill and resume', () => {
  const reference = mkdtempSync(join(tmpdir(), 'embody-datagen-ref-'));
  beforeAll(async () => {
    // The uninterrupted run, in this process through the same command.
    expect(await datagenCommand([...ARGS, '--out', reference], { stdout: SILENT, stderr: SILENT, cwd: ROOT })).toBe(0);
  }, 180_000);

  it('SIGKILL mid-run, then the same command again, equals an uninterrupted run', SLOW, async () => {
    const out = mkdtempSync(join(tmpdir(), 'embody-datagen-kill-'));
    const killed = await runAndSignal(out, 'SIGKILL', 2);
    expect(killed.signal).toBe('SIGKILL');
    // Killed right after its second chunk: no final files yet, exactly two chunks recorded.
    expect(existsSync(join(out, 'meta/info.json'))).toBe(false);
    expect(doneChunks(out)).toBe(2);
    expect(runToEnd(out)).toBe(0);
    sameFiles(out, reference);
  });

  it('SIGINT stops cleanly with a valid partial dataset, and a rerun completes it', SLOW, async () => {
    const out = mkdtempSync(join(tmpdir(), 'embody-datagen-int-'));
    const stopped = await runAndSignal(out, 'SIGINT', 3);
    expect(stopped.code).toBe(130);
    const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8')) as {
      complete: boolean;
      counts: { done: number; planned: number };
    };
    expect(info.complete).toBe(false);
    // Interrupted after its third chunk: no chunk starts after Ctrl-C.
    expect(doneChunks(out)).toBe(3);
    expect(info.counts.done).toBeGreaterThan(0);
    expect(info.counts.done).toBeLessThan(info.counts.planned);
    expect(existsSync(join(out, 'index.parquet'))).toBe(true);
    expect(runToEnd(out)).toBe(0);
    sameFiles(out, reference);
  });
});
