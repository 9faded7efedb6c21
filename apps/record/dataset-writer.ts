import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic, writeViaTempFile } from './atomic-file.ts';
import { concatVideos } from './depth-video.ts';
import { datasetFeatures, FEATURE_KEYS, videoKey, type CameraShape } from './dataset-features.ts';
import { episodesTable, tasksTable, type EpisodePlacement } from './episode-tables.ts';
import type { FrameLayout } from './episode-run.ts';
import { aggregateStats, statsForm, statsRecord, vectorStats, type FeatureStats } from './feature-stats.ts';
import {
  CHUNKS_SIZE,
  CODEBASE_VERSION,
  DATA_FILES_SIZE_IN_MB,
  DATA_PATH_TEMPLATE,
  EPISODES_PATH_TEMPLATE,
  INFO_PATH,
  STATS_PATH,
  TASKS_PATH,
  VIDEO_FILES_SIZE_IN_MB,
  VIDEO_PATH_TEMPLATE,
  chunkFilePath,
  nextChunkFile,
  type DatasetInfo,
  type Feature,
} from './lerobot-format.ts';
import { parquetTable, type TableColumn } from './parquet-table.ts';
import { attemptDir, lastFrameFlags, loadStagedFrames, timestamps, type StagedEpisode } from './staging.ts';

/** What the dataset is of: fixed for a recording, checked on resume. */
export interface DatasetSpec {
  readonly out: string;
  readonly stagingDir: string;
  readonly fps: number;
  readonly robotType: string;
  /** The natural-language task every episode performs (task_index 0). */
  readonly task: string;
  readonly layout: FrameLayout;
  readonly cameras: readonly CameraShape[];
}

/** Which attempts each written file holds, so a rebuild rewrites only files whose episodes changed. */
type FileMembers = Record<string, readonly number[]>;

const MB = 1024 * 1024;
/** Bytes a frame's index columns and flags take in a data file, on top of its vectors (a size estimate). */
const INDEX_BYTES_PER_FRAME = 40;

/**
 * Writes the dataset in `spec.out` from the staged `episodes` (in dataset order): data and video files first,
 * then meta/episodes, meta/tasks.parquet, meta/stats.json and meta/info.json, each atomically. Files whose
 * episodes did not change since the last build are left as they are.
 */
export async function writeDataset(spec: DatasetSpec, episodes: readonly StagedEpisode[]): Promise<DatasetInfo> {
  const placements = place(spec, episodes);
  const previous = readMembers(spec.stagingDir);
  const members: FileMembers = {};
  const byFile = groupBy(placements, (p) => chunkFilePath(DATA_PATH_TEMPLATE, p.data.chunk, p.data.file));
  for (const [path, group] of byFile) {
    members[path] = group.map((p) => p.episode.attempt);
    if (!unchanged(spec.out, path, previous, members)) writeFileAtomic(join(spec.out, path), dataFile(spec, group));
  }
  for (const camera of spec.cameras) {
    const key = videoKey(camera.key);
    const byVideo = groupBy(placements, (p) =>
      chunkFilePath(VIDEO_PATH_TEMPLATE, p.videos[key]!.chunk, p.videos[key]!.file, key),
    );
    for (const [path, group] of byVideo) {
      members[path] = group.map((p) => p.episode.attempt);
      if (unchanged(spec.out, path, previous, members)) continue;
      const sources = group.map((p) => join(attemptDir(spec.stagingDir, p.episode.attempt), `${camera.key}.mp4`));
      if (sources.length === 1) writeFileAtomic(join(spec.out, path), readFileSync(sources[0]!));
      else await writeViaTempFile(join(spec.out, path), (tmp) => concatVideos(sources, tmp));
    }
  }
  removeUnplanned(spec.out, members);

  const features = datasetFeatures(spec.layout, spec.cameras, spec.fps);
  const episodeStats = placements.map((p) => completeStats(p));
  // Like lerobot, a dataset without episodes has no episode or task tables yet (its info.json counts 0 of each).
  const episodesPath = join(spec.out, chunkFilePath(EPISODES_PATH_TEMPLATE, 0, 0));
  const tasksPath = join(spec.out, TASKS_PATH);
  if (placements.length > 0) {
    writeFileAtomic(episodesPath, episodesTable(placements, episodeStats, features, spec.task));
    writeFileAtomic(tasksPath, tasksTable([spec.task]));
  } else {
    rmSync(episodesPath, { force: true });
    rmSync(tasksPath, { force: true });
  }
  writeFileAtomic(join(spec.out, STATS_PATH), `${JSON.stringify(datasetStats(features, episodeStats), null, 4)}\n`);
  const totalFrames = placements.reduce((n, p) => n + p.episode.length, 0);
  const info: DatasetInfo = {
    codebase_version: CODEBASE_VERSION,
    fps: spec.fps,
    features: features as DatasetInfo['features'],
    total_episodes: placements.length,
    total_frames: totalFrames,
    total_tasks: placements.length > 0 ? 1 : 0,
    chunks_size: CHUNKS_SIZE,
    data_files_size_in_mb: DATA_FILES_SIZE_IN_MB,
    video_files_size_in_mb: VIDEO_FILES_SIZE_IN_MB,
    data_path: DATA_PATH_TEMPLATE,
    video_path: spec.cameras.length > 0 ? VIDEO_PATH_TEMPLATE : null,
    robot_type: spec.robotType,
    splits: { train: `0:${placements.length}` },
  };
  writeFileAtomic(join(spec.out, INFO_PATH), `${JSON.stringify(info, null, 4)}\n`);
  writeFileAtomic(join(spec.stagingDir, 'files.json'), `${JSON.stringify(members)}\n`);
  return info;
}

