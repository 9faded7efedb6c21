// Where a grasp trial's time goes, on the peers' common trial (bench/datagen-peers.ts): a CPU profile of the trial
// loop taken in this process (node:inspector), split into Rapier's step and the parts of the trial outside it; the
// stages of Rapier's step by its own profiler; the contact pairs of a slot per step by kind (datagen-contacts.ts);
// then what one slot of a trial world costs per step with each finger construction (`JawJoints`), with and without
// its joints, against the same slot in a running trial (contacts included).
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
import { loadRapier, type Rapier, type RapierEngine, type World } from '../sim/rapier.ts';
import { contactsPerSlotStep } from './datagen-contacts.ts';
import { peersChunks, peersTrials, PEERS_CUBE, PEERS_JAW } from './datagen-peers.ts';
import { TRIAL_PROTOCOL } from '../sim/grasp-trial/protocol.ts';
import { totalSteps, trialSchedule } from '../sim/grasp-trial/schedule.ts';

/** Trials (slots) per world, as datagen runs them. */
const SLOTS = TRIAL_PROTOCOL.trialsPerWorld;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function runTrials(rapier: Rapier, list: readonly TrialChunk[], templates: Map<string, never>): number {
  return list.flatMap((c) => runTrialChunk(rapier, c, { reuse: true, templates, templateKey: 'peers' })).length;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/**
 * The parts of a trial outside Rapier's step, by the function of the trial loop that does them; a sample counts
 * to the innermost of these on its stack (engine calls included, so a part's share is what it costs); the garbage
 * collector's samples, which V8 files under no caller, are a part of their own.
 */
const PARTS: readonly (readonly [string, readonly string[]])[] = [
  ['pad spin', ['resistPadSpin']],
  ['jaw travel', ['jawTravel']],
  ['motor settings', ['driveParallelJaw']],
  ['checks', ['holding', 'touching', 'palmForceN', 'slip', 'toBodyFrame', 'gripPoint', 'closedWidthM']],
  ['palm path and stall (drive)', ['drive']],
  ['trial loop (simulate)', ['simulate']],
  ['world set-up (restore, place, approach check)', ['runWorld']],
];

/** Self time of the profile's samples in the trial loop, µs: in Rapier's step, and outside it by part (`PARTS`). */
function splitProfile(profile: Profiler.Profile): { total: number; step: number; parts: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  const partOf = new Map(PARTS.flatMap(([part, names]) => names.map((n) => [n, part] as const)));
  // The engine's step, called from `trialStepper`'s closure (deterministic build) or `World.step` (SIMD build).
  // V8 may inline that closure into the trial loop (`simulate`), and the loop into `runWorld` or `runTrialChunk`:
  // the engine's frames then sit right under the loop (JS-to-wasm stubs, with no url, in between). Other engine
  // calls go through JS helpers of their own, or are made by the loop itself a few times per trial.
  const loop = new Set(['simulate', 'runWorld', 'runTrialChunk']);
  const classify = (id: number): string | undefined => {
    if (byId.get(id)!.callFrame.functionName === '(garbage collector)') return 'garbage collection';
    let underWasm = byId.get(id)!.callFrame.url.startsWith('wasm');
    let part: string | undefined;
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      if (part === undefined) {
        if (f.url.endsWith('trial-world.ts') || (f.functionName === 'step' && f.url.includes('rapier'))) return 'step';
        if (f.url.startsWith('wasm') || f.url === '') continue;
        if (underWasm && loop.has(f.functionName)) return 'step';
        underWasm = false;
        part = f.url.includes('rapier') ? undefined : partOf.get(f.functionName);
      }
      if (f.functionName === 'runTrialChunk') return part ?? 'trial loop (simulate)';
    }
    return undefined;
  };
  let total = 0;
  let step = 0;
  const parts = new Map<string, number>();
  for (const [id, t] of self) {
    const part = classify(id);
    // Samples outside the trial loop (idle, the inspector answering `Profiler.stop`) are no part of it.
    if (part === undefined) continue;
    total += t;
    if (part === 'step') step += t;
    else parts.set(part, (parts.get(part) ?? 0) + t);
  }
  return { total, step, parts };
}

/** Profiles `n` trials of the default construction and prints the split. */
async function profileTrialLoop(rapier: Rapier, engine: RapierEngine, joints: JawJoints, n: number): Promise<void> {
  const templates = new Map<string, never>();
  runTrials(rapier, peersChunks(peersTrials(32), 'long', engine, joints), templates);
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  runTrials(rapier, peersChunks(peersTrials(n), 'long', engine, joints), templates);
  const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const { total, step, parts } = splitProfile(profile);
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)} %`;
  const rest = [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, t]) => `${k} ${pct(t)}`)
    .join(', ');
  console.log(`  ${engine}, ${joints}: Rapier's step ${pct(step)}; outside it (engine calls included): ${rest}`);
}

