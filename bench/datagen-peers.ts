// The peers' common grasp trial (shared/peers/README.md) as embody trial specs: a 70 mm cube of 0.2 kg at μ 1,
// 20 × 80 × 40 mm pads of 50 g opening 100 mm, 20 N per finger, the cube offset by ±1 cm and yawed by ±15° from
// mulberry32(seed), the gripper straight down with its pads' centre at the cube's centre. Run on the `long`
// schedule (close 0.4 s, lift 10 cm over 1 s, hold 0.25 s, one 2 Hz 2 cm shake across the grasp axis: 516 steps).
import { loadavg } from 'node:os';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import { totalSteps, trialSchedule } from '../sim/grasp-trial/schedule.ts';
import type { TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import type { ParallelJawModel, TrialObject, TrialResult, TrialSpec } from '../sim/grasp-trial/types.ts';
import { loadRapier, type Rapier, type RapierEngine } from '../sim/rapier.ts';
import { runBulletPeer } from './peers-bullet.ts';

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
  palmCentreZM: 0.1 - 0.035 - 0.01 - 0.002,
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

/** Runs the trials as datagen does (16 per world from a snapshot) on the 516-step protocol: trials per CPU-second. */
function embodyOnPeersProtocol(rapier: Rapier, specs: readonly TrialSpec[]): { rate: number; results: TrialResult[] } {
  const templates = new Map<string, TrialTemplate>();
  const perWorld = 16;
  const cpu0 = cpuSeconds();
  const results: TrialResult[] = [];
  for (let i = 0; i < specs.length; i += perWorld) {
    const chunk = {
      object: PEERS_CUBE,
      effector: PEERS_JAW,
      trials: specs.slice(i, i + perWorld),
      schedule: 'long' as const,
      firstTrialIndex: i,
    };
    results.push(...runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'peers' }));
  }
  return { rate: results.length / (cpuSeconds() - cpu0), results };
}

/**
 * `npm run bench` section: the peers' common trial in native Bullet and in embody (both Rapier builds), per core
 * (CPU time), in the same run. `BENCH_PEERS_DIR` names a copy of the peers folder; without it Bullet is skipped.
 */
export async function runPeersBench(trials = 208): Promise<void> {
  const steps = totalSteps(trialSchedule('long'));
  const specs = peersTrials(trials);
  console.log(`grasp trials on the peers' common ${steps}-step trial (70 mm cube, μ 1, 20 N), per core (CPU time)`);
  const row = (name: string, rate: number, extra: string) =>
    console.log(
      `  ${name.padEnd(44)} ${rate.toFixed(1).padStart(7)} trials/s per core  ${((1e6 / rate / steps).toFixed(2) + ' µs/trial-step').padStart(20)}  ${extra}`,
    );
  const bullet = runBulletPeer(process.env.BENCH_PEERS_DIR, 200);
  const bulletRate = typeof bullet === 'string' ? undefined : bullet.trialsPerCpuS;
  if (typeof bullet === 'string') console.log(`  Bullet 3.24 native: ${bullet}`);
  else
    row(
      'Bullet 3.24 native (g++ -O2, peers binary)',
      bullet.trialsPerCpuS,
      `success ${bullet.success}; its own wall clock: ${bullet.wallFreshPerS} fresh, ${bullet.wallReusePerS} reuse`,
    );
  const labels = new Map<RapierEngine, TrialResult[]>();
  for (const engine of ['deterministic', 'simd'] as const) {
    const rapier = await loadRapier(engine);
    embodyOnPeersProtocol(rapier, specs.slice(0, 32)); // warm-up: V8 tiers the WASM up
    const { rate, results } = embodyOnPeersProtocol(rapier, specs);
    labels.set(engine, results);
    const ok = results.filter((r) => r.success).length;
    const ratio = bulletRate === undefined ? '' : `  ×${(rate / bulletRate).toFixed(2)} Bullet`;
    row(`embody, 16 per world, Rapier ${engine}`, rate, `success ${ok}/${results.length}${ratio}`);
  }
  const det = labels.get('deterministic')!;
  const simd = labels.get('simd')!;
  const same = det.filter((r, i) => r.failure === simd[i]!.failure).length;
  console.log(
    `  labels, deterministic vs simd build: ${same}/${det.length} identical; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runPeersBench(Number(process.env.BENCH_PEERS_TRIALS ?? 208));