/** Assigns episodes to data and video files, starting a new file when the current one would pass its size limit. */
function place(spec: DatasetSpec, episodes: readonly StagedEpisode[]): EpisodePlacement[] {
  const vectorWidth = spec.layout.state.length + spec.layout.action.length + spec.layout.wrench.length;
  const data = new FileFiller(DATA_FILES_SIZE_IN_MB);
  const videos = new Map(spec.cameras.map((c) => [videoKey(c.key), new FileFiller(VIDEO_FILES_SIZE_IN_MB)]));
  let fromIndex = 0;
  return episodes.map((episode, episodeIndex) => {
    const bytes = episode.length * (4 * vectorWidth + INDEX_BYTES_PER_FRAME);
    const placement: EpisodePlacement = {
      episode,
      episodeIndex,
      fromIndex,
      data: data.add(bytes, episode.length / spec.fps),
      videos: Object.fromEntries(
        [...videos].map(([key, filler]) => {
          const at = filler.add(episode.videoBytes[key] ?? 0, episode.length / spec.fps);
          return [key, { chunk: at.chunk, file: at.file, fromS: at.fromS, toS: at.fromS + episode.length / spec.fps }];
        }),
      ),
    };
    fromIndex += episode.length;
    return placement;
  });
}

/** Fills chunk-NNN/file-NNN files in order, like lerobot's writer: a new file when the next episode would not fit. */
class FileFiller {
  private chunk = 0;
  private file = 0;
  private bytes = 0;
  private durationS = 0;

  constructor(private readonly limitMb: number) {}

  add(bytes: number, durationS: number): { chunk: number; file: number; fromS: number } {
    if (this.bytes > 0 && (this.bytes + bytes) / MB >= this.limitMb) {
      [this.chunk, this.file] = nextChunkFile(this.chunk, this.file);
      this.bytes = 0;
      this.durationS = 0;
    }
    const at = { chunk: this.chunk, file: this.file, fromS: this.durationS };
    this.bytes += bytes;
    this.durationS += durationS;
    return at;
  }
}

