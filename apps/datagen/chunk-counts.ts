import { FAILURE_CODES, type FailureMode } from '../../sim/grasp-trial/types.ts';
import type { ChunkJob } from './chunk-executor.ts';
import type { DatasetCounts } from './dataset-finalize.ts';
import type { ChunkStore } from './manifest.ts';
import { chunkTrials } from './object-plan.ts';

/** Counts over the finished chunks among `jobs` (a static shard's), without writing any dataset file. */
export function countChunks(jobs: readonly ChunkJob[], store: ChunkStore, chunkSize: number): DatasetCounts {
  const failures = Object.fromEntries(Object.keys(FAILURE_CODES).map((k) => [k, 0])) as Record<FailureMode, number>;
  let planned = 0;
  let done = 0;
  let successes = 0;
  for (const { plan, chunk } of jobs) {
    planned += chunkTrials(plan, chunkSize, chunk).length;
    if (!store.has(plan.index, chunk)) continue;
    for (const r of store.get(plan.index, chunk)) {
      done++;
      if (r.success) successes++;
      failures[r.failure]++;
    }
  }
  return { planned, done, successes, failures };
}
