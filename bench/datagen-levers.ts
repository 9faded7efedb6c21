// What the candidate speed levers of a grasp trial buy, and what they cost in labels, measured in one process on
// the same trials: the solver's substeps and inner iterations against `SOLVER`'s 8 × 1, trials per world, and the
// early stop of decided trials. Speeds are per CPU-second of this process, so the machine's other load counts
// against no variant. Two trial sets: the peers' common trial (bench/datagen-peers.ts, 516 steps) and random
// grasps on a box and a can with μ, mass and force drawn wider than datagen's defaults (240 steps), so that every
// failure mode turns up and a lever that moved the edge of holding would show.
// BENCH_LEVERS_PEERS (default 96) and BENCH_LEVERS_GRASPS (default 256 per object) set the sizes,
// BENCH_LEVERS_SOLVER the variants as substeps×inner iterations, optionally @ a contact prediction distance
// (8x1@1mm; default 8x1,6x1,4x2,4x1,2x4; the first is the reference), BENCH_LEVERS_EARLY_STOP the trials of the
// early-stop check (default 2048 per object; 0 skips it).
import { loadavg } from 'node:os';
import { DEFAULT_ANTIPODAL, sampleAntipodalGrasps } from '../apps/datagen/antipodal-sampler.ts';
import { primitiveTriangles } from '../apps/datagen/primitive-mesh.ts';
import { drawTrial, RandomizationSchema } from '../apps/datagen/randomization.ts';
import { surfaceMesh } from '../apps/datagen/surface-mesh.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import { TRIAL_PROTOCOL } from '../sim/grasp-trial/protocol.ts';
import { runTrialChunk, type ChunkRunOptions } from '../sim/grasp-trial/run-chunk.ts';
import { totalSteps, trialSchedule } from '../sim/grasp-trial/schedule.ts';
import { TRIAL_FINGER_JOINTS, type TrialSolverVariant } from '../sim/grasp-trial/trial-world.ts';
import type {
  EffectorModel,
  TrialObject,
  TrialResult,
  TrialScheduleName,
  TrialSpec,
} from '../sim/grasp-trial/types.ts';
import { loadRapier, type Rapier } from '../sim/rapier.ts';
import { SOLVER } from '../sim/solver-config.ts';
import { seededRandom } from '../src/math/random.ts';
import type { ObjectShape } from '../src/world/world-model.ts';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from './datagen-peers.ts';
import { parseSolverVariants, solverVariantName } from './solver-variants.ts';

/** One set of trials of one object, run as datagen runs them. */
export interface TrialSet {
  readonly name: string;
  readonly object: TrialObject;
  readonly effector: EffectorModel;
  readonly specs: readonly TrialSpec[];
  readonly schedule: TrialScheduleName;
}

/** μ 0.05–1, 0.15–1.2 kg, 2–25 N: wider than datagen's defaults, so slips, palm contacts and misses all occur. */
export const WIDE = RandomizationSchema.parse({ massFactor: [0.5, 4], frictionFactor: [0.1, 2], gripForceN: [2, 25] });

function graspSet(name: string, primitive: ObjectShape, object: TrialObject, n: number, seed: number): TrialSet {
  const mesh = surfaceMesh(primitiveTriangles(primitive));
  const candidates = sampleAntipodalGrasps(mesh, EMBODY_JAW_80MM, n, seededRandom(seed), DEFAULT_ANTIPODAL);
  const rng = seededRandom(seed + 1);
  const specs = candidates.map((c) => ({
    gripperInObject: [...c.gripperInObject.elements],
    ...drawTrial(WIDE, 'parallel', object.massKg, 0.5, rng),
  }));
  return { name, object, effector: EMBODY_JAW_80MM, specs, schedule: 'fast' };
}

