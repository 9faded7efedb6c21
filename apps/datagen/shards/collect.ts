import type { TrialResult } from '../../../sim/grasp-trial/types.ts';
import type { ChunkExecutor, ChunkJob } from '../chunk-executor.ts';
import type { WarningSink } from '../manifest.ts';
import type { ShardStorage } from '../shard-storage.ts';

/**
 * Hands `done` each job whose results one of `storages` holds (the first whole copy), and returns the jobs none
 * holds. A damaged copy is named through `warn` and passed over: the chunk is run again.
 */
export async function collectStored(
  jobs: readonly ChunkJob[],
  storages: readonly ShardStorage[],
  done: (job: ChunkJob, results: readonly TrialResult[]) => Promise<void>,
  warn: WarningSink = () => {},
): Promise<ChunkJob[]> {
  const missing: ChunkJob[] = [];
  for (const job of jobs) {
    let found = false;
    for (const storage of storages) {
      const stored = await storage.getChunk(job.plan.index, job.chunk);
      if ('damaged' in stored) {
        warn(`${storage.chunkLocation(job.plan.index, job.chunk)} is damaged (${stored.damaged}): not used`);
      } else if ('results' in stored) {
        await done(job, stored.results);
        found = true;
        break;
      }
    }
    if (!found) missing.push(job);
  }
  return missing;
}

/** An executor that runs nothing: it collects what the shard folders hold (`--merge`). */
export function collectingExecutor(storages: readonly ShardStorage[], warn?: WarningSink): ChunkExecutor {
  return {
    async run(execution) {
      await collectStored(execution.jobs, storages, (job, results) => execution.done(job, results, false), warn);
    },
  };
}
