// The peers' common grasp trial (shared/peers/README.md) as embody trial specs: a 70 mm cube of 0.2 kg at μ 1,
// 20 × 80 × 40 mm pads of 50 g opening 100 mm, 20 N per finger, the cube offset by ±1 cm and yawed by ±15° from
// mulberry32(seed), the gripper straight down with its pads' centre at the cube's centre. Run on the `long`
// schedule (close 0.4 s, lift 10 cm over 1 s, hold 0.25 s, one 2 Hz 2 cm shake across the grasp axis: 516 steps)
// and on embody's own `fast` one (240 steps).
import { loadavg } from 'node:os';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { workerPoolRunner } from '../apps/datagen/chunk-runner.ts';
import { TRIAL_PROTOCOL } from '../sim/grasp-trial/protocol.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import { totalSteps, trialSchedule } from '../sim/grasp-trial/schedule.ts';
import type { TrialSolverVariant, TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import type {
  ParallelJawModel,
  TrialChunk,
  TrialObject,
  TrialResult,
  TrialScheduleName,
  TrialSpec,
} from '../sim/grasp-trial/types.ts';
import { JAW_JOINTS, type JawJoints } from '../sim/effectors/jaw-joints.ts';
import { TRIAL_FINGER_JOINTS } from '../sim/grasp-trial/trial-world.ts';
import { loadRapier, type Rapier, type RapierEngine, type World } from '../sim/rapier.ts';
import { PREDICTION_DISTANCE_M } from '../sim/contact-prediction.ts';
import { runBulletPeer, type BulletPeerRun } from './peers-bullet.ts';
import { parseSolverVariants, solverVariantName } from './solver-variants.ts';

/**
 * How far our palm sits above the peers' cube, m: twice the contact prediction distance, so that the pair makes no
 * contacts at all. The peers' palm has no collider; at 2 mm, the prediction distance itself, ours made ~1.8
 * speculative contact points per slot-step, work the Bullet peer does not do: ~10 % of a trial's time (peers'
 * 208 trials, 6 rounds alternated in one process, median 79.7 → 72.1 µs per trial-step, deterministic), while no
 * label changed (2048/2048 peers' trials; slips moved by at most 0.1 mm).
 */
export const PEERS_PALM_CLEARANCE_M = 2 * PREDICTION_DISTANCE_M;

/** The peers' pads and stroke; their palm has no collider, so ours sits clear above the cube. */
export const PEERS_JAW: ParallelJawModel = {
  kind: 'parallel',
  name: 'peers-common-trial',
  maxOpeningM: 0.1,
  tcpZM: 0.1,
  padHalfM: [0.01, 0.04, 0.02],
  padCentreZM: 0.1,
  fingerMassKg: 0.05,
  palmHalfM: [0.07, 0.04, 0.01],
  palmCentreZM: 0.1 - 0.035 - 0.01 - PEERS_PALM_CLEARANCE_M,
};

/** The peers' cube. */
export const PEERS_CUBE: TrialObject = { shape: { kind: 'box', halfExtentsM: [0.035, 0.035, 0.035] }, massKg: 0.2 };

/** The peers' random stream (mulberry32), so trial i is the same trial as in every peer engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first `n` peer trials of `seed` (12345 in the peers' runs). */
export function peersTrials(n: number, seed = 12345): TrialSpec[] {
  const rnd = mulberry32(seed);
  // Gripper straight down (+z of the gripper is world −z), closing along world x.
  const down = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI);
  return Array.from({ length: n }, () => {
    const dx = 0.01 * (2 * rnd() - 1);
    const dy = 0.01 * (2 * rnd() - 1);
    const yaw = ((15 * Math.PI) / 180) * (2 * rnd() - 1);
    const objectRotation = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yaw);
    const objectInWorld = new Matrix4().compose(new Vector3(dx, dy, 0), objectRotation, new Vector3(1, 1, 1));
    const tcp = new Vector3(0, 0, 0);
    const origin = tcp.clone().sub(new Vector3(0, 0, PEERS_JAW.tcpZM).applyQuaternion(down));
    const gripperInWorld = new Matrix4().compose(origin, down, new Vector3(1, 1, 1));
    const gripperInObject = objectInWorld.clone().invert().multiply(gripperInWorld);
    return {
      gripperInObject: [...gripperInObject.elements],
      objectRotationInWorld: [objectRotation.x, objectRotation.y, objectRotation.z, objectRotation.w],
      massKg: 0.2,
      friction: 1,
      effort: 20,
    };
  });
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The trials as datagen runs them (16 per world from a snapshot) in this thread: trials per CPU-second. */
function embodyRate(
  rapier: Rapier,
  specs: readonly TrialSpec[],
  schedule: TrialScheduleName,
  fingerJoints: JawJoints = 'linkage',
  solverVariant?: TrialSolverVariant,
): { rate: number; results: TrialResult[] } {
  const templates = new Map<string, TrialTemplate>();
  const cpu0 = cpuSeconds();
  const variant = solverVariant === undefined ? {} : { solverVariant };
  const results = peersChunks(specs, schedule, undefined, fingerJoints).flatMap((chunk) =>
    runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'peers', ...variant }),
  );
  return { rate: results.length / (cpuSeconds() - cpu0), results };
}

