import { join } from 'node:path';
import { localExecutor } from '../chunk-executor.ts';
import { runDatagen, type DatagenRunOptions, type DatagenSummary } from '../datagen-run.ts';
import { runSpecOf, writeRunSpec } from '../run-spec.ts';
import { staticShardFolder, staticShardSelect, type StaticShard } from './shard-plan.ts';

/**
 * `--shard i/n`: runs exactly static shard `i` of `n` (a Kubernetes Indexed Job's completion index, a Slurm array
 * index) on this machine, into `<out>/shards/<i>-of-<n>/`: the shard's chunk files, its manifest (so it resumes
 * like any run), the run description and the meshes. No dataset files: `--merge` makes them from all the shards.
 */
export function runStaticShard(options: DatagenRunOptions, shard: StaticShard): Promise<DatagenSummary> {
  const local = localExecutor(options.workers);
  return runDatagen({
    ...options,
    outDir: join(options.outDir, staticShardFolder(shard)),
    select: (plans) => staticShardSelect(plans, shard),
    executor: {
      async run(execution) {
        // Under the shard folder's lock and after its manifest accepted these settings: the description matches.
        writeRunSpec(execution.run.outDir, runSpecOf(execution.run, execution.settings));
        await local.run(execution);
      },
    },
  });
}
