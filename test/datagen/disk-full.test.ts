import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';
import { mountTmpfs, type Tmpfs } from './tmpfs.ts';
import { sink } from './text-sink.ts';

// A real full disk and a real read-only disk (small tmpfs mounts, as root): datagen must fail with one clear line
// naming the file, publish nothing torn, and leave its bookkeeping so that the same command resumes.

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = ['bin/run-ts.mjs', 'test/datagen/datagen-cli.ts'];
const ARGS = ['--objects', 'tea-box,soup-can', '--grasps-per-object', '8', '--chunk-size', '2', '--seed', '5'];
const RUN = [...ARGS, '--workers', '0', '--no-progress'];
const FILES = ['grasps/tea-box.h5', 'grasps/soup-can.h5', 'index.parquet', 'meta/info.json'];
const SILENT = { write: () => true };

/** Leaves `freeBytes` free on the file system of `dir` by writing a filler file there. */
function fillUp(dir: string, freeBytes: number): string {
  const { bavail, bsize } = statfsSync(dir);
  const filler = join(dir, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, Number(bavail) * Number(bsize) - freeBytes)));
  return filler;
}

describe('datagen on a full or read-only disk', () => {
  const reference = mkdtempSync(join(tmpdir(), 'embody-datagen-full-ref-'));
  const mounts: Tmpfs[] = [];
  beforeAll(async () => {
    expect(await datagenCommand([...RUN, '--out', reference], { stdout: SILENT, stderr: SILENT, cwd: ROOT })).toBe(0);
  }, 120_000);
  afterAll(() => mounts.forEach((m) => m.unmount()));

  it('fails with "no space left on <file>", publishes no torn HDF5 and resumes byte-equal', async (ctx) => {
    const tmpfs = mountTmpfs(1024 * 1024);
    if ('skipped' in tmpfs) return ctx.skip(tmpfs.skipped);
    mounts.push(tmpfs);
    // The trials are done; only the dataset files remain to write when the disk fills.
    const out = join(tmpfs.dir, 'out');
    cpSync(join(reference, 'work'), join(out, 'work'), { recursive: true });
    cpSync(join(reference, 'meshes'), join(out, 'meshes'), { recursive: true });
    const manifest = readFileSync(join(out, 'work/manifest.json'));
    const filler = fillUp(tmpfs.dir, 8 * 1024);

    // A real process, so what HDF5 prints straight to fd 2 would show in its stderr.
    const full = spawnSync(process.execPath, [...CLI, ...RUN, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(full.status).toBe(1);
    expect(full.stderr).toBe(`embody datagen: no space left on ${out}/grasps/tea-box.h5 (the disk is full)\n`);
    // Nothing torn was renamed into place, no temp file is left, the bookkeeping is as it was.
    expect(readdirSync(join(out, 'grasps'))).toEqual([]);
    expect(readFileSync(join(out, 'work/manifest.json')).equals(manifest)).toBe(true);
    expect(existsSync(join(out, 'work/run.lock'))).toBe(false);

    rmSync(filler);
    const again = sink();
    expect(await datagenCommand([...RUN, '--out', out], { stdout: SILENT, stderr: again, cwd: ROOT })).toBe(0);
    expect(again.text).toBe('');
    for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
  }, 120_000);

  it('names the folder it cannot create on a read-only disk', async (ctx) => {
    const tmpfs = mountTmpfs(64 * 1024, true);
    if ('skipped' in tmpfs) return ctx.skip(tmpfs.skipped);
    mounts.push(tmpfs);
    const err = sink();
    const out = join(tmpfs.dir, 'out');
    expect(await datagenCommand([...RUN, '--out', out], { stdout: SILENT, stderr: err, cwd: ROOT })).toBe(1);
    expect(err.text).toBe(`embody datagen: cannot create folder ${out}: the file system is read-only\n`);
  });
});
