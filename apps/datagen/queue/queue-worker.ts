import { Worker, type Job } from 'bullmq';
import { chunkRunner } from '../chunk-runner.ts';
import { runChunkLanes, type ChunkJob } from '../chunk-executor.ts';
import { planObject, type ObjectPlan } from '../object-plan.ts';
import type { RunSpec } from '../run-spec.ts';
import { folderStorage, type ShardStorage } from '../shard-storage.ts';
import { shardChunks } from '../shards/shard-plan.ts';
import { DATAGEN_QUEUE, queueConnection } from './redis-connection.ts';
import { ShardJobSchema, type ShardJobData } from './shard-job.ts';

/** An `embody worker`. */
export interface QueueWorkerOptions {
  readonly url: string;
  /** Worker threads, and shards run at once (chunks never run on this thread, which renews the shards' locks). */
  readonly workers: number;
  /**
   * How long a shard stays taken without this worker renewing its lock. A worker that dies (SIGKILL, a machine
   * lost) frees its shard this long after, and a live worker's stalled check puts it back in the queue.
   */
  readonly lockMs: number;
  /** One line per shard taken, finished or failed (stderr). */
  readonly log: (line: string) => void;
}

/** A running worker: `close` lets the shards in flight finish, then stops. */
export interface QueueWorker {
  close(): Promise<void>;
}

/**
 * Takes shards from the queue and runs them: plans the shard's object from the run description in the shard's
 * storage, runs each chunk not already stored there (a retried shard only runs what the lost try had not written)
 * and writes each chunk's results atomically under its deterministic name. The same plans and trial code as a
 * single-machine run, so the results are the same bytes.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const runner = chunkRunner(options.workers);
  const plans = new Map<string, Promise<{ spec: RunSpec; plans: Map<number, ObjectPlan> }>>();
  const runOf = (storage: ShardStorage, runId: string): Promise<{ spec: RunSpec; plans: Map<number, ObjectPlan> }> => {
    const key = `${storage.location}\n${runId}`;
    let entry = plans.get(key);
    if (entry === undefined) {
      entry = storage.getRun().then((spec) => {
        if (spec?.runId !== runId) {
          throw new Error(
            `${storage.location} holds no description of run ${runId} ` +
              `(${spec === undefined ? 'none at all' : `one of run ${spec.runId}`}): is the folder shared with this machine?`,
          );
        }
        return { spec, plans: new Map() };
      });
      // A failed read is not cached: the next shard tries again (a mount that came back).
      entry.catch(() => plans.delete(key));
      plans.set(key, entry);
    }
    return entry;
  };

  const processShard = async (job: Job<ShardJobData>): Promise<number> => {
    const data = ShardJobSchema.parse(job.data);
    const storage = folderStorage(data.storage);
    const run = await runOf(storage, data.runId);
    const object = run.spec.objects[data.shard.objectIndex];
    if (object === undefined) throw new Error(`run ${data.runId} has no object ${data.shard.objectIndex}`);
    let plan = run.plans.get(data.shard.objectIndex);
    if (plan === undefined) {
      plan = planObject(object, data.shard.objectIndex, run.spec.settings);
      run.plans.set(data.shard.objectIndex, plan);
    }
    const todo: ChunkJob[] = [];
    for (const chunk of shardChunks(data.shard)) {
      if (!('results' in (await storage.getChunk(plan.index, chunk)))) todo.push({ plan, chunk });
    }
    options.log(
      `took shard ${data.shard.id} of run ${data.runId} (try ${job.attemptsMade + 1}, ${todo.length} chunk(s) to run)`,
    );
    await runChunkLanes(
      todo,
      runner,
      1,
      run.spec.settings,
      (done, results) => storage.putChunk(done.plan.index, done.chunk, results),
      { templatePrefix: `${data.runId}:` },
    );
    options.log(`finished shard ${data.shard.id}`);
    return todo.length;
  };

  const connection = queueConnection(options.url);
  const worker = new Worker<ShardJobData, number>(DATAGEN_QUEUE, processShard, {
    connection,
    concurrency: Math.max(1, options.workers),
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    // A shard whose worker died twice is failed like one that threw every try, not passed around forever.
    maxStalledCount: 2,
  });
  worker.on('failed', (job, error) => {
    options.log(`shard ${job?.data.shard.id ?? '?'} failed (try ${job?.attemptsMade ?? '?'}): ${error.message}`);
  });
  // Connection errors while Redis is down: ioredis reconnects and BullMQ resumes; say so once per error kind.
  const seen = new Set<string>();
  worker.on('error', (error) => {
    if (seen.has(error.message)) return;
    seen.add(error.message);
    options.log(`queue: ${error.message} (retrying)`);
  });
  return {
    async close() {
      await worker.close();
      await runner.close();
      connection.disconnect();
    },
  };
}
