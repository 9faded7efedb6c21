import { Worker } from 'node:worker_threads';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import type { TrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { TrialChunk, TrialResult } from '../../sim/grasp-trial/types.ts';
import { loadRapier } from '../../sim/rapier.ts';

/** Runs chunks of trials somewhere: in this thread or on a pool of worker threads. */
export interface ChunkRunner {
  readonly workers: number;
  /** `label` names the chunk in errors (`tea-box chunk 3`). */
  run(chunk: TrialChunk, templateKey: string, label?: string): Promise<TrialResult[]>;
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

/** A chunk waiting for, or on, a worker. */
interface Job {
  readonly id: number;
  readonly chunk: TrialChunk;
  readonly templateKey: string;
  readonly label: string;
  /** Workers lost while running it. */
  losses: number;
  resolve(results: TrialResult[]): void;
  reject(error: Error): void;
}

interface PoolWorker {
  readonly worker: Worker;
  job?: Job;
  /** CPU time the thread reported for its chunks, s (NaN once one reported none). */
  cpuS: number;
  /** An uncaught error the thread reported before it exited. */
  error?: Error;
}

/** Where the worker threads come from; tests swap in a thread that misbehaves. */
export interface WorkerPoolOptions {
  readonly workerUrl?: URL;
  readonly workerData?: unknown;
}

/** A pool of worker threads that can say how much CPU time each spent on chunks. */
export interface WorkerPoolRunner extends ChunkRunner {
  /**
   * CPU time each thread spent running chunks, s, in the order the threads started (threads lost and replaced
   * included); NaN for a thread whose OS does not report it (`threadCpuS`).
   */
  threadCpuS(): readonly number[];
}

const BOOTSTRAP = new URL('../../sim/grasp-trial/worker-bootstrap.mjs', import.meta.url);

/**
 * A pool of `count` worker threads; each takes one chunk at a time. Which worker runs a chunk never changes its
 * results: every chunk starts from the same snapshot. A thread that dies (an uncaught error, `process.exit`, an
 * out-of-memory kill of the thread) is replaced and its chunk run once more; a chunk that loses a second thread
 * fails the run with the chunk named, instead of waiting forever for an answer.
 */
export function workerPoolRunner(count: number, options: WorkerPoolOptions = {}): WorkerPoolRunner {
  const queue: Job[] = [];
  const pool = new Set<PoolWorker>();
  const started: PoolWorker[] = [];
  let nextId = 0;
  let closing = false;
  // Threads that die before taking any chunk (a broken start-up) must not respawn forever.
  let idleDeaths = 0;

  const pump = (): void => {
    for (const entry of pool) {
      if (entry.job !== undefined) continue;
      const job = queue.shift();
      if (job === undefined) return;
      entry.job = job;
      entry.worker.postMessage({ id: job.id, chunk: job.chunk, templateKey: job.templateKey });
    }
  };

  const lost = (entry: PoolWorker, exitCode: number): void => {
    pool.delete(entry);
    if (closing) return;
    const how = entry.error !== undefined ? `failed (${entry.error.message})` : `exited with code ${exitCode}`;
    const job = entry.job;
    if (job === undefined) {
      idleDeaths++;
      if (idleDeaths > count) {
        for (const waiting of queue.splice(0)) {
          waiting.reject(new Error(`grasp-trial worker threads keep dying before taking a chunk: the last ${how}`));
        }
        return;
      }
    } else if (++job.losses >= 2) {
      job.reject(
        new Error(
          `grasp-trial worker ${how} while running ${job.label}, again after a restart; giving up ` +
            '(finished chunks are kept: run the same command to resume)',
        ),
      );
    } else {
      queue.unshift(job);
    }
    spawn();
    pump();
  };

  const spawn = (): void => {
    const worker = new Worker(options.workerUrl ?? BOOTSTRAP, { workerData: options.workerData });
    const entry: PoolWorker = { worker, cpuS: 0 };
    started.push(entry);
    worker.on(
      'message',
      (msg: { id?: number; results?: TrialResult[]; error?: string; ready?: boolean; cpuS?: number }) => {
        if (msg.ready === true || msg.id === undefined) return;
        if (msg.error === undefined) entry.cpuS += msg.cpuS ?? NaN;
        const job = entry.job;
        entry.job = undefined;
        if (job === undefined || job.id !== msg.id) return;
        if (msg.error !== undefined) job.reject(new Error(`grasp-trial worker (${job.label}): ${msg.error}`));
        else job.resolve(msg.results ?? []);
        pump();
      },
    );
    worker.on('error', (error) => {
      entry.error = error;
    });
    worker.on('exit', (code) => lost(entry, code));
    pool.add(entry);
  };

  for (let i = 0; i < count; i++) spawn();
  return {
    workers: count,
    threadCpuS: () => started.map((e) => e.cpuS),
    run(chunk, templateKey, label = `chunk ${templateKey}`) {
      return new Promise<TrialResult[]>((resolve, reject) => {
        queue.push({ id: nextId++, chunk, templateKey, label, losses: 0, resolve, reject });
        pump();
      });
    },
    async close() {
      closing = true;
      const entries = [...pool];
      await Promise.all(entries.map((e) => e.worker.terminate()));
      const closed = new Error('grasp-trial worker pool closed');
      for (const job of [...queue.splice(0), ...entries.flatMap((e) => (e.job ? [e.job] : []))]) job.reject(closed);
    },
  };
}

/** `workers` = 0 runs in this thread; otherwise a pool of that many threads. */
export function chunkRunner(workers: number): ChunkRunner {
  return workers <= 0 ? inThreadRunner() : workerPoolRunner(workers);
}