/** `specs` as datagen chunks them, `TRIAL_PROTOCOL.trialsPerWorld` trials per world, on `schedule`. */
export function peersChunks(
  specs: readonly TrialSpec[],
  schedule: TrialScheduleName,
  engine?: RapierEngine,
  fingerJoints?: JawJoints,
): TrialChunk[] {
  const perWorld = TRIAL_PROTOCOL.trialsPerWorld;
  return Array.from({ length: Math.ceil(specs.length / perWorld) }, (_, c) => ({
    object: PEERS_CUBE,
    effector: PEERS_JAW,
    trials: specs.slice(c * perWorld, (c + 1) * perWorld),
    schedule,
    firstTrialIndex: c * perWorld,
    ...(engine === undefined ? {} : { engine }),
    ...(fingerJoints === undefined ? {} : { fingerJoints }),
  }));
}

/**
 * Trials/s of a pool of `workers` threads on the 516-step protocol after warming every worker up: wall clock, per
 * CPU-second of the whole process (all threads), and per CPU-second of the worker threads alone (each reports its
 * own, `threadCpuS`), none of which the machine's other load changes: a pool whose trials per worker CPU-second
 * match one worker's scales by its worker count on as many free cores.
 */
async function poolRate(
  specs: readonly TrialSpec[],
  workers: number,
  engine: RapierEngine,
  fingerJoints: JawJoints,
): Promise<{ wall: number; perCpuS: number; perWorkerCpuS: number; workerCpuS: readonly number[] }> {
  const runner = workerPoolRunner(workers);
  try {
    const chunks = peersChunks(specs, 'long', engine, fingerJoints);
    await Promise.all(Array.from({ length: workers * 2 }, (_, i) => runner.run(chunks[i % chunks.length]!, 'peers')));
    const t0 = performance.now();
    const cpu0 = cpuSeconds();
    const threads0 = runner.threadCpuS();
    const n = (await Promise.all(chunks.map((c) => runner.run(c, 'peers')))).flat().length;
    const wall = n / ((performance.now() - t0) / 1000);
    const perCpuS = n / (cpuSeconds() - cpu0);
    const workerCpuS = runner.threadCpuS().map((s, i) => s - (threads0[i] ?? 0));
    return { wall, perCpuS, perWorkerCpuS: n / workerCpuS.reduce((a, b) => a + b, 0), workerCpuS };
  } finally {
    await runner.close();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function agreement(a: readonly TrialResult[], b: readonly TrialResult[]): string {
  return `${a.filter((r, i) => r.failure === b[i]!.failure).length}/${a.length}`;
}

const ENGINES: readonly RapierEngine[] = ['deterministic', 'simd'];
const SCHEDULES: readonly TrialScheduleName[] = ['long', 'fast'];

/** Trial-steps the engine stepped per trial over a run of `specs` (decided trials are taken out early). */
function stepsPerTrial(rapier: Rapier, specs: readonly TrialSpec[], fingerJoints: JawJoints): number {
  const templates = new Map<string, TrialTemplate>();
  let slotSteps = 0;
  // Every running slot of a peers' world is four bodies (cube, palm, two fingers); decided slots are taken out.
  const onStep = (world: World): void => void (slotSteps += world.bodies.len() / 4);
  for (const chunk of peersChunks(specs, 'long', undefined, fingerJoints))
    runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'peers', onStep });
  return slotSteps / specs.length;
}

/**
 * `npm run bench` section: the peers' common trial in native Bullet and in embody (`engines`, on the peers' 516-step
 * protocol and on embody's own 240-step one, with each of `joints`), per core (CPU time), medians of `repeats` runs
 * interleaved in one process, a run of the Bullet binary in each round; the trial-steps each engine stepped; labels
 * agreement between the variants; then the 1 → 2 worker scaling. `BENCH_PEERS_DIR` names a copy of the peers
 * folder; without it Bullet is skipped. `solvers` are the trial solver variants each construction runs with
 * (`SOLVER`'s own when undefined), measured in the same rounds as Bullet.
 */
