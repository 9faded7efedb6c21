import { readFileSync, readdirSync } from 'node:fs';

// CPU time Chromium's processes have used, read from Linux's /proc. Software GL renders in the GPU process, so the
// page's own timers miss most of a frame's cost; CPU ms per frame, summed per process type, is also what a busy
// machine changes least (a frame costs the same CPU whether it waited for a core or not).

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

interface ProcessCpu {
  readonly pid: number;
  readonly parent: number;
  readonly command: string;
  readonly cpuMs: number;
}

function processes(): ProcessCpu[] {
  const out: ProcessCpu[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      out.push({ pid: Number(entry), parent: Number(fields[1]), command, cpuMs: (ticks * 1000) / TICKS_PER_S });
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

/**
 * CPU ms used so far by the Chromium started with `profileDir`, and all its descendants, by process type
 * (`browser`, `renderer`, `gpu-process`, `utility`, `zygote`). Empty where /proc is missing.
 */
export function chromiumCpuMs(profileDir: string): Record<string, number> {
  let all: ProcessCpu[];
  try {
    all = processes();
  } catch {
    return {};
  }
  const root = all.find((p) => p.command.includes(profileDir) && !p.command.includes('--type='));
  if (root === undefined) return {};
  const tree = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.parent)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  const byType: Record<string, number> = {};
  for (const p of all) {
    if (!tree.has(p.pid)) continue;
    const type = /--type=([\w-]+)/.exec(p.command)?.[1] ?? 'browser';
    byType[type] = (byType[type] ?? 0) + p.cpuMs;
  }
  return byType;
}

/** CPU ms per frame by process type between two readings. */
export function cpuPerFrame(
  before: Record<string, number>,
  after: Record<string, number>,
  frames: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, ms] of Object.entries(after)) out[type] = frames > 0 ? (ms - (before[type] ?? 0)) / frames : 0;
  return out;
}
