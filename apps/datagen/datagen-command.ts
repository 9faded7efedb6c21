import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { commandUsage, usageErrors } from '../cli/args.ts';
import { LineProgress } from '../cli/progress-lines.ts';
import { printable } from '../cli/terminal-text.ts';
import { DATAGEN_SPEC, DatagenArgsError, parseDatagenArgs, type DatagenArgs } from './datagen-args.ts';
import { runDatagen, type DatagenSummary } from './datagen-run.ts';
import type { ScenesSummary } from './clutter/run-scenes.ts';
import { loadObjects } from './object-source.ts';
import { queueExecutor } from './queue/queue-executor.ts';
import { checkRedis } from './queue/redis-connection.ts';
import { mergeShards } from './shards/merge-shards.ts';
import { runStaticShard } from './shards/static-shard.ts';
import { formatDuration, type TextSink } from './progress.ts';

/** The streams and directory of a CLI invocation. */
export interface DatagenIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink & { readonly isTTY?: boolean };
  readonly cwd: string;
}

/** Hooks for whoever runs the command in-process (tests). */
export interface DatagenCommandOptions {
  /** Called (and awaited) each time a chunk is on disk; a test kills the run at a known chunk with it. */
  readonly onChunkDone?: (chunksDone: number) => void | Promise<void>;
  /** Cores to cap `--workers` at; defaults to the machine's. */
  readonly cores?: number;
}

/**
 * `embody datagen ...`: returns the exit code (0 done, 1 error, 2 usage, 130 interrupted). Ctrl-C stops
 * starting chunks, lets those in flight finish and writes a valid partial dataset; rerunning resumes it.
 */
