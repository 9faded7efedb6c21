import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';
import { sink } from './text-sink.ts';

// What datagen may touch in --out, what it does when two runs share one, and how it resumes from bookkeeping that
// something outside the run damaged.

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = ['bin/run-ts.mjs', 'test/datagen/datagen-cli.ts'];
const CUBE = join(ROOT, 'test/fixtures/scenes/cube.obj');
const RUN = ['--objects', 'tea-box', '--grasps-per-object', '6', '--chunk-size', '2', '--seed', '3'];
const QUIET = ['--workers', '0', '--no-progress'];
const FILES = ['grasps/tea-box.h5', 'index.parquet', 'meta/info.json'];
const SILENT = { write: () => true };

async function datagen(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const err = sink();
  const code = await datagenCommand([...args], { stdout: SILENT, stderr: err, cwd: ROOT });
  return { code, stderr: err.text };
}

function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `embody-datagen-${name}-`));
}

describe('datagen output safety', () => {
  const reference = scratch('safety-ref');
  beforeAll(async () => {
    expect((await datagen([...RUN, ...QUIET, '--out', reference])).code).toBe(0);
  }, 120_000);

  it('refuses mesh files whose names map to one object id, naming both', async () => {
    const spaced = scratch('clash');
    copyFileSync(CUBE, join(spaced, 'my part.obj'));
    copyFileSync(CUBE, join(spaced, 'my_part.obj'));
    const a = await datagen(['--objects', spaced, '--mesh-scale', '0.05', ...QUIET, '--out', join(spaced, 'out')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toBe(
      `embody datagen: ${spaced}/my part.obj and ${spaced}/my_part.obj both give the object id "my_part" ` +
        '(grasps/my_part.h5): rename one of them\n',
    );
    const formats = scratch('clash-ext');
    copyFileSync(CUBE, join(formats, 'a.obj'));
    copyFileSync(join(ROOT, 'test/fixtures/scenes/tetra.stl'), join(formats, 'A.stl'));
    const b = await datagen(['--objects', formats, ...QUIET, '--out', join(formats, 'out')]);
    expect(b.stderr).toMatch(/A\.stl and .*a\.obj both give the object id|a\.obj and .*A\.stl both give the object id/);
    const twice = await datagen(['--objects', 'tea-box,tea-box', ...QUIET, '--out', join(formats, 'out2')]);
    expect(twice.stderr).toBe(
      'embody datagen: "tea-box" and "tea-box" both give the object id "tea-box" (grasps/tea-box.h5): rename one of them\n',
    );
    expect(existsSync(join(spaced, 'out'))).toBe(false);
  });

  it('leaves files of its own name pattern alone that it did not create, and errors begin with one prefix', async () => {
    const out = scratch('tmpnames');
    mkdirSync(join(out, 'grasps'));
    writeFileSync(join(out, 'notes.tmp-keep.txt'), 'mine');
    writeFileSync(join(out, 'grasps', 'draft.h5.tmp-42'), 'mine too');
    expect((await datagen([...RUN, ...QUIET, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'notes.tmp-keep.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'grasps', 'draft.h5.tmp-42'), 'utf8')).toBe('mine too');
    for (const dir of ['', 'grasps', 'meshes', 'meta', 'work'])
      expect(existsSync(join(out, dir, '.embody-tmp'))).toBe(false);
    const bad = await datagen(['--objects', join(out, 'nowhere'), ...QUIET, '--out', out]);
    expect(bad.stderr).toMatch(/^embody datagen: "\/.*nowhere" is neither a folder nor a catalog product/);
    expect(bad.stderr).not.toMatch(/datagen: datagen:/);
  });

  it('resumes past an emptied manifest and a truncated chunk file, naming each', async () => {
    const emptied = scratch('emptied');
    cpSync(reference, emptied, { recursive: true });
    writeFileSync(join(emptied, 'work/manifest.json'), '');
    const a = await datagen([...RUN, ...QUIET, '--out', emptied]);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe(
      `embody datagen: ${emptied}/work/manifest.json is damaged (it is empty): starting the run over\n`,
    );
    for (const f of FILES)
      expect(readFileSync(join(emptied, f)).equals(readFileSync(join(reference, f))), f).toBe(true);

    const truncated = scratch('truncated');
    cpSync(reference, truncated, { recursive: true });
    const chunk = join(truncated, 'work/chunk-0-1.json');
    writeFileSync(chunk, readFileSync(chunk).subarray(0, 40));
    const b = await datagen([...RUN, ...QUIET, '--out', truncated]);
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(
      new RegExp(`^embody datagen: ${chunk} is damaged \\(.*JSON.*\\): running chunk 0:1 again\\n$`),
    );
    for (const f of FILES)
      expect(readFileSync(join(truncated, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
  }, 120_000);

  it('refuses a second run on the same --out while the first runs', async () => {
    const out = scratch('locked');
    const long = ['--objects', 'tea-box,soup-can', '--grasps-per-object', '30', '--chunk-size', '2', '--seed', '3'];
    const child = spawn(process.execPath, [...CLI, ...long, ...QUIET, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (existsSync(join(out, 'work/run.lock'))) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
      const second = await datagen([...long, ...QUIET, '--out', out]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^embody datagen: ${out} is in use by another embody datagen run \\(pid ${child.pid}, started .*\\); ` +
            `.*delete ${out}/work/run\\.lock\\n$`,
        ),
      );
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
  }, 120_000);

  it('takes over the lock of a run whose process is gone', async () => {
    const out = scratch('stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(out, 'work'));
    const lock = { pid: Number(gone.stdout), host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(out, 'work/run.lock'), JSON.stringify(lock));
    const run = await datagen([...RUN, ...QUIET, '--out', out]);
    expect(run).toEqual({ code: 0, stderr: '' });
    expect(existsSync(join(out, 'work/run.lock'))).toBe(false);
  }, 120_000);
});
