import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadScene } from '../../scenes/load-scene.ts';
import { SceneFileError } from '../../scenes/scene-error.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';
import { SKILLS } from '../../skills/index.ts';
import { createDefaultRegistries, loadTask, TaskFileError, type CompiledTask } from '../../src/task/index.ts';
import { usageErrors } from '../cli/args.ts';
import { parseRecordArgs, RECORD_SPEC, RECORD_USAGE, RecordOptionError, type RecordOptions } from './record-args.ts';
import { recordDataset, RecordingMismatch } from './record-run.ts';

/** Where the command writes and what relative paths are resolved against; tests pass buffers. */
export interface RecordIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly cwd: string;
}

/** Exit code of a recording stopped by Ctrl-C (128 + SIGINT), after it wrote a valid dataset. */
const STOPPED_EXIT = 130;

/**
 * `embody record`: records episodes of a task in the sim as a LeRobot v3.0 dataset. Returns the exit code: 0 when
 * the dataset has every episode asked for, 1 when it has fewer (too many failures), 2 for bad options or files,
 * 130 when stopped by `signal` (the process wires Ctrl-C to it).
 */
export async function recordCommand(argv: readonly string[], io: RecordIo, signal?: AbortSignal): Promise<number> {
  let options: RecordOptions;
  try {
    const args = parseRecordArgs(argv);
    if (args.help) {
      io.stdout.write(RECORD_USAGE);
      return 0;
    }
    options = { ...args, out: inCwd(io, args.out) };
  } catch (error) {
    if (!(error instanceof RecordOptionError)) throw error;
    io.stderr.write(usageErrors(RECORD_SPEC, error.message.split('\n')));
    return 2;
  }
  let task: CompiledTask;
  let scene: ResolvedScene;
  let files: { taskText: string; sceneText: string };
  try {
    task = await loadTask(inCwd(io, options.task), createDefaultRegistries(SKILLS));
    scene = await loadScene(inCwd(io, options.scene));
    files = {
      taskText: readFileSync(inCwd(io, options.task), 'utf8'),
      sceneText: readFileSync(inCwd(io, options.scene), 'utf8'),
    };
  } catch (error) {
    const message =
      error instanceof TaskFileError
        ? new TaskFileError(options.task, error.issues).message
        : error instanceof SceneFileError
          ? error.message
          : `cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${(error as Error).message}`;
    io.stderr.write(`embody record: ${message}\n`);
    return 2;
  }
  let outcome;
  try {
    outcome = await recordDataset(options, task, scene, files, options.progress ? io.stderr : undefined, signal);
  } catch (error) {
    if (error instanceof RecordingMismatch || error instanceof RecordOptionError) {
      io.stderr.write(`embody record: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  const failed = outcome.kept.filter((e) => !e.success).length;
  io.stdout.write(
    `${options.out}: ${outcome.kept.length} episodes (${outcome.totalFrames} frames at ${options.fps} fps), ` +
      `${outcome.kept.length - failed} succeeded, ${failed} failed kept, ${outcome.attempts} attempts\n`,
  );
  if (outcome.stopped) {
    io.stderr.write('embody record: stopped; the dataset holds the finished episodes, rerun to continue\n');
    return STOPPED_EXIT;
  }
  if (outcome.kept.length < options.episodes) {
    io.stderr.write(
      `embody record: only ${outcome.kept.length} of ${options.episodes} episodes after ${outcome.attempts} attempts\n`,
    );
    return 1;
  }
  return 0;
}

/**
 * `embody record` as the process runs it: the first Ctrl-C stops the recording after the dataset is written (the
 * next one ends the process at once).
 */
export async function recordMain(argv: readonly string[], io: RecordIo): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await recordCommand(argv, io, controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

function inCwd(io: RecordIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}
