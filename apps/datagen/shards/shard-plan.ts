import type { ObjectPlan } from '../object-plan.ts';

/** A queue shard: a range of one object's chunks. The same plans always give the same shards. */
export interface Shard {
  /** `o<object>-c<first>-<end>`, e.g. `o1-c8-16` for chunks 8..15 of object 1. */
  readonly id: string;
  readonly objectIndex: number;
  readonly firstChunk: number;
  /** One past the last chunk. */
  readonly endChunk: number;
}

/** Splits every object's chunks into shards of `chunksPerShard` consecutive chunks (the last may be shorter). */
export function queueShards(plans: readonly ObjectPlan[], chunksPerShard: number): Shard[] {
  return plans.flatMap((plan) =>
    Array.from({ length: Math.ceil(plan.chunkCount / chunksPerShard) }, (_, k) => {
      const first = k * chunksPerShard;
      return shardOf(plan.index, first, Math.min(plan.chunkCount, first + chunksPerShard));
    }),
  );
}

/** The shard of chunks `first..end-1` of object `objectIndex`. */
export function shardOf(objectIndex: number, firstChunk: number, endChunk: number): Shard {
  return { id: `o${objectIndex}-c${firstChunk}-${endChunk}`, objectIndex, firstChunk, endChunk };
}

/** The chunks of a shard. */
export function shardChunks(shard: Shard): number[] {
  return Array.from({ length: shard.endChunk - shard.firstChunk }, (_, i) => shard.firstChunk + i);
}

/** `i/n` of `--shard`: which static shard this is, of how many. */
export interface StaticShard {
  readonly index: number;
  readonly count: number;
}

/**
 * Which chunks static shard `index` of `count` runs: every object's chunks in order, cut into `count` contiguous
 * runs of nearly equal length, so each process restores few object templates and all together cover each chunk
 * exactly once.
 */
export function staticShardSelect(
  plans: readonly ObjectPlan[],
  { index, count }: StaticShard,
): (objectIndex: number, chunk: number) => boolean {
  const offsets: number[] = [];
  let total = 0;
  for (const plan of plans) {
    offsets[plan.index] = total;
    total += plan.chunkCount;
  }
  const first = Math.floor((index * total) / count);
  const end = Math.floor(((index + 1) * total) / count);
  return (objectIndex, chunk) => {
    const g = (offsets[objectIndex] ?? Number.NaN) + chunk;
    return g >= first && g < end;
  };
}

/** The folder, under the dataset folder, that holds static shard `i` of `n`'s outputs. */
export function staticShardFolder({ index, count }: StaticShard): string {
  return `shards/${index}-of-${count}`;
}

/** The folder, under the dataset folder, that queue workers write shard outputs into. */
export const QUEUE_SHARD_FOLDER = 'shards/queue';
