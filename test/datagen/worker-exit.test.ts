import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerPoolRunner } from '../../apps/datagen/chunk-runner.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import type { TrialChunk } from '../../sim/grasp-trial/types.ts';

// Real worker threads that exit in the middle of a chunk without an 'error' event (as a thread killed for memory
// does): the pool restarts the thread once for that chunk, and fails naming the chunk when it dies again.

const WORKER = new URL('../fixtures/datagen/exiting-worker.mjs', import.meta.url);
const CHUNK = { effector: EMBODY_JAW_80MM, trials: [{}, {}, {}], schedule: 'fast' } as unknown as TrialChunk;

describe('grasp worker threads that exit', () => {
  it('restarts a thread that exited once and finishes its chunk', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'embody-worker-exit-')), 'died');
    const runner = workerPoolRunner(1, { workerUrl: WORKER, workerData: { once: true, marker } });
    try {
      const results = await runner.run(CHUNK, '0', 'tea-box chunk 2');
      expect(existsSync(marker)).toBe(true);
      expect(results).toHaveLength(3);
    } finally {
      await runner.close();
    }
  });

  it('fails naming the chunk when the restarted thread exits too, instead of waiting forever', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'embody-worker-exit-')), 'died');
    const runner = workerPoolRunner(2, { workerUrl: WORKER, workerData: { once: false, marker } });
    try {
      await expect(runner.run(CHUNK, '0', 'tea-box chunk 2')).rejects.toThrow(
        'grasp-trial worker exited with code 3 while running tea-box chunk 2, again after a restart; giving up',
      );
    } finally {
      await runner.close();
    }
  });
});