/** The Parquet data file of a run of episodes: one row per frame, one row group per episode. */
function dataFile(spec: DatasetSpec, group: readonly EpisodePlacement[]): Uint8Array {
  const frames = group.map((p) => ({ p, vectors: loadStagedFrames(spec.stagingDir, p.episode.attempt) }));
  const rows = <T>(perEpisode: (p: EpisodePlacement, vectors: (typeof frames)[number]['vectors']) => T[]): T[] =>
    frames.flatMap(({ p, vectors }) => perEpisode(p, vectors));
  const split = (values: Float32Array, width: number, length: number): number[][] =>
    Array.from({ length }, (_, i) => [...values.subarray(i * width, (i + 1) * width)]);
  const { layout } = spec;
  const columns: TableColumn[] = [
    {
      name: FEATURE_KEYS.state,
      type: { list: 'float32' },
      values: rows((p, v) => split(v.state, layout.state.length, p.episode.length)),
    },
    {
      name: FEATURE_KEYS.action,
      type: { list: 'float32' },
      values: rows((p, v) => split(v.action, layout.action.length, p.episode.length)),
    },
  ];
  if (layout.wrench.length > 0)
    columns.push({
      name: FEATURE_KEYS.wrench,
      type: { list: 'float32' },
      values: rows((p, v) => split(v.wrench, layout.wrench.length, p.episode.length)),
    });
  const flags = (set: (p: EpisodePlacement) => boolean): boolean[] =>
    rows((p) => lastFrameFlags(p.episode.length, set(p)).map((f) => f === 1));
  columns.push(
    { name: FEATURE_KEYS.success, type: 'bool', values: flags((p) => p.episode.success) },
    { name: FEATURE_KEYS.done, type: 'bool', values: flags(() => true) },
    { name: 'timestamp', type: 'float32', values: rows((p) => [...timestamps(p.episode.length, spec.fps)]) },
    { name: 'frame_index', type: 'int64', values: rows((p) => range(0, p.episode.length)) },
    { name: 'episode_index', type: 'int64', values: rows((p) => range(0, p.episode.length).map(() => p.episodeIndex)) },
    { name: 'index', type: 'int64', values: rows((p) => range(p.fromIndex, p.fromIndex + p.episode.length)) },
    { name: 'task_index', type: 'int64', values: rows((p) => range(0, p.episode.length).map(() => 0)) },
  );
  return parquetTable(columns, { rowGroupSizes: group.map((p) => p.episode.length) });
}

/** An episode's statistics including the index columns, which depend on where it sits in the dataset. */
function completeStats(p: EpisodePlacement): Record<string, FeatureStats> {
  const n = p.episode.length;
  return {
    ...p.episode.stats,
    episode_index: vectorStats(new Float64Array(n).fill(p.episodeIndex), n, 1),
    index: vectorStats(range(p.fromIndex, p.fromIndex + n), n, 1),
    task_index: vectorStats(new Float64Array(n), n, 1),
  };
}

/** `stats.json`: every feature's statistics over the whole dataset, in feature order. */
function datasetStats(
  features: Readonly<Record<string, Feature>>,
  episodeStats: readonly Record<string, FeatureStats>[],
): Record<string, Record<string, unknown[]>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  if (episodeStats.length === 0) return out;
  for (const [key, feature] of Object.entries(features)) {
    const list = episodeStats.map((s) => s[key]);
    if (list.some((s) => s === undefined)) continue;
    out[key] = statsRecord(aggregateStats(list as FeatureStats[]), ...statsForm(feature));
  }
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

function readMembers(stagingDir: string): FileMembers {
  const path = join(stagingDir, 'files.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FileMembers) : {};
}

function unchanged(out: string, path: string, previous: FileMembers, members: FileMembers): boolean {
  const before = previous[path];
  const now = members[path];
  return (
    before !== undefined &&
    now !== undefined &&
    before.length === now.length &&
    before.every((a, i) => a === now[i]) &&
    existsSync(join(out, path))
  );
}

/** Deletes data and video files a smaller rebuild no longer has (and temp files a killed run left). */
function removeUnplanned(out: string, members: FileMembers): void {
  for (const top of ['data', 'videos']) {
    const root = join(out, top);
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = relative(out, join(entry.parentPath, entry.name));
      if (!(path in members)) rmSync(join(out, path));
    }
  }
}
