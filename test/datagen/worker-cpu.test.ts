import { describe, expect, it } from 'vitest';
import { workerPoolRunner } from '../../apps/datagen/chunk-runner.ts';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from '../../bench/datagen-peers.ts';
import { threadCpuS } from '../../sim/grasp-trial/worker-cpu.ts';
import type { TrialChunk } from '../../sim/grasp-trial/types.ts';

// Each worker thread reports the CPU time it spent on its chunks (Linux's accounting of the thread), so a bench
// can give trials per worker CPU-second on a loaded machine, where the wall clock cannot show scaling.

function cpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

describe('CPU time of worker threads', () => {
  it("counts this thread's own work, not the process's", () => {
    const thread0 = threadCpuS()!;
    const process0 = cpuS();
    let x = 0;
    for (const end = process0 + 0.2; cpuS() < end;) for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
    const thread = threadCpuS()! - thread0;
    expect(x).toBeGreaterThan(0);
    expect(thread).toBeGreaterThan(0.1);
    expect(thread).toBeLessThanOrEqual(cpuS() - process0 + 0.02);
  });

  it('sums what each worker spent on its chunks, only while it ran them', async () => {
    const chunk = (first: number): TrialChunk => ({
      object: PEERS_CUBE,
      effector: PEERS_JAW,
      trials: peersTrials(first + 4).slice(first),
      schedule: 'fast',
      firstTrialIndex: first,
    });
    const runner = workerPoolRunner(2);
    try {
      expect(runner.threadCpuS()).toEqual([0, 0]);
      const process0 = cpuS();
      const results = await Promise.all([runner.run(chunk(0), 'peers'), runner.run(chunk(16), 'peers')]);
      expect(results.flat()).toHaveLength(8);
      const spent = runner.threadCpuS();
      expect(spent).toHaveLength(2);
      for (const s of spent) expect(s).toBeGreaterThan(0.01);
      // The threads' start-up (loading tsx and Rapier) is not a chunk's: both together stay under the process's.
      expect(spent[0]! + spent[1]!).toBeLessThan(cpuS() - process0);
    } finally {
      await runner.close();
    }
  }, 120_000);
});
