// Datagen through the BullMQ queue: trials/s with 1 and 2 `embody worker` processes (one thread each) against the
// same run on this machine's worker threads, all wall clock in the same run, medians of BENCH_QUEUE_RUNS (default
// 3) runs after one warm-up; and the queue's overhead per shard (queue with 1 worker vs 1 local thread). Grasps per
// object: BENCH_QUEUE_GRASPS (default 64). Starts its own redis-server (Debian's `redis-server`).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lanesFor, runChunkLanes, type ChunkExecutor } from '../apps/datagen/chunk-executor.ts';
import { workerPoolRunner } from '../apps/datagen/chunk-runner.ts';
import { runDatagen } from '../apps/datagen/datagen-run.ts';
import { parseDatagenArgs } from '../apps/datagen/datagen-args.ts';
import { loadObjects } from '../apps/datagen/object-source.ts';
import { queueExecutor } from '../apps/datagen/queue/queue-executor.ts';
import { ROOT, startWorker, stopWorker, whenLogged, type WorkerProcess } from './queue-workers.ts';
import { startTestRedis } from './redis-server.ts';
import { median } from './stats.ts';

const OBJECTS = 'tea-box,soup-can';
// Each worker process plans the objects it runs (sampling, templates): small runs show that more than scaling.
const GRASPS = Number(process.env.BENCH_QUEUE_GRASPS ?? 64);
const ARGS = [
  '--objects',
  OBJECTS,
  '--grasps-per-object',
  `${GRASPS}`,
  '--chunk-size',
  '16',
  '--seed',
  '1',
  '--out',
  'x',
];
const CHUNKS_PER_SHARD = 1;

/** `npm run bench` section: queue throughput with 1 and 2 worker processes, and overhead per shard. */
export async function runDatagenQueueBench(): Promise<void> {
  const runs = Number(process.env.BENCH_QUEUE_RUNS ?? 3);
  const { settings } = parseDatagenArgs(ARGS);
  const objects = await loadObjects(OBJECTS, ROOT, 1, () => {});
  const redis = await startTestRedis();
  const workers: WorkerProcess[] = [];
  // The local baseline's thread stays up between runs, as the queue's worker processes do: neither pays start-up.
  const pool = workerPoolRunner(1);
  const warmLocal = (outDir: string): ChunkExecutor => ({
    run: (e) =>
      runChunkLanes(e.jobs, pool, lanesFor(1), e.settings, (job, results) => e.done(job, results, true), {
        templatePrefix: outDir,
      }),
  });
  console.log(
    `datagen through the queue (BullMQ on a local redis-server; ${OBJECTS}, ${GRASPS} grasps each, 16 per shard)`,
  );
  try {
    /** Seconds and trials of one run into a fresh folder, on the queue or on `threads` local threads. */
    const once = async (queue: boolean): Promise<{ seconds: number; trials: number; shards: number }> => {
      const outDir = mkdtempSync(join(tmpdir(), 'embody-bench-queue-'));
      try {
        const t0 = performance.now();
        const summary = await runDatagen({
          objects,
          objectsSpec: OBJECTS,
          settings,
          workers: 1,
          outDir,
          executor: queue
            ? queueExecutor({ url: redis.url, chunksPerShard: CHUNKS_PER_SHARD, tries: 1 })
            : warmLocal(outDir),
        });
        if (!summary.complete) throw new Error('benchmark run did not complete');
        const chunks = summary.objects.reduce((n, o) => n + Math.ceil(o.candidates / settings.chunkSize), 0);
        return {
          seconds: (performance.now() - t0) / 1000,
          trials: summary.trialsRun,
          shards: Math.ceil(chunks / CHUNKS_PER_SHARD),
        };
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    };
    const measure = async (queue: boolean): Promise<{ rate: number; seconds: number; shards: number }> => {
      await once(queue);
      const rows = [];
      for (let i = 0; i < runs; i++) rows.push(await once(queue));
      return {
        rate: median(rows.map((r) => r.trials / r.seconds)),
        seconds: median(rows.map((r) => r.seconds)),
        shards: rows[0]!.shards,
      };
    };
    const local = await measure(false);
    const addWorker = async (): Promise<void> => {
      const w = startWorker(redis.url);
      workers.push(w);
      await whenLogged([w], () => (w.log.includes('waiting for shards') ? true : undefined));
    };
    await addWorker();
    const one = await measure(true);
    await addWorker();
    const two = await measure(true);
    const overheadMs = ((one.seconds - local.seconds) * 1000) / one.shards;
    console.log(`  local, 1 worker thread           ${local.rate.toFixed(1).padStart(7)} trials/s`);
    console.log(`  queue, 1 worker process          ${one.rate.toFixed(1).padStart(7)} trials/s`);
    console.log(
      `  queue, 2 worker processes        ${two.rate.toFixed(1).padStart(7)} trials/s  ×${(two.rate / one.rate).toFixed(2)} vs 1`,
    );
    console.log(
      `  queue overhead per shard (1 process vs 1 local thread, ${one.shards} shards): ${overheadMs.toFixed(0)} ms; ` +
        `medians of ${runs} runs; load average ${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGTERM')));
    await pool.close();
    await redis.stop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runDatagenQueueBench();
