// Grasp-trial throughput: the naive way (a fresh world per trial, the peers' 516-step protocol) against datagen's
// (16 trials per world restored from a snapshot, the 240-step protocol), per core, in the same run; then the
// scaling of the worker pool from 1 to 2 threads. Per-core figures use this thread's CPU time, so other load on
// the machine does not count against them; the pool figures are wall-clock.
import { loadavg } from 'node:os';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import type { TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import { type TrialChunk, type TrialResult, type TrialScheduleName, type TrialSpec } from '../sim/grasp-trial/types.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import { loadRapier, type Rapier } from '../sim/rapier.ts';
import { workerPoolRunner } from '../apps/datagen/chunk-runner.ts';
import { primitiveObject } from '../apps/datagen/object-source.ts';
import { planObject, type ObjectPlan } from '../apps/datagen/object-plan.ts';
import { RandomizationSchema } from '../apps/datagen/randomization.ts';

interface Mode {
  readonly name: string;
  readonly perWorld: number;
  readonly reuse: boolean;
  readonly schedule: TrialScheduleName;
}

const MODES: readonly Mode[] = [
  { name: 'naive: fresh world per trial, 516-step protocol', perWorld: 1, reuse: false, schedule: 'long' },
  { name: 'fresh world per trial, 240-step protocol', perWorld: 1, reuse: false, schedule: 'fast' },
  { name: 'datagen: 16 per world from a snapshot, 240 steps', perWorld: 16, reuse: true, schedule: 'fast' },
];

function benchPlan(trials: number): ObjectPlan {
  // The peers' object: a 70 mm cube of 0.2 kg, μ = 1, upright; grasps from the antipodal sampler.
  const cube = primitiveObject('bench-cube', { kind: 'box', sizeM: [0.07, 0.07, 0.07] }, 0.2, 1);
  const randomization = RandomizationSchema.parse({
    scale: [1, 1],
    massFactor: [1, 1],
    frictionFactor: [1, 1],
    pose: 'upright',
  });
  return planObject(cube, 0, {
    effector: EMBODY_JAW_80MM,
    graspsPerObject: trials,
    seed: 12345,
    chunkSize: 16,
    schedule: 'fast',
    randomization,
  });
}

function chunksOf(plan: ObjectPlan, perWorld: number, schedule: TrialScheduleName, trials: number): TrialChunk[] {
  const specs: TrialSpec[] = plan.trials.slice(0, trials).map((t) => t.spec);
  const out: TrialChunk[] = [];
  for (let i = 0; i < specs.length; i += perWorld) {
    out.push({
      object: plan.trialObject,
      effector: EMBODY_JAW_80MM,
      trials: specs.slice(i, i + perWorld),
      schedule,
      firstTrialIndex: i,
    });
  }
  return out;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function runMode(
  rapier: Rapier,
  plan: ObjectPlan,
  mode: Mode,
  trials: number,
): { perCpuS: number; wallS: number; results: TrialResult[] } {
  const templates = new Map<string, TrialTemplate>();
  const chunks = chunksOf(plan, mode.perWorld, mode.schedule, trials);
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  const results = chunks.flatMap((c) =>
    runTrialChunk(rapier, c, { reuse: mode.reuse, templates, templateKey: 'bench' }),
  );
  return { perCpuS: results.length / (cpuSeconds() - cpu0), wallS: (performance.now() - wall0) / 1000, results };
}

async function poolRate(plan: ObjectPlan, workers: number, trials: number): Promise<number> {
  const runner = workerPoolRunner(workers);
  try {
    const chunks = chunksOf(plan, 16, 'fast', trials);
    // Warm each worker (tsx, Rapier, and V8 tiering the WASM up, which takes a second or two of work) before timing.
    await Promise.all(Array.from({ length: workers * 12 }, (_, i) => runner.run(chunks[i % chunks.length]!, 'bench')));
    const t0 = performance.now();
    const results = await Promise.all(chunks.map((c) => runner.run(c, 'bench')));
    return results.flat().length / ((performance.now() - t0) / 1000);
  } finally {
    await runner.close();
  }
}

/** `npm run bench` section: prints trials/s per core for each mode and the 1 → 2 worker scaling. */
export async function runDatagenBench(): Promise<void> {
  const rapier = await loadRapier();
  const plan = benchPlan(512);
  console.log('datagen grasp trials (parallel jaw, 70 mm cube, honest contact: friction + force-limited motors)');
  // Warm-up, not reported: V8 tiers the Rapier WASM up on a background thread during the first second or two.
  for (const mode of MODES) runMode(rapier, plan, mode, 32);
  const rows = MODES.map((mode) => ({
    mode,
    ...runMode(rapier, plan, mode, mode.perWorld === 1 && mode.schedule === 'long' ? 64 : 128),
  }));
  const naive = rows[0]!.perCpuS;
  for (const r of rows) {
    const ok = r.results.filter((x) => x.success).length;
    console.log(
      `  ${r.mode.name.padEnd(52)} ${r.perCpuS.toFixed(1).padStart(7)} trials/s per core  ×${(r.perCpuS / naive).toFixed(2)}  success ${ok}/${r.results.length}`,
    );
  }
  const fast = rows[2]!.results;
  const slow = rows[0]!.results;
  const agree = slow.filter((r, i) => r.success === fast[i]!.success).length;
  console.log(
    `  label agreement, 516-step vs 240-step protocol on the same ${slow.length} grasps: ${agree}/${slow.length}`,
  );
  const one = await poolRate(plan, 1, 512);
  const two = await poolRate(plan, 2, 512);
  console.log(
    `  worker pool, wall clock: 1 worker ${one.toFixed(1)} trials/s, 2 workers ${two.toFixed(1)} trials/s (×${(two / one).toFixed(2)}); load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runDatagenBench();
