import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';
import {
  ROOT,
  SILENT,
  shardsInFlight,
  startWorker,
  stopWorker,
  whenLogged,
  type WorkerProcess,
} from '../../bench/queue-workers.ts';
import { freePort, startTestRedis, type TestRedis } from '../../bench/redis-server.ts';

// `embody datagen --queue` against a real redis-server (started here) with real `embody worker` processes: one is
// SIGKILLed in the middle of a shard, BullMQ's stalled-job check hands the shard to the other, and the dataset is
// byte-equal to the one a single process makes with the same seed.

const ARGS = ['--objects', 'tea-box,soup-can', '--grasps-per-object', '8', '--chunk-size', '2', '--seed', '5'];
const FILES = ['grasps/tea-box.h5', 'grasps/soup-can.h5', 'index.parquet', 'meta/info.json'];

describe('datagen through a BullMQ queue on Redis', () => {
  const reference = mkdtempSync(join(tmpdir(), 'embody-queue-ref-'));
  let redis: TestRedis;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    // The single-process run, in this process through the same command.
    const code = await datagenCommand([...ARGS, '--workers', '0', '--no-progress', '--out', reference], {
      stdout: SILENT,
      stderr: SILENT,
      cwd: ROOT,
    });
    expect(code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
    await redis?.stop();
  });

  it('a worker SIGKILLed mid-shard loses nothing: the dataset equals the single-process one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'embody-queue-')), 'dataset');
    const a = startWorker(redis.url);
    const b = startWorker(redis.url);
    workers.push(a, b);
    let stderr = '';
    const run = datagenCommand(
      [...ARGS, '--queue', redis.url, '--shard-chunks', '2', '--workers', '0', '--no-progress', '--out', out],
      { stdout: SILENT, stderr: { write: (s: string) => ((stderr += s), true) }, cwd: ROOT },
    );
    // Kill a worker while it holds a shard: BullMQ still lists the shard as taken by it.
    const killed = await whenLogged([a, b], () => {
      for (const w of [a, b]) {
        const [shard] = shardsInFlight(w);
        if (shard !== undefined) return { worker: w, shard };
      }
      return undefined;
    });
    await stopWorker(killed.worker, 'SIGKILL');
    const survivor = killed.worker === a ? b : a;

    expect(await run, stderr).toBe(0);
    // The survivor took the killed worker's shard once its lock lapsed, and finished it.
    expect(survivor.log).toContain(`took shard ${killed.shard}`);
    expect(survivor.log).toContain(`finished shard ${killed.shard}`);
    for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
    // Every chunk recorded into the dataset once.
    const manifest = JSON.parse(readFileSync(join(out, 'work/manifest.json'), 'utf8')) as { done: string[] };
    const refManifest = JSON.parse(readFileSync(join(reference, 'work/manifest.json'), 'utf8')) as { done: string[] };
    expect(new Set(manifest.done).size).toBe(manifest.done.length);
    expect(manifest.done).toEqual(refManifest.done);
    await stopWorker(survivor, 'SIGTERM');
    expect(survivor.child.exitCode).toBe(0);
  }, 90_000);

  it('an unreachable Redis is a clear error before anything is written', async () => {
    const port = await freePort();
    const out = join(mkdtempSync(join(tmpdir(), 'embody-queue-')), 'dataset');
    let stderr = '';
    const code = await datagenCommand([...ARGS, '--queue', `redis://127.0.0.1:${port}/0`, '--out', out], {
      stdout: SILENT,
      stderr: { write: (s: string) => ((stderr += s), true) },
      cwd: ROOT,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot reach the queue at redis://127.0.0.1:${port}/0`);
    expect(stderr).toContain('ECONNREFUSED');
    expect(existsSync(out)).toBe(false);
  });
});
