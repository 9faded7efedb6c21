import { z } from 'zod';
import type { Shard } from '../shards/shard-plan.ts';

/** What a queue job carries: which run, where its shard storage is, and which chunks. */
export interface ShardJobData {
  /** The run's id (`RunSpec.runId`); the storage's run description must carry the same. */
  readonly runId: string;
  /** The shard storage's location: a folder every worker sees at this path (a shared mount). */
  readonly storage: string;
  readonly shard: Shard;
}

/** Checks a job's data as a worker receives it: a job from another version or a hand-made one is named, not run. */
export const ShardJobSchema = z.object({
  runId: z.string().regex(/^[0-9a-f]{16}$/),
  storage: z.string().min(1),
  shard: z.object({
    id: z.string().min(1),
    objectIndex: z.number().int().nonnegative(),
    firstChunk: z.number().int().nonnegative(),
    endChunk: z.number().int().positive(),
  }),
});

/**
 * A shard's job id: the run's id and the shard's, so enqueueing a shard that is already queued (a coordinator
 * restarted) adds nothing, and a retried shard is the same job.
 */
export function shardJobId(runId: string, shard: Shard): string {
  return `${runId}-${shard.id}`;
}
