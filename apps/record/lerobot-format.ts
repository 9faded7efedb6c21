import { z } from 'zod';

// The LeRobotDataset v3.0 layout, as lerobot's `datasets/utils.py`, `dataset_metadata.py` and `configs/video.py`
// define it: path templates, the five index columns every frame carries, the file-size limits that decide when a
// new data or video file starts, and the 12-bit log quantisation of depth videos. Everything written to a dataset
// is built from these, so the files and the metadata cannot disagree.

/** `meta/info.json` `codebase_version`. */
export const CODEBASE_VERSION = 'v3.0';

/** Files per `chunk-NNN` folder before the next chunk starts. */
export const CHUNKS_SIZE = 1000;
/** A data (Parquet) file is closed once it would pass this size; the next episode starts a new file. */
export const DATA_FILES_SIZE_IN_MB = 100;
/** The same for video (MP4) files. */
export const VIDEO_FILES_SIZE_IN_MB = 200;

export const INFO_PATH = 'meta/info.json';
export const STATS_PATH = 'meta/stats.json';
export const TASKS_PATH = 'meta/tasks.parquet';
export const DATA_PATH_TEMPLATE = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
export const VIDEO_PATH_TEMPLATE = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
export const EPISODES_PATH_TEMPLATE = 'meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';

/** Where a file of a chunked series lives: fills lerobot's Python format templates. */
export function chunkFilePath(template: string, chunkIndex: number, fileIndex: number, videoKey = ''): string {
  const pad = (n: number): string => String(n).padStart(3, '0');
  return template
    .replace('{video_key}', videoKey)
    .replace('{chunk_index:03d}', pad(chunkIndex))
    .replace('{file_index:03d}', pad(fileIndex));
}

/** The file after `(chunk, file)`: a new chunk every `CHUNKS_SIZE` files (lerobot's `update_chunk_file_indices`). */
export function nextChunkFile(chunkIndex: number, fileIndex: number): [number, number] {
  return fileIndex === CHUNKS_SIZE - 1 ? [chunkIndex + 1, 0] : [chunkIndex, fileIndex + 1];
}

/** Numeric and visual dtypes a feature may have. */
export type FeatureDtype = 'float32' | 'float64' | 'int64' | 'bool' | 'string' | 'video' | 'image';

/** One entry of `info.json` `features`. */
export interface Feature {
  readonly dtype: FeatureDtype;
  readonly shape: readonly number[];
  readonly names: readonly string[] | null;
  readonly info?: Readonly<Record<string, unknown>>;
}

/** The index columns lerobot adds to every frame (`DEFAULT_FEATURES`), in its order, after the recorded features. */
export const DEFAULT_FEATURES: Readonly<Record<string, Feature>> = {
  timestamp: { dtype: 'float32', shape: [1], names: null },
  frame_index: { dtype: 'int64', shape: [1], names: null },
  episode_index: { dtype: 'int64', shape: [1], names: null },
  index: { dtype: 'int64', shape: [1], names: null },
  task_index: { dtype: 'int64', shape: [1], names: null },
};

/** Quantiles lerobot's stats carry besides min/max/mean/std/count (`DEFAULT_QUANTILES`). */
export const QUANTILES = [0.01, 0.1, 0.5, 0.9, 0.99] as const;
/** Their keys in `stats.json`: `q01`, `q10`, ... */
export const QUANTILE_KEYS = QUANTILES.map((q) => `q${String(Math.round(q * 100)).padStart(2, '0')}`);

/** Depth videos (lerobot `DepthEncoderConfig`): 12-bit codes, HEVC lossless, 12-bit grey pixels. */
export const DEPTH_ENCODING = {
  quantBits: 12,
  depthMinM: 0.01,
  depthMaxM: 10,
  shiftM: 3.5,
  useLog: true,
  codec: 'hevc',
  ffmpegEncoder: 'libx265',
  pixFmt: 'gray12le',
  gopSize: 2,
  crf: 30,
  x265Params: 'lossless=1',
} as const;

export const FeatureSchema = z.strictObject({
  dtype: z.enum(['float32', 'float64', 'int64', 'bool', 'string', 'video', 'image']),
  shape: z.array(z.number().int().positive()).min(1),
  names: z.array(z.string()).nullable(),
  info: z.record(z.string(), z.unknown()).optional(),
});

/** `meta/info.json` of a v3.0 dataset: the fields of lerobot's `DatasetInfo`, checked where the file is read. */
export const InfoSchema = z
  .strictObject({
    codebase_version: z.literal(CODEBASE_VERSION),
    robot_type: z.string().nullable(),
    total_episodes: z.number().int().nonnegative(),
    total_frames: z.number().int().nonnegative(),
    total_tasks: z.number().int().nonnegative(),
    chunks_size: z.number().int().positive(),
    data_files_size_in_mb: z.number().positive(),
    video_files_size_in_mb: z.number().positive(),
    fps: z.number().int().positive(),
    splits: z.record(z.string(), z.string().regex(/^\d+:\d+$/, 'expected "start:end"')),
    data_path: z.literal(DATA_PATH_TEMPLATE),
    video_path: z.literal(VIDEO_PATH_TEMPLATE).nullable(),
    features: z.record(z.string(), FeatureSchema),
  })
  .superRefine((info, ctx) => {
    for (const key of Object.keys(DEFAULT_FEATURES)) {
      if (!(key in info.features)) ctx.addIssue({ code: 'custom', message: `missing index feature`, path: [key] });
    }
    for (const [key, feature] of Object.entries(info.features)) {
      if (key.includes('/')) ctx.addIssue({ code: 'custom', message: 'feature names have no "/"', path: [key] });
      const names = feature.names;
      if (feature.dtype !== 'video' && feature.dtype !== 'image' && names !== null && names.length !== feature.shape[0])
        ctx.addIssue({ code: 'custom', message: `${names.length} names for shape ${feature.shape[0]}`, path: [key] });
      if (feature.dtype === 'video' && info.video_path === null)
        ctx.addIssue({ code: 'custom', message: 'a video feature needs video_path', path: [key] });
    }
    const hasVideo = Object.values(info.features).some((f) => f.dtype === 'video');
    if (!hasVideo && info.video_path !== null)
      ctx.addIssue({ code: 'custom', message: 'video_path without a video feature', path: ['video_path'] });
  });

/** A validated `meta/info.json`. */
export type DatasetInfo = z.infer<typeof InfoSchema>;
