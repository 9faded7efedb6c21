import { QUANTILE_KEYS, QUANTILES, type Feature } from './lerobot-format.ts';

/** Per-dimension statistics of one feature over some frames, as lerobot keeps them. */
export interface FeatureStats {
  readonly min: readonly number[];
  readonly max: readonly number[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly count: number;
  /** One row per entry of `QUANTILES`, each per dimension. */
  readonly quantiles: readonly (readonly number[])[];
}

/**
 * Statistics of `rows` × `dims` values (row-major). Quantiles are exact (sorted, linearly interpolated, numpy's
 * default), where lerobot estimates them from histograms.
 */
export function vectorStats(values: ArrayLike<number>, rows: number, dims: number): FeatureStats {
  const column = new Float64Array(rows);
  const min: number[] = [];
  const max: number[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  const quantiles: number[][] = QUANTILES.map(() => []);
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      column[r] = values[r * dims + d]!;
      sum += column[r]!;
    }
    const m = sum / rows;
    let sq = 0;
    for (let r = 0; r < rows; r++) sq += (column[r]! - m) ** 2;
    column.sort();
    min.push(column[0]!);
    max.push(column[rows - 1]!);
    mean.push(m);
    std.push(Math.sqrt(sq / rows));
    QUANTILES.forEach((q, i) => quantiles[i]!.push(interpolated(column, q)));
  }
  return { min, max, mean, std, count: rows, quantiles };
}

function interpolated(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Statistics of several episodes as one, with lerobot's `aggregate_feature_stats` rules: count-weighted mean, the
 * parallel-variance formula for std, min of mins, max of maxes, and for quantiles the envelope of the episodes'
 * (the smallest for q ≤ 50, the largest above): bounds, not global estimates, exactly as lerobot documents.
 */
export function aggregateStats(list: readonly FeatureStats[]): FeatureStats {
  const dims = list[0]?.mean.length ?? 0;
  const count = list.reduce((n, s) => n + s.count, 0);
  const per = (f: (d: number) => number): number[] => Array.from({ length: dims }, (_, d) => f(d));
  const mean = per((d) => list.reduce((a, s) => a + s.mean[d]! * s.count, 0) / count);
  const std = per((d) =>
    Math.sqrt(list.reduce((a, s) => a + (s.std[d]! ** 2 + (s.mean[d]! - mean[d]!) ** 2) * s.count, 0) / count),
  );
  return {
    min: per((d) => Math.min(...list.map((s) => s.min[d]!))),
    max: per((d) => Math.max(...list.map((s) => s.max[d]!))),
    mean,
    std,
    count,
    quantiles: QUANTILES.map((q, i) =>
      per((d) => (q <= 0.5 ? Math.min : Math.max)(...list.map((s) => s.quantiles[i]![d]!))),
    ),
  };
}

/** How a feature's statistics are written: plain per-dimension lists, or per channel as (C, 1, 1) for videos. */
export type StatsShape = 'vector' | 'channel';

/** Named statistics as lerobot's `stats.json` holds them; min and max keep the feature's integer/bool type. */
export function statsRecord(
  stats: FeatureStats,
  shape: StatsShape,
  dtype: 'float' | 'int' | 'bool',
): Record<string, unknown[]> {
  const typed = (values: readonly number[]): unknown[] =>
    values.map((v) => (dtype === 'bool' ? v !== 0 : dtype === 'int' ? Math.round(v) : v));
  const shaped = (values: readonly unknown[]): unknown[] =>
    shape === 'channel' ? values.map((v) => [[v]]) : [...values];
  const out: Record<string, unknown[]> = {
    min: shaped(typed(stats.min)),
    max: shaped(typed(stats.max)),
    mean: shaped(stats.mean),
    std: shaped(stats.std),
    count: [stats.count],
  };
  QUANTILE_KEYS.forEach((key, i) => (out[key] = shaped(stats.quantiles[i]!)));
  return out;
}

/** How a feature's statistics are shaped and typed in stats.json and meta/episodes. */
export function statsForm(feature: Feature): [StatsShape, 'float' | 'int' | 'bool'] {
  if (feature.dtype === 'video' || feature.dtype === 'image') return ['channel', 'float'];
  return ['vector', feature.dtype === 'int64' ? 'int' : feature.dtype === 'bool' ? 'bool' : 'float'];
}
