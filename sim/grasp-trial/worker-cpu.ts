import { readFileSync } from 'node:fs';

/**
 * CPU time of the calling thread, s, or undefined where the OS does not say. Node 20 has no per-thread CPU clock
 * (`process.cpuUsage` counts every thread of the process), so Linux's own accounting of this thread is read: its
 * time on a CPU in ns (`/proc/thread-self/schedstat`), else its user and system ticks (`stat`, 100 per second).
 * A pool's workers report it per chunk, so their trials per CPU-second show whether two workers each keep one
 * worker's pace, which the wall clock of a loaded machine cannot.
 */
export function threadCpuS(): number | undefined {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    if (Number.isFinite(ns) && ns > 0) return ns / 1e9;
  } catch {
    // Not Linux, or no scheduler statistics: try the tick counts.
  }
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(')')[1]!.trim().split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}