export async function runPeersBench(
  trials = 208,
  repeats = 3,
  poolTrials = 128,
  poolJoints: readonly JawJoints[] = [TRIAL_FINGER_JOINTS],
  joints: readonly JawJoints[] = JAW_JOINTS,
  engines: readonly RapierEngine[] = ENGINES,
  solvers: readonly (TrialSolverVariant | undefined)[] = [undefined],
): Promise<void> {
  // A variant's runs are keyed and named with its name; SOLVER's keep the plain key.
  const sv = (v: TrialSolverVariant | undefined): string => (v === undefined ? '' : ` ${solverVariantName(v)}`);
  const specs = peersTrials(trials);
  console.log(
    `grasp trials on the peers' common trial (70 mm cube, μ 1, 20 N), per core (CPU time), medians of ${repeats}; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  const row = (name: string, rate: number, steps: number, extra: string) =>
    console.log(
      `  ${name.padEnd(56)} ${rate.toFixed(1).padStart(7)} trials/s per core  ${((1e6 / rate / steps).toFixed(2) + ' µs/trial-step').padStart(20)}  ${extra}`,
    );
  const rapiers = new Map<RapierEngine, Rapier>();
  for (const engine of engines) {
    const rapier = await loadRapier(engine);
    rapiers.set(engine, rapier);
    for (const schedule of SCHEDULES) for (const j of joints) embodyRate(rapier, specs.slice(0, 32), schedule, j); // warm-up: V8 tiers the WASM up
  }
  const rates = new Map<string, number[]>();
  const labels = new Map<string, TrialResult[]>();
  const bulletRuns: (BulletPeerRun | string)[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    // Bullet runs in every round, between embody's runs, so that both meet the same load.
    bulletRuns.push(runBulletPeer(process.env.BENCH_PEERS_DIR, 200));
    for (const engine of engines)
      for (const schedule of SCHEDULES)
        for (const j of joints)
          for (const v of solvers) {
            const key = `${engine}/${schedule}/${j}${sv(v)}`;
            const { rate, results } = embodyRate(rapiers.get(engine)!, specs, schedule, j, v);
            rates.set(key, [...(rates.get(key) ?? []), rate]);
            labels.set(key, results);
          }
  }
  const bulletOk = bulletRuns.filter((b): b is BulletPeerRun => typeof b !== 'string');
  const bulletRate = bulletOk.length > 0 ? median(bulletOk.map((b) => b.trialsPerCpuS)) : undefined;
  const peerSteps = totalSteps(trialSchedule('long'));
  if (bulletRate === undefined)
    console.log(`  Bullet 3.24 native: ${bulletRuns.find((b) => typeof b === 'string') ?? ''}`);
  else
    row(
      'Bullet 3.24 native, 516 steps (peers binary)',
      bulletRate,
      peerSteps,
      `success ${bulletOk[0]!.success} (runs ${bulletOk.map((b) => b.trialsPerCpuS.toFixed(1)).join(', ')})`,
    );
  for (const engine of engines)
    for (const schedule of SCHEDULES)
      for (const j of joints)
        for (const v of solvers) {
          const key = `${engine}/${schedule}/${j}${sv(v)}`;
          const rate = median(rates.get(key)!);
          const results = labels.get(key)!;
          const steps = totalSteps(trialSchedule(schedule));
          const ratio =
            bulletRate === undefined || schedule !== 'long' ? '' : `  ×${(rate / bulletRate).toFixed(2)} Bullet`;
          const ok = results.filter((r) => r.success).length;
          // Labels as the first solver variant's, when several are measured.
          const same =
            v === solvers[0]
              ? ''
              : `, labels as ${sv(solvers[0]).trim() || 'SOLVER'}'s ${agreement(results, labels.get(`${engine}/${schedule}/${j}${sv(solvers[0])}`)!)}`;
          row(
            `embody, Rapier ${engine}, ${steps} steps, ${j}${sv(v)}`,
            rate,
            steps,
            `success ${ok}/${results.length}${ratio}${same}`,
          );
        }
  // The work done: Bullet steps all its trials to the end; embody takes a trial out once decided, and steps none
  // it refuses at the approach check (the cube's corner inside a pad's footprint).
  const stepped = stepsPerTrial(rapiers.get(engines[0]!)!, specs, TRIAL_FINGER_JOINTS);
  const refused = labels
    .get(`${engines[0]!}/long/${joints[0]!}${sv(solvers[0])}`)!
    .filter((r) => r.failure === 'collision_at_approach').length;
  console.log(
    `  trial-steps stepped per trial (516-step protocol): Bullet ${peerSteps}; embody ${stepped.toFixed(1)} (${TRIAL_FINGER_JOINTS}; ${refused}/${trials} refused at approach, none stepped); the rates above divide by ${peerSteps}`,
  );
  const agree = (a: string, b: string): string =>
    labels.has(a) && labels.has(b) ? agreement(labels.get(a)!, labels.get(b)!) : '–';
  const ref = joints.includes('linkage') ? 'linkage' : joints[0]!;
  const e0 = engines[0]!;
  console.log(
    `  labels identical to ${ref} finger joints' (516 steps, 240 steps): ${joints
      .filter((j) => j !== ref)
      .map(
        (j) =>
          `${j} ${agree(`${e0}/long/${j}`, `${e0}/long/${ref}`)}, ${agree(`${e0}/fast/${j}`, `${e0}/fast/${ref}`)}`,
      )
      .join(
        '; ',
      )}; deterministic vs simd ${agree(`deterministic/long/${ref}`, `simd/long/${ref}`)} (516 steps), ${agree(`deterministic/fast/${ref}`, `simd/fast/${ref}`)} (240 steps); 516 vs 240 steps ${agree(`${e0}/long/${ref}`, `${e0}/fast/${ref}`)}`,
  );
  for (const [engine, j] of engines.flatMap((e) => poolJoints.map((pj) => [e, pj] as const))) {
    const one = await poolRate(specs.slice(0, poolTrials), 1, engine, j);
    const two = await poolRate(specs.slice(0, poolTrials), 2, engine, j);
    const cpu = (r: { workerCpuS: readonly number[] }) => r.workerCpuS.map((t) => t.toFixed(2)).join(' + ');
    console.log(
      `  worker pool (${engine}, ${j}, 516 steps): per CPU-second of the worker threads 1 worker ${one.perWorkerCpuS.toFixed(1)} trials/s (${cpu(one)} s), 2 workers ${two.perWorkerCpuS.toFixed(1)} (${cpu(two)} s): 2 workers on 2 free cores ×${((2 * two.perWorkerCpuS) / one.perWorkerCpuS).toFixed(2)}; per CPU-second of the process ${one.perCpuS.toFixed(1)} and ${two.perCpuS.toFixed(1)}; wall clock ${one.wall.toFixed(1)} and ${two.wall.toFixed(1)} trials/s (×${(two.wall / one.wall).toFixed(2)}, shows no scaling on a loaded machine); load average ${loadavg()[0]!.toFixed(1)}`,
    );
  }
}

