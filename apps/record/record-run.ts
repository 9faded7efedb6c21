import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedScene } from '../../scenes/schema.ts';
import { seededRandom, type RandomSource } from '../../src/math/random.ts';
import type { CompiledTask } from '../../src/task/index.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { writeDataset, type DatasetSpec } from './dataset-writer.ts';
import { drawConditions } from './episode-conditions.ts';
import { EpisodeAborted, frameLayout, openEpisodeWorld, runEpisode } from './episode-run.ts';
import { RecordProgress, type ProgressSink } from './progress-line.ts';
import type { RecordOptions } from './record-args.ts';
import { resolveCameras } from './rig-cameras.ts';
import { readStagedEpisodes, stageEpisode, type StagedEpisode } from './staging.ts';

/** Where the per-attempt pieces and the run's fingerprint live, inside the dataset folder. */
export const STAGING_DIR = '.embody';

/** How a recording ended. */
export interface RecordOutcome {
  readonly kept: readonly StagedEpisode[];
  readonly attempts: number;
  readonly stopped: boolean;
  readonly totalFrames: number;
}

/** A resumed recording asked for something the folder was not recorded with. */
export class RecordingMismatch extends Error {
  override readonly name = 'RecordingMismatch';
}

/** The random streams of one attempt: its start conditions and the skills' draws, independent of other attempts. */
export function attemptRandom(seed: number, attempt: number): { conditions: RandomSource; skills: RandomSource } {
  const attemptStream = seededRandom(seed).fork(attempt);
  return { conditions: attemptStream.fork(1), skills: attemptStream.fork(2) };
}

/**
 * Records episodes into `options.out` until the dataset has `options.episodes` of them (or attempts run out, or
 * `signal` aborts). Each attempt is staged, then the dataset is rebuilt from the staged attempts, so the folder
 * holds a valid dataset after every episode; an attempt cut short is dropped and run again on resume.
 */
export async function recordDataset(
  options: RecordOptions,
  task: CompiledTask,
  scene: ResolvedScene,
  files: { readonly taskText: string; readonly sceneText: string },
  progressSink: ProgressSink | undefined,
  signal?: AbortSignal,
): Promise<RecordOutcome> {
  const stagingDir = join(options.out, STAGING_DIR);
  // Options the sim refuses (fps, cameras) are found before the folder is claimed.
  const spec = await describeDataset(options, task, scene, stagingDir);
  checkFolder(options, stagingDir, fingerprint(options, files));
  let staged = readStagedEpisodes(stagingDir);
  const keep = (all: readonly StagedEpisode[]): StagedEpisode[] =>
    all.filter((e) => e.framesStored && (e.success || !options.onlySuccess)).slice(0, options.episodes);
  let kept = keep(staged);
  const progress = progressSink === undefined ? undefined : new RecordProgress(progressSink, options.episodes);
  progress?.update(kept.length, staged.length - kept.length, false);
  let stopped = false;
  while (kept.length < options.episodes && staged.length < options.maxAttempts) {
    const attempt = staged.length;
    const random = attemptRandom(options.seed, attempt);
    const conditions = drawConditions(scene, options.conditions, random.conditions);
    const world = await openEpisodeWorld(conditions.scene, options.fps, options.seed);
    let recording;
    try {
      recording = await runEpisode(world, {
        root: task.root,
        random: random.skills,
        limitS: options.limitS,
        cameraKeys: options.cameras,
        cameraSizePx: options.cameraSizePx,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      if (!(error instanceof EpisodeAborted)) throw error;
      stopped = true;
      break;
    } finally {
      world.simulation.free();
    }
    const keepFrames = recording.failure === undefined || !options.onlySuccess;
    try {
      staged = [
        ...staged,
        await stageEpisode(stagingDir, attempt, recording, conditions.draws, options.fps, keepFrames),
      ];
    } catch (error) {
      // A stop while the episode was being stored: it is run again on resume.
      if (signal?.aborted !== true) throw error;
      stopped = true;
      break;
    }
    kept = keep(staged);
    try {
      await writeDataset(spec, kept);
    } catch (error) {
      // Stopped while writing: the write after the loop runs it again, uninterrupted.
      if (signal?.aborted !== true) throw error;
      stopped = true;
      break;
    }
    progress?.update(kept.length, staged.length - kept.length);
    if (signal?.aborted === true) {
      stopped = true;
      break;
    }
  }
  // A run that recorded nothing new still leaves the dataset written from what is staged.
  const totalFrames = (await writeDataset(spec, kept)).total_frames;
  progress?.finish();
  return { kept, attempts: staged.length, stopped, totalFrames };
}

/** The dataset's fixed description: the robot's layout and cameras, from the scene as written. */
async function describeDataset(
  options: RecordOptions,
  task: CompiledTask,
  scene: ResolvedScene,
  stagingDir: string,
): Promise<DatasetSpec> {
  const world = await openEpisodeWorld(scene, options.fps, options.seed);
  try {
    const cameras = resolveCameras(options.cameras, world.simulation.sim, world.robot, options.cameraSizePx).map(
      (c) => ({ key: c.key, widthPx: c.camera.intrinsics.widthPx, heightPx: c.camera.intrinsics.heightPx }),
    );
    return {
      out: options.out,
      stagingDir,
      fps: options.fps,
      robotType: world.robot.model.name,
      task: task.description ?? task.name,
      layout: frameLayout(world),
      cameras,
    };
  } finally {
    world.simulation.free();
  }
}

/** What decides the content of a recording: a resumed run must match it. */
function fingerprint(
  options: RecordOptions,
  files: { readonly taskText: string; readonly sceneText: string },
): Record<string, unknown> {
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  return {
    taskSha256: sha(files.taskText),
    sceneSha256: sha(files.sceneText),
    seed: options.seed,
    fps: options.fps,
    cameras: options.cameras,
    cameraSizePx: options.cameraSizePx,
    conditions: options.conditions,
    limitS: options.limitS,
    onlySuccess: options.onlySuccess,
  };
}

/** A new recording needs an empty (or absent) folder; a resumed one the same fingerprint. */
function checkFolder(options: RecordOptions, stagingDir: string, print: Record<string, unknown>): void {
  const runFile = join(stagingDir, 'run.json');
  if (existsSync(runFile)) {
    const before = JSON.parse(readFileSync(runFile, 'utf8')) as Record<string, unknown>;
    const differ = Object.keys(print).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(print[k]));
    if (differ.length > 0)
      throw new RecordingMismatch(
        `${options.out} was recorded with other ${differ.map((k) => k.replace('Sha256', ' file')).join(', ')}; ` +
          'record into a new folder, or rerun with the options it was recorded with to continue it',
      );
    return;
  }
  if (existsSync(options.out) && readdirSync(options.out).length > 0)
    throw new RecordingMismatch(`${options.out} is not empty and holds no embody recording; choose an empty folder`);
  writeFileAtomic(runFile, `${JSON.stringify(print, null, 2)}\n`);
}
