import type { TrialChunk, TrialResult } from '../../sim/grasp-trial/types.ts';
import { chunkRunner, type ChunkRunner } from './chunk-runner.ts';
import type { DatagenObject } from './object-source.ts';
import { chunkTrials, type ObjectPlan, type PlanSettings } from './object-plan.ts';

/** One chunk of one object's trials: the unit a run records. */
export interface ChunkJob {
  readonly plan: ObjectPlan;
  readonly chunk: number;
}

/** The run an execution belongs to: what an executor that sends chunks elsewhere must describe to its workers. */
export interface RunIdentity {
  readonly outDir: string;
  readonly objectsSpec: string;
  /** Everything that fixes the trials (the manifest's settings). */
  readonly runKey: unknown;
  readonly objects: readonly DatagenObject[];
  readonly plans: readonly ObjectPlan[];
}

/** What a run hands its executor: the chunks it still needs, and where each finished chunk goes. */
export interface ChunkExecution {
  readonly jobs: readonly ChunkJob[];
  readonly settings: PlanSettings;
  readonly run: RunIdentity;
  /** When aborted, the executor starts nothing new and returns once what is in flight has ended. */
  readonly signal?: AbortSignal;
  /**
   * Records a finished chunk (on disk, atomically, before it resolves). `fresh` is false for a chunk that was run
   * before this invocation started and is only being collected now.
   */
  done(job: ChunkJob, results: readonly TrialResult[], fresh: boolean): Promise<void>;
}

/**
 * How a run's pending chunks get run: on this machine's worker threads (`localExecutor`), or by workers anywhere,
 * through a job queue (`apps/datagen/queue/`). Which executor runs a chunk never changes its results.
 */
export interface ChunkExecutor {
  /** Runs the jobs, calling `done` for each finished one; resolves when no more will come. */
  run(execution: ChunkExecution): Promise<void>;
}

/** The trial chunk a job runs: the object, the effector and the chunk's trial specs. */
export function trialChunkOf(job: ChunkJob, settings: PlanSettings): TrialChunk {
  return {
    object: job.plan.trialObject,
    effector: settings.effector,
    trials: chunkTrials(job.plan, settings.chunkSize, job.chunk).map((t) => t.spec),
    schedule: settings.schedule,
    firstTrialIndex: job.chunk * settings.chunkSize,
    ...(settings.engine === undefined ? {} : { engine: settings.engine }),
    ...(settings.fingerJoints === undefined ? {} : { fingerJoints: settings.fingerJoints }),
  };
}

/**
 * Runs chunks on `runner`, `lanes` at a time, handing each result to `done` as it arrives. Between chunks it yields
 * to the event loop (in-thread chunks never do), so a pending Ctrl-C or queue message is seen.
 */
export async function runChunkLanes(
  jobs: readonly ChunkJob[],
  runner: ChunkRunner,
  lanes: number,
  settings: PlanSettings,
  done: (job: ChunkJob, results: TrialResult[]) => Promise<void>,
  options: { readonly signal?: AbortSignal; readonly templatePrefix?: string } = {},
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length && options.signal?.aborted !== true) {
      const job = jobs[next++]!;
      const results = await runner.run(
        trialChunkOf(job, settings),
        `${options.templatePrefix ?? ''}${job.plan.index}`,
        `${job.plan.object.name} chunk ${job.chunk}`,
      );
      await done(job, results);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
}

/** Lanes for `workers` threads: one more than the threads keeps each fed while a finished chunk is written. */
export function lanesFor(workers: number): number {
  return workers > 0 ? workers + 1 : 1;
}

/** Runs the chunks here: on `workers` worker threads, or in this thread when 0. */
export function localExecutor(workers: number): ChunkExecutor {
  return {
    async run(execution) {
      const runner = chunkRunner(workers);
      try {
        await runChunkLanes(
          execution.jobs,
          runner,
          lanesFor(workers),
          execution.settings,
          (job, results) => execution.done(job, results, true),
          execution.signal === undefined ? {} : { signal: execution.signal },
        );
      } finally {
        await runner.close();
      }
    },
  };
}