/** A comma list of `allowed` names from the environment variable `name`, or `fallback` when it is unset. */
function listFromEnv<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = process.env[name];
  if (raw === undefined) return [...fallback];
  const list = raw.split(',');
  for (const x of list)
    if (!allowed.includes(x as T)) throw new Error(`${name}: ${x} is not one of ${allowed.join(', ')}`);
  return list as T[];
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly)
  await runPeersBench(
    Number(process.env.BENCH_PEERS_TRIALS ?? 208),
    Number(process.env.BENCH_PEERS_REPEATS ?? 3),
    Number(process.env.BENCH_PEERS_POOL_TRIALS ?? 128),
    // BENCH_PEERS_POOL_JOINTS: the finger joints the worker pools run (default the trials' default);
    // BENCH_PEERS_JOINTS and BENCH_PEERS_ENGINES: the constructions and builds measured (default all).
    listFromEnv('BENCH_PEERS_POOL_JOINTS', JAW_JOINTS, [TRIAL_FINGER_JOINTS]),
    listFromEnv('BENCH_PEERS_JOINTS', JAW_JOINTS, JAW_JOINTS),
    listFromEnv('BENCH_PEERS_ENGINES', ENGINES, ENGINES),
    // BENCH_PEERS_SOLVER: trial solver variants (8x1,4x2,…: substeps × inner iterations) in place of SOLVER's.
    process.env.BENCH_PEERS_SOLVER === undefined
      ? [undefined]
      : parseSolverVariants(process.env.BENCH_PEERS_SOLVER, 'BENCH_PEERS_SOLVER'),
  );