/** Stages of Rapier's step (its own profiler, `World.timing*`), parents first; each is part of the one above it. */
const STAGES: readonly (readonly [string, (w: World) => number])[] = [
  ['collision detection', (w) => w.timingCollisionDetection()],
  ['  broad phase', (w) => w.timingBroadPhase()],
  ['  narrow phase', (w) => w.timingNarrowPhase()],
  ['solver', (w) => w.timingSolver()],
  ['  velocity assembly', (w) => w.timingVelocityAssembly()],
  ['  velocity resolution', (w) => w.timingVelocityResolution()],
  ['CCD', (w) => w.timingCcd()],
  ['islands', (w) => w.timingIslandConstruction()],
  ['user changes', (w) => w.timingUserChanges()],
];

/**
 * Runs `n` trials with Rapier's profiler on: each stage's share of the step (wall time inside the engine, so only
 * the shares mean anything on a loaded machine).
 */
function engineStages(rapier: Rapier, engine: RapierEngine, joints: JawJoints, n: number): void {
  const templates = new Map<string, never>();
  const totals = STAGES.map(() => 0);
  let stepMs = 0;
  const onStep = (world: World): void => {
    if (!world.profilerEnabled) {
      world.profilerEnabled = true;
      return;
    }
    stepMs += world.timingStep();
    STAGES.forEach(([, time], i) => (totals[i] = totals[i]! + time(world)));
  };
  for (const c of peersChunks(peersTrials(n), 'long', engine, joints))
    runTrialChunk(rapier, c, { reuse: true, templates, templateKey: 'peers', onStep });
  const shares = STAGES.map(([name], i) => `${name.trim()} ${((100 * totals[i]!) / stepMs).toFixed(1)} %`).join(', ');
  console.log(`  ${engine}, ${joints}: Rapier's step by its profiler: ${shares}`);
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

/**
 * What a world costs whatever its trials: restoring the template, taking out unused slots, and a step's fixed part
 * (an empty world; one parked slot against a 16th of 16). A world of 1 trial pays all of it alone.
 */
function worldCosts(rapier: Rapier, joints: JawJoints, steps: number, repeats: number): void {
  const template = buildTrialTemplate(rapier, PEERS_CUBE, PEERS_JAW, joints);
  const least = { restoreMs: Infinity, removeMs: Infinity, one: Infinity, empty: Infinity, all: Infinity };
  const stepUs = (world: World): number => {
    const step = trialStepper(world);
    for (let k = 0; k < 60; k++) step();
    const c0 = cpuSeconds();
    for (let k = 0; k < steps; k++) step();
    return ((cpuSeconds() - c0) * 1e6) / steps;
  };
  const removeSlots = (world: World, from: number, to: number): void => {
    for (const s of template.slots.slice(from, to))
      for (const h of [s.objectBody, ...('jaw' in s.effector ? [s.effector.palm, ...s.effector.jaw.fingerBodies] : [])])
        world.removeRigidBody(world.getRigidBody(h));
  };
  for (let r = 0; r < repeats; r++) {
    let c0 = cpuSeconds();
    const world = restoreTrialWorld(rapier, template);
    least.restoreMs = Math.min(least.restoreMs, (cpuSeconds() - c0) * 1e3);
    c0 = cpuSeconds();
    removeSlots(world, 1, SLOTS);
    least.removeMs = Math.min(least.removeMs, (cpuSeconds() - c0) * 1e3);
    least.one = Math.min(least.one, stepUs(world));
    removeSlots(world, 0, 1);
    least.empty = Math.min(least.empty, stepUs(world));
    world.free();
    const full = restoreTrialWorld(rapier, template);
    least.all = Math.min(least.all, stepUs(full) / SLOTS);
    full.free();
  }
  console.log(
    `  a world of ${joints} slots (least of ${repeats}): restore ${least.restoreMs.toFixed(2)} ms, take out 15 slots ${least.removeMs.toFixed(2)} ms; µs per step: empty ${least.empty.toFixed(1)}, 1 parked slot ${least.one.toFixed(1)}, 16 parked slots ${least.all.toFixed(1)} per slot`,
  );
}

/** µs per trial-step of the whole trial loop, best of `repeats`. */
function trialStepUs(rapier: Rapier, engine: RapierEngine, joints: JawJoints, n: number, repeats: number): number {
  const templates = new Map<string, never>();
  const list = peersChunks(peersTrials(n), 'long', engine, joints);
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
    engineStages(rapier, engine, TRIAL_FINGER_JOINTS, n);
    await contactsPerSlotStep(engine, TRIAL_FINGER_JOINTS, n);
    worldCosts(rapier, TRIAL_FINGER_JOINTS, 300, repeats);
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
