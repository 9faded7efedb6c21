import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';

// Static shards for batch schedulers without Redis: `--shard i/n` runs one shard into its own folder, `--merge`
// builds the dataset from the shard folders; the files equal a single-process run with the same seed.

const ROOT = new URL('../..', import.meta.url).pathname;
const ARGS = ['--objects', 'tea-box,soup-can', '--grasps-per-object', '6', '--chunk-size', '2', '--seed', '9'];
const FILES = ['grasps/tea-box.h5', 'grasps/soup-can.h5', 'index.parquet', 'meta/info.json'];

async function datagen(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await datagenCommand([...argv, '--workers', '0', '--no-progress'], {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

describe('static shards and --merge', () => {
  it('--shard 0/2 and 1/2, then --merge, equal a single-process run', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'embody-shards-ref-'));
    expect((await datagen([...ARGS, '--out', reference])).code).toBe(0);

    const out = mkdtempSync(join(tmpdir(), 'embody-shards-'));
    const early = await datagen(['--merge', '--out', out]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`${out}: no shards to merge`);

    for (const shard of ['0/2', '1/2']) {
      const run = await datagen([...ARGS, '--shard', shard, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
    }
    // Each shard holds its own chunks and no dataset files; together they hold every chunk once.
    const done = ['0-of-2', '1-of-2'].map(
      (f) =>
        (JSON.parse(readFileSync(join(out, 'shards', f, 'work/manifest.json'), 'utf8')) as { done: string[] }).done,
    );
    expect(done[0]!.length).toBeGreaterThan(0);
    expect(done[1]!.length).toBeGreaterThan(0);
    expect(done[0]!.filter((k) => done[1]!.includes(k))).toEqual([]);
    expect(existsSync(join(out, 'shards/0-of-2/index.parquet'))).toBe(false);

    const merged = await datagen(['--merge', '--out', out]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('merged 2 shard folder(s)');
    for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
    const refDone = (JSON.parse(readFileSync(join(reference, 'work/manifest.json'), 'utf8')) as { done: string[] })
      .done;
    expect([...done[0]!, ...done[1]!].sort()).toEqual(refDone);
  }, 60_000);

  it('--shard and --queue exclude each other; a bad --shard is named', async () => {
    const both = await datagen([...ARGS, '--shard', '0/2', '--queue', 'redis://127.0.0.1:1/0', '--out', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--queue and --shard exclude each other');
    const bad = await datagen([...ARGS, '--shard', '2/2', '--out', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard: expected 0 <= I < N');
  });
});
