// Which contact pairs a grasp trial's slot has, per step, on the peers' common trial (bench/datagen-peers.ts): by
// kind of pair (pad–object, palm–object, pad–palm, pad–pad, anything across slots), the pairs the broad phase
// found, the manifolds the narrow phase made of them, their points, and the points the solver took. Then what
// parts of the contacts cost, each measured by taking it away (not a trial datasets could run: the palm as a sensor
// stops nothing), alternated with the default in one process: trials per CPU-second and the labels kept.
// BENCH_CONTACTS_TRIALS trials (default 64 for the counts, 96 for the costs), BENCH_CONTACTS_REPEATS (default 5).
import { loadavg } from 'node:os';
import { type JawJoints } from '../sim/effectors/jaw-joints.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import { shapePolytope } from '../sim/grasp-trial/convex-overlap.ts';
import { gripperParts } from '../sim/grasp-trial/trial-slot.ts';
import {
  buildTrialWorld,
  TRIAL_FINGER_JOINTS,
  type SlotHandles,
  type TrialSolverVariant,
  type TrialTemplate,
} from '../sim/grasp-trial/trial-world.ts';
import type { TrialResult } from '../sim/grasp-trial/types.ts';
import { SOLVER } from '../sim/solver-config.ts';
import { loadRapier, type Rapier, type RapierEngine, type World } from '../sim/rapier.ts';
import { peersChunks, peersTrials, PEERS_CUBE, PEERS_JAW } from './datagen-peers.ts';

/** What kind of part of its slot a collider is, and which slot. */
interface Part {
  readonly slot: number;
  readonly kind: 'object' | 'palm' | 'pad';
}

/** Per kind of pair: pairs the broad phase found, manifolds, their points, the points the solver took. */
interface Tally {
  pairs: number;
  manifolds: number;
  points: number;
  solver: number;
}

function partsOf(template: TrialTemplate): Map<number, Part> {
  const parts = new Map<number, Part>();
  template.slots.forEach((s, slot) => {
    parts.set(s.objectCollider, { slot, kind: 'object' });
    if ('jaw' in s.effector) {
      parts.set(s.effector.palmCollider, { slot, kind: 'palm' });
      for (const pads of s.effector.jaw.padColliders) for (const c of pads) parts.set(c, { slot, kind: 'pad' });
    }
  });
  return parts;
}

function pairKind(a: Part | undefined, b: Part | undefined): string {
  if (a === undefined || b === undefined) return 'unknown';
  if (a.slot !== b.slot) return 'across slots';
  return [a.kind, b.kind].sort().join('–');
}

/**
 * Runs `n` peers' trials of `joints` and counts, every 4th step, each running slot's contact pairs by kind. A slot
 * is running while its object is in the world (decided trials are taken out).
 */
export async function contactsPerSlotStep(engine: RapierEngine, joints: JawJoints, n: number): Promise<void> {
  const rapier = await loadRapier(engine);
  const templates = new Map<string, TrialTemplate>();
  const tallies = new Map<string, Tally>();
  let slotSteps = 0;
  let k = 0;
  let parts: Map<number, Part> | undefined;
  const onStep = (world: World): void => {
    if (k++ % 4 !== 0) return;
    parts ??= partsOf([...templates.values()][0]!);
    slotSteps += world.bodies.len() / 4;
    world.forEachCollider((c) =>
      world.contactPairsWith(c, (o) => {
        if (o.handle < c.handle) return;
        const kind = pairKind(parts!.get(c.handle), parts!.get(o.handle));
        const t = tallies.get(kind) ?? { pairs: 0, manifolds: 0, points: 0, solver: 0 };
        tallies.set(kind, t);
        t.pairs++;
        world.contactPair(c, o, (m) => {
          t.manifolds++;
          t.points += m.numContacts();
          t.solver += m.numSolverContacts();
        });
      }),
    );
  };
  for (const chunk of peersChunks(peersTrials(n), 'long', engine, joints))
    runTrialChunk(rapier, chunk, { reuse: true, templates, templateKey: 'peers', onStep });
  console.log(`  ${engine}, ${joints}: per slot-step (${slotSteps.toFixed(0)} slot-steps counted)`);
  for (const [kind, t] of [...tallies].sort()) {
    const per = (x: number) => (x / slotSteps).toFixed(2).padStart(6);
    console.log(
      `    ${kind.padEnd(14)} pairs ${per(t.pairs)}  manifolds ${per(t.manifolds)}  points ${per(t.points)}  solver contacts ${per(t.solver)}`,
    );
  }
}

/** A part of the contacts taken away: from the template world's slots, or by the solver settings. */
interface Without {
  readonly name: string;
  readonly change?: (world: World, slots: readonly SlotHandles[]) => void;
  readonly solver?: TrialSolverVariant;
}

