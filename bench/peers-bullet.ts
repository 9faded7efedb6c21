// Native Bullet on the peers' common grasp trial, as the baseline of the datagen bench. The peers' folder is not
// part of this repository: `BENCH_PEERS_DIR` names a copy of it (its README says how it is laid out). The binary
// is built with g++ -O2 against Debian's libbullet-dev and timed by its CPU time, as embody's trials are, so load
// from other processes on the machine counts against neither.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bullet's figures from one run of the peers' binary. */
export interface BulletPeerRun {
  /** Trials per CPU-second, over all trials the binary ran (warm-up, fresh and reuse passes). */
  readonly trialsPerCpuS: number;
  /** The binary's own wall-clock figures (steady under no load only). */
  readonly wallFreshPerS: number;
  readonly wallReusePerS: number;
  readonly stepUs: number;
  readonly success: string;
}

/** Warm-up trials the binary runs before timing (5 fresh, 5 reused). */
const WARMUP_TRIALS = 10;

/** Builds and runs the Bullet peer with `trials` trials per pass; a sentence saying why not when it cannot. */
export function runBulletPeer(peersDir: string | undefined, trials: number): BulletPeerRun | string {
  if (peersDir === undefined) return 'skipped: set BENCH_PEERS_DIR to a copy of the peers folder';
  const source = join(peersDir, 'bullet', 'grasp_trial.cpp');
  if (!existsSync(source)) return `skipped: ${source} not found`;
  let flags: string[];
  try {
    flags = execFileSync('pkg-config', ['--cflags', '--libs', 'bullet'], { encoding: 'utf8' }).trim().split(/\s+/);
  } catch {
    return 'skipped: libbullet-dev is not installed (pkg-config bullet failed)';
  }
  const binary = join(peersDir, 'bullet', 'grasp_trial');
  // Built once per source (a bench runs it in every round).
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs)
    execFileSync('g++', ['-O2', '-std=c++17', '-o', binary, source, ...flags]);
  // /usr/bin/time prints the child's CPU seconds on stderr after its own output.
  const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', binary], {
    encoding: 'utf8',
    env: { ...process.env, N: String(trials) },
  });
  const line = /BULLET trials\/s\/core=([\d.]+) \(fresh\) ([\d.]+) \(reuse\) step_us=([\d.]+) success=(\S+)/.exec(
    run.stdout,
  );
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(run.stderr);
  if (line === null || cpu === null) return `failed: ${run.stderr.trim() || run.stdout.trim()}`;
  return {
    trialsPerCpuS: (2 * trials + WARMUP_TRIALS) / (Number(cpu[1]) + Number(cpu[2])),
    wallFreshPerS: Number(line[1]),
    wallReusePerS: Number(line[2]),
    stepUs: Number(line[3]),
    success: line[4]!,
  };
}