/** Random grasps of a box and a can, `n` each, with μ, mass and force drawn wide (seeds 21 and 31). */
export function graspSets(n: number): TrialSet[] {
  return [
    graspSet(
      'box 60×40×90 mm',
      { kind: 'box', sizeM: [0.06, 0.04, 0.09] },
      { shape: { kind: 'box', halfExtentsM: [0.03, 0.02, 0.045] }, massKg: 0.3 },
      n,
      21,
    ),
    graspSet(
      'can Ø66×115 mm',
      { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
      { shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 }, massKg: 0.35 },
      n,
      31,
    ),
  ];
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs a set in chunks of `perChunk` (each chunk's trials from a block's start when `aligned`): results, CPU s. */
function runSet(
  rapier: Rapier,
  set: TrialSet,
  options: Omit<ChunkRunOptions, 'reuse'>,
  perChunk = TRIAL_PROTOCOL.trialsPerWorld,
): { results: TrialResult[]; cpuS: number } {
  const templates = new Map();
  const results: TrialResult[] = [];
  const c0 = cpuSeconds();
  for (let i = 0; i < set.specs.length; i += perChunk) {
    const chunk = {
      object: set.object,
      effector: set.effector,
      trials: set.specs.slice(i, i + perChunk),
      schedule: set.schedule,
      firstTrialIndex: i,
      fingerJoints: TRIAL_FINGER_JOINTS,
    };
    results.push(...runTrialChunk(rapier, chunk, { ...options, reuse: true, templates, templateKey: set.name }));
  }
  return { results, cpuS: cpuSeconds() - c0 };
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function modes(results: readonly TrialResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.failure, (counts.get(r.failure) ?? 0) + 1);
  return [...counts]
    .sort()
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
}

/** How `results` differ from `reference`: labels, and sink and slip of trials both hold, mm. */
function difference(results: readonly TrialResult[], reference: readonly TrialResult[]): string {
  const same = results.filter((r, i) => r.failure === reference[i]!.failure).length;
  const held = results.map((r, i) => [r, reference[i]!] as const).filter(([r, q]) => r.success && q.success);
  // A pad's sink changes by half the change of the closed width (both pads sink alike).
  const sink = held.map(([r, q]) => 500 * Math.abs(r.closedWidthM - q.closedWidthM));
  const slip = held.map(([r, q]) => 1000 * Math.abs(r.slipM - q.slipM));
  const mm = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(3)}, p90 ${quantile(xs, 0.9).toFixed(3)} mm`;
  return `labels as the reference ${same}/${results.length}; of ${held.length} held in both, |Δ pad sink| ${mm(sink)}, |Δ slip| ${mm(slip)}`;
}

function stepUs(cpuS: number, set: TrialSet): string {
  return `${((1e6 * cpuS) / set.specs.length / totalSteps(trialSchedule(set.schedule))).toFixed(2)} µs/trial-step`;
}

/** The solver variants on every set, the first the reference. */
function solverVariants(rapier: Rapier, sets: readonly TrialSet[], variants: readonly TrialSolverVariant[]): void {
  console.log(
    `solver variants (substeps × inner iterations; SOLVER is ${SOLVER.solverIterations} × 1), reference the first:`,
  );
  const reference = new Map<string, TrialResult[]>();
  for (const v of variants) {
    const name = solverVariantName(v);
    for (const set of sets) {
      const { results, cpuS } = runSet(rapier, set, { solverVariant: v });
      if (!reference.has(set.name)) reference.set(set.name, results);
      const rate = (set.specs.length / cpuS).toFixed(1);
      console.log(`  ${name} ${set.name}: ${rate} trials/s per core, ${stepUs(cpuS, set)}; ${modes(results)}`);
      console.log(`      ${difference(results, reference.get(set.name)!)}`);
    }
  }
}

/** Trials per world: chunks of n trials from the start of their block, so a world holds n trials (of 16 slots). */
function perWorld(rapier: Rapier, set: TrialSet): void {
  console.log(`trials per world (${set.name}; a world is restored with all 16 slots, the unused taken out):`);
  for (const n of [1, 2, 4, 8, 16]) {
    const templates = new Map();
    let trials = 0;
    const c0 = cpuSeconds();
    // Trials 16c … 16c + n − 1 of every block c, so each world runs n of them.
    for (let c = 0; c * 16 < set.specs.length; c++) {
      const chunk = {
        object: set.object,
        effector: set.effector,
        trials: set.specs.slice(c * 16, c * 16 + n),
        schedule: set.schedule,
        firstTrialIndex: c * 16,
        fingerJoints: TRIAL_FINGER_JOINTS,
      };
      trials += runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: set.name }).length;
    }
    const cpuS = cpuSeconds() - c0;
    const steps = totalSteps(trialSchedule(set.schedule));
    console.log(
      `  ${String(n).padStart(2)} per world: ${(trials / cpuS).toFixed(1)} trials/s per core, ${((1e6 * cpuS) / trials / steps).toFixed(2)} µs/trial-step`,
    );
  }
}

/** Early stops against the full protocol, on `n` trials per object: identical labels, and the time each takes. */
function earlyStop(rapier: Rapier, sets: readonly TrialSet[]): void {
  console.log('early stop of decided trials against the full protocol:');
  for (const set of sets) {
    const early = runSet(rapier, set, { earlyStop: true });
    const full = runSet(rapier, set, { earlyStop: false });
    const identical = early.results.filter((r, i) => JSON.stringify(r) === JSON.stringify(full.results[i])).length;
    console.log(
      `  ${set.name}: results identical ${identical}/${set.specs.length} (${modes(early.results)}); ${stepUs(early.cpuS, set)} early, ${stepUs(full.cpuS, set)} full (×${(full.cpuS / early.cpuS).toFixed(2)})`,
    );
  }
}

export async function runDatagenLeversBench(): Promise<void> {
  const peersN = Number(process.env.BENCH_LEVERS_PEERS ?? 96);
  const graspsN = Number(process.env.BENCH_LEVERS_GRASPS ?? 256);
  const earlyN = Number(process.env.BENCH_LEVERS_EARLY_STOP ?? 2048);
  const variants = parseSolverVariants(process.env.BENCH_LEVERS_SOLVER ?? '8x1,6x1,4x2,4x1,2x4', 'BENCH_LEVERS_SOLVER');
  const rapier = await loadRapier();
  console.log(
    `speed levers of a grasp trial (${TRIAL_FINGER_JOINTS} finger joints, deterministic build; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  const peers: TrialSet = {
    name: "peers' trial",
    object: PEERS_CUBE,
    effector: PEERS_JAW,
    specs: peersTrials(peersN),
    schedule: 'long',
  };
  // Warm-up: V8 tiers the WASM up over the first seconds of stepping.
  for (const c0 = cpuSeconds(); cpuSeconds() - c0 < 4;)
    runSet(rapier, { ...peers, specs: peers.specs.slice(0, 32) }, {});
  solverVariants(rapier, [peers, ...graspSets(graspsN)], variants);
  perWorld(rapier, peers);
  if (earlyN > 0) earlyStop(rapier, graspSets(earlyN));
  console.log(`(load average at the end ${loadavg()[0]!.toFixed(1)})`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runDatagenLeversBench();
