import { Worker } from 'node:worker_threads';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { TrialChunk, TrialResult } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';

/** Runs chunks of trials somewhere: in this thread or on a pool of worker threads. */
export interface ChunkRunner {
  readonly workers: number;
  run(chunk: TrialChunk, templateKey: string): Promise<TrialResult[]>;
  close(): Promise<void>;
}

/** Runs chunks in the calling thread (`--workers 0`); tests use it to skip worker start-up. */
export function inThreadRunner(): ChunkRunner {
  const templates = new Map<string, TrialTemplate>();
  return {
    workers: 0,
    async run(chunk, templateKey) {
      const rapier = await loadRapier(chunk.engine);
      return runTrialChunk(rapier, chunk, {
        reuse: true,
        templates,
        templateKey: `${chunk.engine ?? 'deterministic'}/${templateKey}`,
      });
    },
    async close() {
      templates.clear();
    },
  };
}

interface Pending {
  resolve(results: TrialResult[]): void;
  reject(error: Error): void;
}

interface PoolWorker {
  readonly worker: Worker;
  busy: boolean;
}

const BOOTSTRAP = new URL('../../sim/grasp-trial/worker-bootstrap.mjs', import.meta.url);

/**
 * A pool of `count` worker threads; each takes one chunk at a time. Which worker runs a chunk never changes its
 * results: every chunk starts from the same snapshot.
 */
export function workerPoolRunner(count: number): ChunkRunner {
  const pending = new Map<number, Pending>();
  const queue: { id: number; chunk: TrialChunk; templateKey: string }[] = [];
  let nextId = 0;
  const pool: PoolWorker[] = [];
  const pump = (): void => {
    for (const w of pool) {
      if (w.busy) continue;
      const job = queue.shift();
      if (job === undefined) return;
      w.busy = true;
      w.worker.postMessage(job);
    }
  };
  for (let i = 0; i < count; i++) {
    const worker = new Worker(BOOTSTRAP);
    const entry: PoolWorker = { worker, busy: false };
    worker.on('message', (msg: { id?: number; results?: TrialResult[]; error?: string; ready?: boolean }) => {
      if (msg.ready === true || msg.id === undefined) return;
      entry.busy = false;
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(`grasp-trial worker: ${msg.error}`));
      else p?.resolve(msg.results ?? []);
      pump();
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    pool.push(entry);
  }
  return {
    workers: count,
    run(chunk, templateKey) {
      const id = nextId++;
      return new Promise<TrialResult[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        queue.push({ id, chunk, templateKey });
        pump();
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.worker.terminate()));
    },
  };
}

/** `workers` = 0 runs in this thread; otherwise a pool of that many threads. */
export function chunkRunner(workers: number): ChunkRunner {
  return workers <= 0 ? inThreadRunner() : workerPoolRunner(workers);
}
