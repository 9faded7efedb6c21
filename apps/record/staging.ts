import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, writeViaTempFile } from './atomic-file.ts';
import { codeDepthM, encodeDepthVideo, quantizeFrames } from './depth-video.ts';
import type { ObjectDraw } from './episode-conditions.ts';
import type { EpisodeRecording } from './episode-run.ts';
import { vectorStats, type FeatureStats } from './feature-stats.ts';
import { FEATURE_KEYS, videoKey } from './dataset-features.ts';

// Each finished attempt is kept under <out>/.embody/attempts/attempt-NNNNNN/: its frames as raw float32 rows, one
// MP4 per camera, and episode.json, written last, which marks the attempt complete. The dataset files are rebuilt
// from these, so they are a function of the finished attempts alone: a resumed run ends byte-equal to a straight one.

/** An attempt's record: everything the dataset metadata needs without reading the frames. */
export interface StagedEpisode {
  readonly attempt: number;
  readonly length: number;
  readonly success: boolean;
  readonly failure?: { readonly reason: string; readonly node: string; readonly message: string };
  readonly taskDurationS: number;
  readonly draws: readonly ObjectDraw[];
  /** False for failed attempts of an --only-success run, which keep no frames. */
  readonly framesStored: boolean;
  /** Per-episode statistics of the features that do not depend on the episode's place in the dataset. */
  readonly stats: Readonly<Record<string, FeatureStats>>;
  /** Bytes of each camera's MP4, by feature key. */
  readonly videoBytes: Readonly<Record<string, number>>;
}

const StatsSchema = z.object({
  min: z.array(z.number()),
  max: z.array(z.number()),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  count: z.number().int(),
  quantiles: z.array(z.array(z.number())),
});

const StagedEpisodeSchema = z.object({
  attempt: z.number().int().nonnegative(),
  length: z.number().int().positive(),
  success: z.boolean(),
  failure: z.object({ reason: z.string(), node: z.string(), message: z.string() }).optional(),
  taskDurationS: z.number(),
  draws: z.array(
    z.object({ id: z.string(), dxM: z.number(), dyM: z.number(), dyawRad: z.number(), friction: z.number() }),
  ),
  framesStored: z.boolean(),
  stats: z.record(z.string(), StatsSchema),
  videoBytes: z.record(z.string(), z.number().int()),
});

const VECTORS = ['state', 'action', 'wrench'] as const;

/** The folder of attempt `attempt`. */
export function attemptDir(stagingDir: string, attempt: number): string {
  return join(stagingDir, 'attempts', `attempt-${String(attempt).padStart(6, '0')}`);
}

/**
 * Stores a finished attempt: frames and videos first, episode.json last. With `keepFrames` false (a failure the
 * dataset will leave out) only episode.json is kept, so a resume knows the attempt was made.
 */
export async function stageEpisode(
  stagingDir: string,
  attempt: number,
  recording: EpisodeRecording,
  draws: readonly ObjectDraw[],
  fps: number,
  keepFrames: boolean,
): Promise<StagedEpisode> {
  const dir = attemptDir(stagingDir, attempt);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stats: Record<string, FeatureStats> = {};
  const videoBytes: Record<string, number> = {};
  const n = recording.length;
  if (keepFrames) {
    for (const vector of VECTORS) {
      const values = recording[vector];
      writeFileAtomic(join(dir, `${vector}.f32`), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    for (const camera of recording.cameras) {
      const key = videoKey(camera.key);
      const codes = quantizeFrames(camera.framesDepthM);
      const path = join(dir, `${camera.key}.mp4`);
      await writeViaTempFile(path, (tmp) => encodeDepthVideo(tmp, codes, camera.widthPx, camera.heightPx, fps));
      videoBytes[key] = statSync(path).size;
      stats[key] = depthStats(codes, n);
    }
  }
  const { layout } = recording;
  stats[FEATURE_KEYS.state] = vectorStats(recording.state, n, layout.state.length);
  stats[FEATURE_KEYS.action] = vectorStats(recording.action, n, layout.action.length);
  if (layout.wrench.length > 0) stats[FEATURE_KEYS.wrench] = vectorStats(recording.wrench, n, layout.wrench.length);
  const success = recording.failure === undefined;
  stats[FEATURE_KEYS.success] = vectorStats(lastFrameFlags(n, success), n, 1);
  stats[FEATURE_KEYS.done] = vectorStats(lastFrameFlags(n, true), n, 1);
  stats.timestamp = vectorStats(timestamps(n, fps), n, 1);
  stats.frame_index = vectorStats(
    Array.from({ length: n }, (_, i) => i),
    n,
    1,
  );
  const staged: StagedEpisode = {
    attempt,
    length: n,
    success,
    ...(recording.failure === undefined ? {} : { failure: recording.failure }),
    taskDurationS: recording.taskDurationS,
    draws,
    framesStored: keepFrames,
    stats,
    videoBytes,
  };
  writeFileAtomic(join(dir, 'episode.json'), `${JSON.stringify(staged)}\n`);
  return staged;
}

/**
 * The finished attempts, in order. Folders without episode.json (an attempt cut short) and temp files are
 * removed: the attempt is run again.
 */
export function readStagedEpisodes(stagingDir: string): StagedEpisode[] {
  const root = join(stagingDir, 'attempts');
  if (!existsSync(root)) return [];
  const staged: StagedEpisode[] = [];
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'episode.json');
    if (!existsSync(file)) {
      rmSync(join(root, name), { recursive: true, force: true });
      continue;
    }
    const parsed = StagedEpisodeSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not an embody episode record (${parsed.error.issues[0]?.message})`);
    for (const f of readdirSync(join(root, name))) if (f.includes('.tmp-')) rmSync(join(root, name, f));
    staged.push(parsed.data);
  }
  return staged;
}

/** An attempt's frame vectors, as staged. */
export function loadStagedFrames(stagingDir: string, attempt: number): Record<(typeof VECTORS)[number], Float32Array> {
  const dir = attemptDir(stagingDir, attempt);
  const read = (vector: string): Float32Array => {
    const bytes = readFileSync(join(dir, `${vector}.f32`));
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  return { state: read('state'), action: read('action'), wrench: read('wrench') };
}

/** Frame times of an episode as the data column stores them: frame_index / fps, as float32. */
export function timestamps(length: number, fps: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => i / fps);
}

/** A flag that is set on the last frame only (`next.done`, and `next.success` of a successful episode). */
export function lastFrameFlags(length: number, set: boolean): number[] {
  return Array.from({ length }, (_, i) => (set && i === length - 1 ? 1 : 0));
}

/** Statistics of a depth video over all its pixels, in metres as a reader decodes them (one channel). */
function depthStats(codes: Uint16Array, frames: number): FeatureStats {
  const metres = new Float64Array(4096).map((_, code) => codeDepthM(code));
  const values = Float64Array.from(codes, (code) => metres[code]!);
  return { ...vectorStats(values, values.length, 1), count: frames };
}
