import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { ChunkExecutor, ChunkJob } from '../chunk-executor.ts';
import type { WarningSink } from '../manifest.ts';
import { runSpecOf } from '../run-spec.ts';
import { folderStorage, type ShardStorage } from '../shard-storage.ts';
import { collectStored } from '../shards/collect.ts';
import { QUEUE_SHARD_FOLDER, queueShards, shardChunks, type Shard } from '../shards/shard-plan.ts';
import { DATAGEN_QUEUE, queueConnection } from './redis-connection.ts';
import { shardJobId, type ShardJobData } from './shard-job.ts';

/** How a run uses the queue. */
export interface QueueExecutorOptions {
  /** `redis://host:port/db`, reachable (checked before the run starts). */
  readonly url: string;
  /** Consecutive chunks of one object per shard (one queue job). */
  readonly chunksPerShard: number;
  /** Tries per shard (a thrown error or a worker lost mid-shard each use one) before it is reported as failing. */
  readonly tries: number;
  /** How often the shard storage and the queue are looked at. */
  readonly pollMs?: number;
  readonly warn?: WarningSink;
}

/** A shard that failed every try: reported at the end of the run, its chunks left out of the dataset. */
export interface ShardFailure {
  readonly shard: string;
  readonly tries: number;
  readonly reason: string;
}

/** The queue executor; after `run` it lists the shards that failed every try. */
export interface QueueExecutor extends ChunkExecutor {
  readonly failures: readonly ShardFailure[];
}

/**
 * Runs a run's pending chunks on queue workers anywhere (`embody worker`): writes the run description into the
 * shard storage `<out>/shards/queue/`, enqueues one BullMQ job per shard (a deterministic id, so a restarted
 * coordinator adds no second copy), then records each chunk as its file appears in the storage. A shard whose job
 * failed every try is reported, not waited for; a shard whose job vanished with chunks still missing (a Redis that
 * restarted empty) is enqueued again. Chunks stored by an earlier invocation are collected without the queue.
 */
export function queueExecutor(options: QueueExecutorOptions): QueueExecutor {
  const failures: ShardFailure[] = [];
  return {
    failures,
    async run(execution) {
      const storage = queueStorage(execution.run.outDir);
      const spec = runSpecOf(execution.run, execution.settings);
      await storage.putRun(spec);
      const collect = (jobs: readonly ChunkJob[], fresh: boolean): Promise<ChunkJob[]> =>
        collectStored(jobs, [storage], (job, results) => execution.done(job, results, fresh));
      const pending = await collect(execution.jobs, false);
      if (pending.length === 0) return;

      // Shards with at least one chunk still to run, each with its outstanding chunks.
      const outstanding = new Map<string, { shard: Shard; jobs: ChunkJob[]; requeues: number }>();
      const pendingKeys = new Map(pending.map((j) => [`${j.plan.index}:${j.chunk}`, j]));
      for (const shard of queueShards(execution.run.plans, options.chunksPerShard)) {
        const jobs = shardChunks(shard).flatMap((c) => pendingKeys.get(`${shard.objectIndex}:${c}`) ?? []);
        if (jobs.length > 0) outstanding.set(shardJobId(spec.runId, shard), { shard, jobs, requeues: 0 });
      }

      const connection = queueConnection(options.url);
      const queue = new Queue<ShardJobData>(DATAGEN_QUEUE, { connection });
      // While Redis is away the connection retries and the calls below wait; say so once per kind of error.
      const seen = new Set<string>();
      queue.on('error', (error) => {
        if (!seen.has(error.message)) options.warn?.(`queue: ${error.message} (retrying)`);
        seen.add(error.message);
      });
      const enqueue = (id: string, shard: Shard): Promise<unknown> =>
        queue.add(
          'shard',
          { runId: spec.runId, storage: storage.location, shard },
          { jobId: id, attempts: options.tries, removeOnComplete: true, removeOnFail: false },
        );
      try {
        for (const [id, { shard }] of outstanding) {
          // A shard that failed in an earlier invocation gets its tries afresh: the user ran the command again.
          if ((await queue.getJobState(id)) === 'failed') await queue.remove(id);
          await enqueue(id, shard);
        }
        while (outstanding.size > 0 && execution.signal?.aborted !== true) {
          await sleep(options.pollMs ?? 250);
          for (const [id, entry] of outstanding) {
            entry.jobs = await collect(entry.jobs, true);
            if (entry.jobs.length === 0) {
              outstanding.delete(id);
              continue;
            }
            const state = await queue.getJobState(id);
            if (state === 'failed') {
              const job = await queue.getJob(id);
              failures.push({
                shard: entry.shard.id,
                tries: job?.attemptsMade ?? options.tries,
                reason: job?.failedReason ?? 'unknown',
              });
              outstanding.delete(id);
            } else if (state === 'unknown') {
              // Gone with chunks missing: finished just now (look again first), or lost with the queue's data.
              entry.jobs = await collect(entry.jobs, true);
              if (entry.jobs.length === 0) outstanding.delete(id);
              else if (entry.requeues++ < options.tries) {
                options.warn?.(`shard ${entry.shard.id} is no longer queued and not finished: enqueueing it again`);
                await enqueue(id, entry.shard);
              } else {
                failures.push({
                  shard: entry.shard.id,
                  tries: entry.requeues,
                  reason: 'its chunk files never appeared',
                });
                outstanding.delete(id);
              }
            }
          }
        }
      } finally {
        await queue.close();
        connection.disconnect();
      }
    },
  };
}

/** The queue's shard storage for a dataset folder. */
export function queueStorage(outDir: string): ShardStorage {
  return folderStorage(join(outDir, QUEUE_SHARD_FOLDER));
}
