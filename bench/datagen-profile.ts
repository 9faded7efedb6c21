// Where a grasp trial's time goes, on the peers' common trial (bench/datagen-peers.ts): a CPU profile of the trial
// loop taken in this process (node:inspector), split into Rapier's step and our JavaScript; then what one slot of a
// trial world costs per step with each finger construction (`JawJoints`), with and without its joints, against the
// same slot in a running trial (contacts included).
import { Session, type Profiler } from 'node:inspector';
import { loadavg } from 'node:os';
import { JAW_JOINTS, type JawJoints } from '../sim/effectors/jaw-joints.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import {
  buildTrialTemplate,
  restoreTrialWorld,
  trialStepper,
  TRIAL_FINGER_JOINTS,
} from '../sim/grasp-trial/trial-world.ts';
import type { TrialChunk } from '../sim/grasp-trial/types.ts';
import { loadRapier, type Rapier, type RapierEngine } from '../sim/rapier.ts';
import { peersTrials, PEERS_CUBE, PEERS_JAW } from './datagen-peers.ts';
import { totalSteps, trialSchedule } from '../sim/grasp-trial/schedule.ts';

const SLOTS = 16;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function chunks(n: number, joints: JawJoints, engine: RapierEngine): TrialChunk[] {
  const specs = peersTrials(n);
  return Array.from({ length: Math.ceil(n / SLOTS) }, (_, c) => ({
    object: PEERS_CUBE,
    effector: PEERS_JAW,
    trials: specs.slice(c * SLOTS, (c + 1) * SLOTS),
    schedule: 'long',
    firstTrialIndex: c * SLOTS,
    engine,
    fingerJoints: joints,
  }));
}

function runTrials(rapier: Rapier, list: readonly TrialChunk[], templates: Map<string, never>): number {
  return list.flatMap((c) => runTrialChunk(rapier, c, { reuse: true, templates, templateKey: 'peers' })).length;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** Self time of the profile's samples, µs, by whether a frame of Rapier's step is on the stack, and JS by function. */
function splitProfile(profile: Profiler.Profile): {
  total: number;
  step: number;
  wasmOutsideStep: number;
  js: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  // The engine's step, called from `trialStepper`'s closure (deterministic build) or `World.step` (SIMD build).
  const isStep = (id: number): boolean => {
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      if (f.url.endsWith('trial-world.ts') || f.functionName === 'step') return true;
    }
    return false;
  };
  let total = 0;
  let step = 0;
  let wasmOutsideStep = 0;
  const js = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame;
    // Idle, the VM's own bookkeeping, and the inspector answering `Profiler.stop` (native `dispatch`) are no part of
    // the trial loop.
    if (
      f.functionName === '(idle)' ||
      f.functionName === '(program)' ||
      (f.functionName === 'dispatch' && f.url === '')
    )
      continue;
    total += t;
    if (isStep(id)) step += t;
    else if (f.url.startsWith('wasm')) wasmOutsideStep += t;
    else {
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`;
      js.set(key, (js.get(key) ?? 0) + t);
    }
  }
  return { total, step, wasmOutsideStep, js };
}

/** Profiles `n` trials of the default construction and prints the split. */
async function profileTrialLoop(rapier: Rapier, engine: RapierEngine, joints: JawJoints, n: number): Promise<void> {
  const templates = new Map<string, never>();
  runTrials(rapier, chunks(32, joints, engine), templates);
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  runTrials(rapier, chunks(n, joints, engine), templates);
  const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const { total, step, wasmOutsideStep, js } = splitProfile(profile);
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)} %`;
  const top = [...js]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, t]) => `${k} ${pct(t)}`)
    .join(', ');
  console.log(
    `  ${engine}, ${joints}: Rapier's step ${pct(step)}, other Rapier calls ${pct(wasmOutsideStep)}, JavaScript ${pct(total - step - wasmOutsideStep)} (top: ${top})`,
  );
}

/** µs per step of one slot of an idle trial world (grippers parked open, nothing touching), least of `repeats`. */
function idleSlotUs(rapier: Rapier, joints: JawJoints, withJoints: boolean, steps: number, repeats: number): number {
  const template = buildTrialTemplate(rapier, PEERS_CUBE, PEERS_JAW, joints);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const world = restoreTrialWorld(rapier, template);
    if (!withJoints)
      for (const s of template.slots)
        if ('jaw' in s.effector)
          for (const h of [...s.effector.jaw.joints, ...(s.effector.jaw.mimicJoints ?? [])])
            world.removeImpulseJoint(world.getImpulseJoint(h), true);
    const step = trialStepper(world);
    for (let k = 0; k < 60; k++) step();
    const c0 = cpuSeconds();
    for (let k = 0; k < steps; k++) step();
    best = Math.min(best, ((cpuSeconds() - c0) * 1e6) / steps / SLOTS);
    world.free();
  }
  return best;
}

/** µs per trial-step of the whole trial loop, best of `repeats`. */
function trialStepUs(rapier: Rapier, engine: RapierEngine, joints: JawJoints, n: number, repeats: number): number {
  const templates = new Map<string, never>();
  const list = chunks(n, joints, engine);
  runTrials(rapier, list.slice(0, 2), templates);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const c0 = cpuSeconds();
    runTrials(rapier, list, templates);
    best = Math.min(best, ((cpuSeconds() - c0) * 1e6) / n / totalSteps(trialSchedule('long')));
  }
  return best;
}

/**
 * `npm run bench` section (or alone): the trial loop's profile split and the cost of a slot's parts per step.
 * BENCH_PROFILE_TRIALS trials per measurement (default 64).
 */
export async function runDatagenProfileBench(n = 64, repeats = 3): Promise<void> {
  console.log(
    `where a grasp trial's time goes (peers' common trial, 516 steps, ${n} trials; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  for (const engine of ['deterministic', 'simd'] as const) {
    const rapier = await loadRapier(engine);
    await profileTrialLoop(rapier, engine, TRIAL_FINGER_JOINTS, n);
    for (const joints of JAW_JOINTS) {
      const idle = idleSlotUs(rapier, joints, true, 300, repeats);
      const bare = idleSlotUs(rapier, joints, false, 300, repeats);
      const trial = trialStepUs(rapier, engine, joints, n, repeats);
      console.log(
        `  ${engine}, ${joints.padEnd(12)} µs per slot-step (least of ${repeats}): bodies and colliders ${bare.toFixed(1)}, + finger joints ${(idle - bare).toFixed(1)}, a running trial (contacts, our JS, early stops) ${trial.toFixed(1)}`,
      );
    }
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) await runDatagenProfileBench(Number(process.env.BENCH_PROFILE_TRIALS ?? 64));
