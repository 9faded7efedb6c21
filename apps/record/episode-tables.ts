import { statsForm, statsRecord, type FeatureStats } from './feature-stats.ts';
import type { Feature } from './lerobot-format.ts';
import { parquetTable, type ColumnType, type LeafType, type TableColumn } from './parquet-table.ts';
import type { StagedEpisode } from './staging.ts';

/** Where an episode sits in the dataset's files. */
export interface EpisodePlacement {
  readonly episode: StagedEpisode;
  readonly episodeIndex: number;
  readonly fromIndex: number;
  readonly data: { readonly chunk: number; readonly file: number };
  readonly videos: Readonly<
    Record<string, { readonly chunk: number; readonly file: number; readonly fromS: number; readonly toS: number }>
  >;
}

/**
 * `meta/episodes/chunk-000/file-000.parquet`: one row per episode with lerobot's columns (index, tasks, length,
 * where its frames are in data/ and videos/, its per-feature `stats/...`, where this row is), then what embody
 * adds: whether the task succeeded, why not, which attempt it was and what its start drew.
 */
export function episodesTable(
  placements: readonly EpisodePlacement[],
  stats: readonly Record<string, FeatureStats>[],
  features: Readonly<Record<string, Feature>>,
  task: string,
): Uint8Array {
  const column = (name: string, type: ColumnType, value: (p: EpisodePlacement, i: number) => unknown): TableColumn => ({
    name,
    type,
    values: placements.map(value),
  });
  const columns: TableColumn[] = [
    column('episode_index', 'int64', (p) => p.episodeIndex),
    column('tasks', { list: 'string' }, () => [task]),
    column('length', 'int64', (p) => p.episode.length),
    column('data/chunk_index', 'int64', (p) => p.data.chunk),
    column('data/file_index', 'int64', (p) => p.data.file),
    column('dataset_from_index', 'int64', (p) => p.fromIndex),
    column('dataset_to_index', 'int64', (p) => p.fromIndex + p.episode.length),
  ];
  const videoKeys = Object.entries(features)
    .filter(([, f]) => f.dtype === 'video')
    .map(([key]) => key);
  for (const key of videoKeys) {
    columns.push(
      column(`videos/${key}/chunk_index`, 'int64', (p) => p.videos[key]!.chunk),
      column(`videos/${key}/file_index`, 'int64', (p) => p.videos[key]!.file),
      column(`videos/${key}/from_timestamp`, 'float64', (p) => p.videos[key]!.fromS),
      column(`videos/${key}/to_timestamp`, 'float64', (p) => p.videos[key]!.toS),
    );
  }
  for (const [key, feature] of Object.entries(features)) {
    const [shape, dtype] = statsForm(feature);
    const records = stats.map((s) => statsRecord(s[key]!, shape, dtype));
    for (const stat of Object.keys(records[0] ?? {})) {
      const leaf: LeafType =
        stat === 'count'
          ? 'int64'
          : (stat === 'min' || stat === 'max') && dtype !== 'float'
            ? dtype === 'int'
              ? 'int64'
              : 'bool'
            : 'float64';
      const type: ColumnType =
        shape === 'channel' && stat !== 'count' ? { list: { list: { list: leaf } } } : { list: leaf };
      columns.push(column(`stats/${key}/${stat}`, type, (_, i) => records[i]![stat]));
    }
  }
  columns.push(
    column('meta/episodes/chunk_index', 'int64', () => 0),
    column('meta/episodes/file_index', 'int64', () => 0),
    column('success', 'bool', (p) => p.episode.success),
    column('failure_reason', 'string', (p) => p.episode.failure?.reason ?? ''),
    column('failure_node', 'string', (p) => p.episode.failure?.node ?? ''),
    column('failure_message', 'string', (p) => p.episode.failure?.message ?? ''),
    column('attempt_index', 'int64', (p) => p.episode.attempt),
    column('task_duration_s', 'float64', (p) => p.episode.taskDurationS),
    column('start_conditions', 'string', (p) => JSON.stringify(p.episode.draws)),
  );
  return parquetTable(columns);
}

/**
 * `meta/tasks.parquet`: lerobot reads it with pandas and looks tasks up by the frame's index, so the file carries
 * pandas' metadata naming `task` as the index column, as `DataFrame.to_parquet` writes it.
 */
export function tasksTable(tasks: readonly string[]): Uint8Array {
  const pandas = {
    index_columns: ['task'],
    column_indexes: [{ name: null, field_name: null, pandas_type: 'unicode', numpy_type: 'object', metadata: null }],
    columns: [
      { name: 'task_index', field_name: 'task_index', pandas_type: 'int64', numpy_type: 'int64', metadata: null },
      { name: 'task', field_name: 'task', pandas_type: 'unicode', numpy_type: 'object', metadata: null },
    ],
    creator: { library: 'embody', version: '1' },
    // The pandas release whose metadata layout this follows.
    pandas_version: '2.2.3',
  };
  return parquetTable(
    [
      { name: 'task_index', type: 'int64', values: tasks.map((_, i) => i) },
      { name: 'task', type: 'string', values: tasks },
    ],
    { kvMetadata: { pandas: JSON.stringify(pandas) } },
  );
}
