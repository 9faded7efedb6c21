import { resolve } from 'node:path';
import { DATAGEN_USAGE, parseDatagenArgs, type DatagenArgs } from './datagen-args.ts';
import { runDatagen, type DatagenSummary } from './datagen-run.ts';
import type { ScenesSummary } from './clutter/run-scenes.ts';
import { loadObjects } from './object-source.ts';
import { formatDuration, type TextSink } from './progress.ts';

/** The streams and directory of a CLI invocation. */
export interface DatagenIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly cwd: string;
}

/**
 * `embody datagen ...`: returns the exit code (0 done, 1 error, 2 usage, 130 interrupted). Ctrl-C stops
 * starting chunks, lets those in flight finish and writes a valid partial dataset; rerunning resumes it.
 */
export async function datagenCommand(argv: string[], io: DatagenIo): Promise<number> {
  let args: DatagenArgs;
  try {
    args = parseDatagenArgs(argv);
  } catch (error) {
    io.stderr.write(`embody datagen: ${(error as Error).message}\n\n${DATAGEN_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(DATAGEN_USAGE);
    return 0;
  }
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) return;
    io.stderr.write('\nembody datagen: interrupted, finishing chunks in flight and writing the dataset ...\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const note = (line: string): void => void io.stderr.write(`embody datagen: ${line}\n`);
    const objects = await loadObjects(args.objects, io.cwd, args.meshScale, note);
    const outDir = resolve(io.cwd, args.out);
    const summary = await runDatagen({
      objects,
      objectsSpec: args.objects,
      settings: args.settings,
      workers: args.workers,
      outDir,
      signal: abort.signal,
      scenes: args.scenes,
      warn: note,
      ...(args.progress ? { progress: io.stderr } : {}),
    });
    io.stdout.write(summaryText(summary, outDir, args));
    return summary.complete ? 0 : abort.signal.aborted ? 130 : 1;
  } catch (error) {
    io.stderr.write(`embody datagen: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.EMBODY_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The one-screen summary printed at the end. */
export function summaryText(s: DatagenSummary, outDir: string, args: DatagenArgs): string {
  const c = s.counts;
  const pct = (n: number): string => (c.done === 0 ? '-' : `${((100 * n) / c.done).toFixed(1)}%`);
  const lines = [
    `embody datagen: ${s.complete ? 'complete' : 'INCOMPLETE (run the same command again to resume)'}`,
    `  output        ${outDir}`,
    `  effector      ${args.settings.effector.name}, seed ${args.settings.seed}, ${args.workers} worker(s)`,
    `  objects       ${s.objects.length} (${s.objects.map((o) => `${o.name}: ${o.candidates}`).join(', ')})`,
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