const colliders = (slots: readonly SlotHandles[], pick: (e: { palmCollider: number; pads: number[] }) => number[]) =>
  slots.flatMap((s) =>
    'jaw' in s.effector
      ? pick({ palmCollider: s.effector.palmCollider, pads: s.effector.jaw.padColliders.flat() })
      : [],
  );

const WITHOUT: readonly Without[] = [
  { name: 'default' },
  { name: 'default again (the noise)' },
  {
    name: 'palm as a sensor (no palm contacts)',
    change: (w, slots) => colliders(slots, (e) => [e.palmCollider]).forEach((h) => w.getCollider(h).setSensor(true)),
  },
  {
    name: 'pairs recycled (no filter hook)',
    change: (w, slots) =>
      colliders(slots, (e) => [e.palmCollider, ...e.pads]).forEach((h) => w.getCollider(h).setActiveHooks(0)),
  },
  ...[0.001, 0.0005].map((d) => ({
    name: `prediction distance ${1000 * d} mm`,
    solver: { solverIterations: SOLVER.solverIterations, internalPgsIterations: 1, predictionDistanceM: d },
  })),
];

function templateWithout(rapier: Rapier, joints: JawJoints, without: Without): TrialTemplate {
  const { world, slots } = buildTrialWorld(rapier, PEERS_CUBE, PEERS_JAW, joints);
  without.change?.(world, slots);
  const snapshot = world.takeSnapshot();
  world.free();
  return { slots, snapshot, objectPolytope: shapePolytope(PEERS_CUBE.shape), gripperParts: gripperParts(PEERS_JAW) };
}

/**
 * Trials per CPU-second of `n` peers' trials without each part (`WITHOUT`), `repeats` rounds in turn (each round
 * starting one later), against the default: median and least of the rounds; labels as the default's, and results
 * bit-identical (slip and closed width too).
 */
export async function contactCosts(engine: RapierEngine, joints: JawJoints, n: number, repeats: number): Promise<void> {
  const rapier = await loadRapier(engine);
  const chunks = peersChunks(peersTrials(n), 'long', engine, joints);
  const run = (w: Without): { cpuS: number; results: TrialResult[] } => {
    const templates = new Map([[`peers|${PEERS_JAW.name}|${joints}`, templateWithout(rapier, joints, w)]]);
    const options = { reuse: true, templates, templateKey: 'peers', ...(w.solver ? { solverVariant: w.solver } : {}) };
    const u0 = process.cpuUsage();
    const results = chunks.flatMap((c) => runTrialChunk(rapier, c, options));
    const u = process.cpuUsage(u0);
    return { cpuS: (u.user + u.system) / 1e6, results };
  };
  WITHOUT.forEach(run); // warm-up: V8 tiers the WASM up
  const cpu = WITHOUT.map(() => [] as number[]);
  const labels: TrialResult[][] = [];
  for (let r = 0; r < repeats; r++)
    for (let i = 0; i < WITHOUT.length; i++) {
      const j = (i + r) % WITHOUT.length;
      const { cpuS, results } = run(WITHOUT[j]!);
      cpu[j]!.push(cpuS);
      labels[j] = results;
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [base, ...rest] = WITHOUT.map((_, i) => ({ median: median(cpu[i]!), least: Math.min(...cpu[i]!) }));
  console.log(`  ${engine}, ${joints}, ${n} trials, ${repeats} rounds: trials per CPU-second, median (least)`);
  [base!, ...rest].forEach((t, i) => {
    const same = labels[i]!.filter((x, k) => x.failure === labels[0]![k]!.failure).length;
    const identical = labels[i]!.filter((x, k) => JSON.stringify(x) === JSON.stringify(labels[0]![k])).length;
    console.log(
      `    ${WITHOUT[i]!.name.padEnd(38)} ${(n / t.median).toFixed(1).padStart(6)} (${(n / t.least).toFixed(1)})  ×${(base!.median / t.median).toFixed(3)} (×${(base!.least / t.least).toFixed(3)})  labels ${same}/${n}, bit-identical ${identical}/${n}`,
    );
  });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) {
  const n = Number(process.env.BENCH_CONTACTS_TRIALS ?? 64);
  console.log(
    `contact pairs of a trial slot (peers' common trial, 516 steps, ${n} trials; load ${loadavg()[0]!.toFixed(1)})`,
  );
  for (const engine of ['deterministic', 'simd'] as const) await contactsPerSlotStep(engine, TRIAL_FINGER_JOINTS, n);
  console.log('what parts of the contacts cost, taken away one at a time:');
  const costN = Number(process.env.BENCH_CONTACTS_TRIALS ?? 96);
  const repeats = Number(process.env.BENCH_CONTACTS_REPEATS ?? 5);
  for (const engine of ['deterministic', 'simd'] as const)
    await contactCosts(engine, TRIAL_FINGER_JOINTS, costN, repeats);
}
