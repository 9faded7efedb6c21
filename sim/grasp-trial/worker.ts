import { parentPort } from 'node:worker_threads';
import { loadRapier } from '../rapier.ts';
import { runTrialChunk } from './run-chunk.ts';
import { threadCpuS } from './worker-cpu.ts';
import type { TrialTemplate } from './trial-world.ts';
import type { TrialChunk } from './types.ts';

// worker_threads entry (started through worker-bootstrap.mjs, which registers tsx). One chunk at a time; the
// templates stay cached for the worker's lifetime, keyed by object, so an object's chunks restore one snapshot.

/** A request from the pool. */
export interface WorkerRequest {
  readonly id: number;
  readonly chunk: TrialChunk;
  readonly templateKey: string;
}

if (parentPort === null) throw new Error('grasp-trial worker: start me with new Worker(...)');
const port = parentPort;
const templates = new Map<string, TrialTemplate>();
port.on('message', (request: WorkerRequest) => void handle(request));

async function handle(request: WorkerRequest): Promise<void> {
  try {
    // Keep memory flat: a worker moves from object to object, old templates are not needed again.
    if (!templates.has(`${request.templateKey}|${request.chunk.effector.name}|${request.chunk.trials.length}`)) {
      for (const key of [...templates.keys()]) if (!key.startsWith(`${request.templateKey}|`)) templates.delete(key);
    }
    const rapier = await loadRapier(request.chunk.engine);
    const cpu0 = threadCpuS();
    const results = runTrialChunk(rapier, request.chunk, {
      reuse: true,
      templates,
      templateKey: `${request.chunk.engine ?? 'deterministic'}/${request.templateKey}`,
    });
    const cpu1 = threadCpuS();
    // This thread's CPU time on the chunk, s (undefined where the OS does not say).
    const cpuS = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
    port.postMessage({ id: request.id, results, cpuS });
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}
port.postMessage({ ready: true });