export async function datagenCommand(
  argv: string[],
  io: DatagenIo,
  options: DatagenCommandOptions = {},
): Promise<number> {
  let args: DatagenArgs;
  try {
    args = parseDatagenArgs(argv);
  } catch (error) {
    const problems = error instanceof DatagenArgsError ? error.problems : [(error as Error).message];
    io.stderr.write(usageErrors(DATAGEN_SPEC, problems));
    return 2;
  }
  if (args.help) {
    io.stdout.write(commandUsage(DATAGEN_SPEC));
    return 0;
  }
  // Each worker is a thread with its own physics world (tens of MB): more than the cores only waits and swaps.
  const cores = options.cores ?? availableParallelism();
  const workers = Math.min(args.workers, cores);
  if (workers < args.workers)
    io.stderr.write(`embody datagen: --workers ${args.workers} capped at ${cores}, the cores available\n`);
  // With --json, stdout carries one JSON object and nothing else.
  const human = args.json ? io.stderr : io.stdout;
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) return;
    io.stderr.write('\nembody datagen: interrupted, finishing chunks in flight and writing the dataset ...\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const note = (line: string): void => void io.stderr.write(`embody datagen: ${line}\n`);
    const outDir = resolve(io.cwd, args.out);
    const common = {
      workers,
      outDir,
      signal: abort.signal,
      scenes: args.scenes,
      warn: note,
      // A bar that redraws with \r only on a terminal; a log gets a line now and then.
      ...(args.progress ? { progress: io.stderr.isTTY === true ? io.stderr : new LineProgress(io.stderr) } : {}),
      ...(options.onChunkDone === undefined ? {} : { onChunkDone: options.onChunkDone }),
    };
    const { mode } = args;
    let summary: DatagenSummary;
    if (mode.kind === 'merge') {
      const merged = await mergeShards(common);
      note(`merged ${merged.shards.length} shard folder(s): ${merged.shards.map((s) => s.folder).join(', ')}`);
      summary = merged;
      args = { ...args, objects: merged.objectsSpec, settings: merged.spec.settings };
    } else {
      // Before anything is written: an unreachable queue is an error of the command line, not a half-made folder.
      if (mode.kind === 'queue') await checkRedis(mode.url);
      const objects = await loadObjects(args.objects, io.cwd, args.meshScale, note);
      const run = { ...common, objects, objectsSpec: args.objects, settings: args.settings };
      const queue =
        mode.kind === 'queue'
          ? queueExecutor({ url: mode.url, chunksPerShard: mode.chunksPerShard, tries: mode.tries, warn: note })
          : undefined;
      summary =
        mode.kind === 'shard'
          ? await runStaticShard(run, mode)
          : await runDatagen({ ...run, ...(queue === undefined ? {} : { executor: queue }) });
      for (const f of queue?.failures ?? []) note(`shard ${f.shard} failed ${f.tries} time(s): ${f.reason}`);
    }
    human.write(summaryText(summary, outDir, args, workers));
    const code = summary.complete ? 0 : abort.signal.aborted ? 130 : 1;
    if (args.json) io.stdout.write(`${JSON.stringify(summaryJson(summary, outDir, args, workers, code))}\n`);
    return code;
  } catch (error) {
    // Messages from the datagen modules may name their origin; the command's prefix already does.
    const message = (error instanceof Error ? error.message : String(error)).replace(/^datagen: /, '');
    io.stderr.write(`embody datagen: ${printable(message)}\n`);
    if (process.env.EMBODY_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    if (args.json)
      io.stdout.write(`${JSON.stringify({ command: 'datagen', status: 'error', exitCode: 1, error: message })}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The summary as one JSON object (`--json`). */
function summaryJson(
  s: DatagenSummary,
  outDir: string,
  args: DatagenArgs,
  workers: number,
  exitCode: number,
): Record<string, unknown> {
  return {
    command: 'datagen',
    status: s.complete ? 'complete' : exitCode === 130 ? 'interrupted' : 'incomplete',
    exitCode,
    out: outDir,
    effector: args.settings.effector.name,
    seed: args.settings.seed,
    workers,
    objects: s.objects,
    counts: s.counts,
    trialsRun: s.trialsRun,
    seconds: s.seconds,
    ...(s.scenes === undefined
      ? {}
      : { scenes: { planned: s.scenes.planned, made: s.scenes.records.length, madeNow: s.scenes.madeNow } }),
  };
}

/** The one-screen summary printed at the end. */
export function summaryText(s: DatagenSummary, outDir: string, args: DatagenArgs, workers = args.workers): string {
  const c = s.counts;
  const pct = (n: number): string => (c.done === 0 ? '-' : `${((100 * n) / c.done).toFixed(1)}%`);
  const lines = [
    `embody datagen: ${s.complete ? 'complete' : 'INCOMPLETE (run the same command again to resume)'}`,
    `  output        ${printable(outDir)}`,
    `  effector      ${args.settings.effector.name}, seed ${args.settings.seed}, ${workers} worker(s)`,
    // Object names come from mesh file names: cleaned before they reach the terminal.
    `  objects       ${s.objects.length} (${s.objects.map((o) => `${printable(o.name)}: ${o.candidates}`).join(', ')})`,
    `  trials        ${c.done}/${c.planned} labelled, ${s.trialsRun} run now in ${formatDuration(s.seconds)}` +
      (s.seconds > 0 ? ` (${(s.trialsRun / s.seconds).toFixed(1)} trials/s)` : ''),
    `  success       ${c.successes} (${pct(c.successes)})`,
    ...Object.entries(c.failures)
      .filter(([k]) => k !== 'none')
      .map(([k, n]) => `  ${k.padEnd(22)}${n} (${pct(n)})`),
    ...(s.scenes === undefined ? [] : [scenesLine(s.scenes)]),
    `  files         grasps/<object>.h5, index.parquet, meta/info.json, meshes/${s.scenes === undefined ? '' : ', scenes/scene_<k>.h5'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The summary's scenes line: scenes on disk, grasps placed, how many are collision-free, time per scene. */
function scenesLine(s: ScenesSummary): string {
  const sum = (f: (r: ScenesSummary['records'][number]) => number): number => s.records.reduce((n, r) => n + f(r), 0);
  const speed = s.madeNow > 0 ? `, ${s.madeNow} made now at ${(s.seconds / s.madeNow).toFixed(2)} s/scene` : '';
  return (
    `  scenes        ${s.records.length}/${s.planned} (${sum((r) => r.objects)} objects, ${sum((r) => r.grasps)} grasps placed, ` +
    `${sum((r) => r.collisionFree)} collision-free, ${sum((r) => r.collisionFreeSuccesses)} of them successful${speed})`
  );
}
