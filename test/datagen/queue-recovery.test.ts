import { existsSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datagenCommand } from '../../apps/datagen/datagen-command.ts';
import { ROOT, startWorker, stopWorker, whenLogged, type WorkerProcess } from '../../bench/queue-workers.ts';
import { startTestRedis, type TestRedis } from '../../bench/redis-server.ts';

// The queue when things go wrong around the workers: the real redis-server restarts in the middle of a run (its
// append-only file keeps the queue), and shards that fail on every try (a worker that cannot see the run's folder).
// That a queue run's files equal a single-process run's is queue.test.ts's.

const ARGS = ['--objects', 'tea-box', '--grasps-per-object', '8', '--chunk-size', '2', '--seed', '3'];
const FILES = ['grasps/tea-box.h5', 'index.parquet', 'meta/info.json'];

function sink(): { text: string; write(s: string): boolean } {
  return {
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}

describe('datagen queue recovery', () => {
  let redis: TestRedis;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => stopWorker(w, 'SIGKILL')));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('Redis restarted mid-run: the worker and the coordinator reconnect and finish the run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'embody-queue-')), 'dataset');
    const worker = startWorker(redis.url);
    workers.push(worker);
    const stdout = sink();
    const stderr = sink();
    const run = datagenCommand(
      [...ARGS, '--queue', redis.url, '--shard-chunks', '1', '--workers', '0', '--no-progress', '--out', out],
      { stdout, stderr, cwd: ROOT },
    );
    // Down while the first shard runs, so three shards are still queued (mid-run on any machine speed), and up
    // again only once the worker has met the dead connection: the outage is seen, not raced.
    await whenLogged([worker], () => (worker.log.includes('took shard') ? true : undefined));
    await redis.stop();
    await whenLogged([worker], () => (/queue: .* \(retrying\)/.test(worker.log) ? true : undefined));
    await redis.start();
    expect(await run, stderr.text).toBe(0);
    expect(worker.log).toMatch(/took shard o0-c3-4/);
    // Every planned trial labelled, each chunk once (byte-equality with a local run is queue.test.ts's).
    const planned = /trials {8}(\d+)\/(\d+) labelled/.exec(stdout.text);
    expect(planned?.[1]).toBe(planned?.[2]);
    const manifest = JSON.parse(readFileSync(join(out, 'work/manifest.json'), 'utf8')) as { done: string[] };
    expect(new Set(manifest.done).size).toBe(manifest.done.length);
    for (const f of FILES) expect(existsSync(join(out, f)), f).toBe(true);
  }, 60_000);

  it('shards that fail every try are reported with their error, and the run ends incomplete instead of hanging', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'embody-queue-')), 'dataset');
    const stdout = sink();
    const stderr = sink();
    const run = datagenCommand(
      [...ARGS, '--queue', redis.url, '--shard-chunks', '2', '--tries', '2', '--no-progress', '--out', out],
      { stdout, stderr, cwd: ROOT },
    );
    // The workers will not find the run's description: as on a machine where the dataset folder is not mounted.
    const description = join(out, 'shards/queue/work/run.json');
    while (!existsSync(description)) await new Promise((resolve) => setTimeout(resolve, 10));
    renameSync(description, `${description}.hidden`);
    workers.push(startWorker(redis.url));

    expect(await run).toBe(1);
    for (const shard of ['o0-c0-2', 'o0-c2-4']) {
      expect(stderr.text).toContain(
        `shard ${shard} failed 2 time(s): ${join(out, 'shards/queue')} holds no description`,
      );
    }
    expect(stdout.text).toContain('INCOMPLETE');
    expect(stdout.text).toContain('trials        0/');
  }, 60_000);
});
