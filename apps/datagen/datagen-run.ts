import { join } from 'node:path';
import { removeEmptyTempDir, removeStaleTemps } from './atomic-write.ts';
import { localExecutor, type ChunkExecutor } from './chunk-executor.ts';
import { countChunks } from './chunk-counts.ts';
import { exportMeshes, finalizeDataset, type DatasetCounts } from './dataset-finalize.ts';
import { ChunkStore, type WarningSink } from './manifest.ts';
import type { DatagenObject } from './object-source.ts';
import { chunkTrials, planObject, type ObjectPlan, type PlanSettings } from './object-plan.ts';
import { ProgressBar, type TextSink } from './progress.ts';
import { acquireRunLock } from './run-lock.ts';
import { runScenes, type ScenesSummary } from './clutter/run-scenes.ts';
import { scenesInfo, writeScenesInfo } from './clutter/scene-info.ts';
import type { SceneSettings } from './clutter/scene-settings.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';

/** Name and version written into every dataset. */
export const GENERATOR = 'embody-datagen';
export const GENERATOR_VERSION = '0.1.0';

/** A datagen run. */
export interface DatagenRunOptions {
  readonly objects: readonly DatagenObject[];
  /** How the objects were named on the command line (recorded in info.json and the manifest). */
  readonly objectsSpec: string;
  readonly settings: PlanSettings;
  /** 0 runs in this thread. Never changes the results. */
  readonly workers: number;
  readonly outDir: string;
  /** Progress bar sink; none when undefined. */
  readonly progress?: TextSink;
  /** When aborted, no new chunk starts; chunks in flight finish and the dataset is written. */
  readonly signal?: AbortSignal;
  /** Cluttered-bin scenes, made once every trial is labelled; none when absent or count 0. */
  readonly scenes?: SceneSettings;
  /** Called (and awaited) each time a chunk is on disk, with the chunks this invocation finished so far. */
  readonly onChunkDone?: (chunksDone: number) => void | Promise<void>;
  /** Where damaged bookkeeping found on resume is reported (it is redone); nowhere when absent. */
  readonly warn?: WarningSink;
  /** Who runs the pending chunks: this machine's worker threads when absent, or a job queue's workers. */
  readonly executor?: ChunkExecutor;
  /**
   * The chunks this invocation is for (a static shard's, `--shard i/n`); all when absent. With it, the run stops
   * once its chunks are on disk: the folder is a shard's, and `--merge` makes the dataset from the shards.
   */
  readonly select?: (plans: readonly ObjectPlan[]) => (objectIndex: number, chunk: number) => boolean;
}

/** Folders of `--out` datagen writes files into (each keeps its temp files in its own `.embody-tmp`). */
const OUTPUT_DIRS = ['', 'grasps', 'meshes', 'meta'];

/** What a run did. */
export interface DatagenSummary {
  readonly counts: DatasetCounts;
  readonly complete: boolean;
  /** Trials run by this invocation (not those resumed from disk). */
  readonly trialsRun: number;
  readonly seconds: number;
  readonly objects: readonly { name: string; candidates: number }[];
  /** Present when scenes were asked for. */
  readonly scenes?: ScenesSummary;
}

/**
 * Plans every object, runs the chunks the manifest does not list yet (in parallel on the workers), records each
 * finished chunk atomically, then writes the HDF5 files, the Parquet index and meta/info.json. Holds
 * `<out>/work/run.lock` throughout, so a second run on the same folder is refused.
 */
export async function runDatagen(options: DatagenRunOptions): Promise<DatagenSummary> {
  const lock = acquireRunLock(options.outDir);
  try {
    return await runLocked(options);
  } finally {
    for (const dir of [...OUTPUT_DIRS, 'work']) removeEmptyTempDir(join(options.outDir, dir));
    lock.release();
  }
}

async function runLocked(options: DatagenRunOptions): Promise<DatagenSummary> {
  const startMs = Date.now();
  const { settings } = options;
  const plans = options.objects.map((object, i) => planObject(object, i, settings));
  const runKey = runKeyOf(options.objects, options.objectsSpec, settings);
  const store = ChunkStore.open(options.outDir, GENERATOR, runKey, options.warn);
  for (const dir of OUTPUT_DIRS) removeStaleTemps(join(options.outDir, dir));
  exportMeshes(options.outDir, plans);
  const selected = options.select?.(plans) ?? (() => true);
  const mine = plans.flatMap((plan) =>
    Array.from({ length: plan.chunkCount }, (_, c) => ({ plan, chunk: c })).filter((j) =>
      selected(j.plan.index, j.chunk),
    ),
  );
  const jobs = mine.filter((j) => !store.has(j.plan.index, j.chunk));
  const total = mine.reduce((n, j) => n + chunkTrials(j.plan, settings.chunkSize, j.chunk).length, 0);
  const pending = jobs.reduce((n, j) => n + chunkTrials(j.plan, settings.chunkSize, j.chunk).length, 0);
  const bar = options.progress === undefined ? undefined : new ProgressBar(options.progress, total, total - pending);
  let trialsRun = 0;
  let chunksDone = 0;
  const executor = options.executor ?? localExecutor(options.workers);
  await executor.run({
    jobs,
    settings,
    run: { outDir: options.outDir, objectsSpec: options.objectsSpec, runKey, objects: options.objects, plans },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    async done(job, results, fresh) {
      store.put(job.plan.index, job.chunk, results);
      if (fresh) trialsRun += results.length;
      bar?.add(results.length, results.filter((r) => r.success).length);
      await options.onChunkDone?.(++chunksDone);
    },
  });
  bar?.finish();
  if (options.select !== undefined) {
    const counts = countChunks(mine, store, settings.chunkSize);
    return {
      counts,
      complete: counts.done === counts.planned,
      trialsRun,
      seconds: (Date.now() - startMs) / 1000,
      objects: objectsOf(plans),
    };
  }
  const counts = await finalizeDataset(options.outDir, plans, store, settings, {
    generator: GENERATOR,
    version: GENERATOR_VERSION,
    objectsSpec: options.objectsSpec,
  });
  let scenes: ScenesSummary | undefined;
  if (options.scenes !== undefined && options.scenes.count > 0) {
    // Scene grasps carry the trials' labels, so scenes are made only once every trial is labelled.
    scenes = await runScenes({
      outDir: options.outDir,
      plans,
      store,
      settings,
      scenes: options.scenes,
      runKey,
      make: counts.done === counts.planned && options.signal?.aborted !== true,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.warn === undefined ? {} : { warn: options.warn }),
    });
    writeScenesInfo(options.outDir, scenesInfo(scenes, options.scenes, 'scenes/grasp-bin.yaml'));
  }
  return {
    counts,
    complete: counts.done === counts.planned && (scenes === undefined || scenes.records.length === scenes.planned),
    trialsRun,
    seconds: (Date.now() - startMs) / 1000,
    objects: objectsOf(plans),
    ...(scenes === undefined ? {} : { scenes }),
  };
}

/** What fixes a run's trials: the manifest's settings, which a resumed (or merged) run must match exactly. */
export function runKeyOf(objects: readonly DatagenObject[], objectsSpec: string, settings: PlanSettings): unknown {
  return {
    version: GENERATOR_VERSION,
    protocol: TRIAL_PROTOCOL.version,
    objects: objects.map((o) => o.name),
    objectsSpec,
    ...settings,
  };
}

function objectsOf(plans: readonly ObjectPlan[]): DatagenSummary['objects'] {
  return plans.map((p) => ({ name: p.object.name, candidates: p.trials.length }));
}
