// Label agreement with the MuJoCo referee (issue 13's goal: ≥ 98 % on boxes and cylinders at μ 0.15–1.0, on objects
// not tuned on). Mints a small dataset of catalog objects the labels were never tuned on, replays every grasp in
// MuJoCo (`embody verify`), and prints the confusion matrix by failure mode, agreement by object and by μ band.
// BENCH_VERIFY_GRASPS grasps per object (default 24), BENCH_VERIFY_OBJECTS a comma list of catalog objects,
// BENCH_VERIFY_SEED the datagen seed (default 11; another seed or other objects give a fresh set),
// BENCH_FINGER_JOINTS the trials' finger joints to label with (default linkage,locked: one referee pass for both).
// Each disagreement of the first variant is also judged by statics (apps/verify/quasi-static.ts, bench/verify-statics.ts);
// BENCH_VERIFY_DUMP writes every grasp's label, referee outcome and statics verdict as JSON lines to that file.
// BENCH_VERIFY_SOLVER (e.g. 8x1,4x2,2x4,1x8: substeps × inner iterations, bench/solver-variants.ts) relabels the
// first finger-joint variant's grasps with each trial solver variant in this process and scores every one against
// the same referee pass: agreement, and whether each label a variant changed came nearer MuJoCo or went away.
// BENCH_PAD_CROWN_MM (e.g. 0.3,1) relabels the same grasps, in this process, with the pads' inner faces crowned by
// that much (sim/effectors/pad-crown.ts: Rapier then touches a pad on one small central facet, not at the ends of a
// contact line), scored the same way, with the crowned labels' disagreements by class; BENCH_PAD_PATCH_MM (e.g. 10,
// the referee's pad half-width; a comma list) sets the crowned pads' spin-friction patch radius (sim/effectors/pad-spin.ts);
// a crown of 0 is the flat pads with that patch.
// BENCH_PAD_SEGMENTS (e.g. 3,5) relabels the same grasps with each pad cut into that many boxes along its length
// (sim/effectors/pad-segments.ts: contact points spread along a can's line), after relabelling them with flat pads,
// in the same process (the CPU seconds back to back), scored and broken down by class the same way.
// BENCH_VERIFY_JITTER (e.g. 0.1,0.5) relabels the same grasps in Rapier and replays them in MuJoCo with each grasp's
// pose jittered by that many mm and degrees (bench/verify-jitter.ts, the same pose in both engines): each engine's
// self-agreement, the cross agreement jittered and on the grasps stable in both, the labels' noise floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDatagen } from '../apps/datagen/datagen-run.ts';
import { loadObjects } from '../apps/datagen/object-source.ts';
import { RandomizationSchema } from '../apps/datagen/randomization.ts';
import { confusion, confusionText } from '../apps/verify/confusion.ts';
import { readDataset, type ReplayTrial } from '../apps/verify/dataset-sample.ts';
import { staticsReport } from './verify-statics.ts';
import { verifyDataset, type VerifiedTrial } from '../apps/verify/verify-run.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import type { FailureMode } from '../sim/grasp-trial/types.ts';
import { JAW_JOINTS, type JawJoints } from '../sim/effectors/jaw-joints.ts';
import type { PlanSettings } from '../apps/datagen/object-plan.ts';
import { labelWithSolver, parseSolverVariants, solverVariantName } from './solver-variants.ts';
import { SOLVER } from '../sim/solver-config.ts';
import { labelJittered, parseJitters, printJitter, replayJittered } from './verify-jitter.ts';

/** Cylinders and boxes of the catalog no label fix was tuned on (all fit the 80 mm jaw; the coffee can does not). */
export const UNTUNED = 'can-500ml,can-250ml-slim,bottle-500ml,sauce-jar,sugar-box,pasta-box,pudding-box';
/** The μ bands of the goal. */
const BANDS: readonly [number, number][] = [
  [0.15, 0.3],
  [0.3, 0.5],
  [0.5, 0.75],
  [0.75, 1.0],
];

/** The finger joints compared (`sim/effectors/jaw-joints.ts`), from BENCH_FINGER_JOINTS (default both). */
function fingerJointsToCompare(): JawJoints[] {
  const list = (process.env.BENCH_FINGER_JOINTS ?? 'linkage,locked').split(',');
  for (const j of list)
    if (!JAW_JOINTS.includes(j as JawJoints))
      throw new Error(`BENCH_FINGER_JOINTS: ${j} is not one of ${JAW_JOINTS.join(', ')}`);
  return list as JawJoints[];
}

/**
 * Each held/not-held disagreement of the first variant, by class (label → MuJoCo), with what both engines measured:
 * the slip of the grasped point relative to the pads (the dataset's and MuJoCo's) and how far MuJoCo's object turned
 * in the grip (a pivot about the pads' axis onto the palm slips little at the grasped point).
 */
function printDisagreements(
  rows: readonly { key: string; label: FailureMode; referee: FailureMode; mu: number }[],
  verified: readonly VerifiedTrial[],
  trials: readonly ReplayTrial[],
): void {
  const outcome = new Map(verified.map((t) => [`${t.object}#${t.trialIndex}`, t.referee]));
  const trial = new Map(trials.map((t) => [`${t.object}#${t.trialIndex}`, t]));
  const wrong = rows.filter((r) => (r.label === 'none') !== (r.referee === 'none'));
  const classes = new Map<string, typeof wrong>();
  for (const r of wrong)
    classes.set(`${r.label} → ${r.referee}`, [...(classes.get(`${r.label} → ${r.referee}`) ?? []), r]);
  console.log(`disagreements by class (label → MuJoCo), ${wrong.length} in all:`);
  for (const [name, members] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${name}: ${members.length}`);
    for (const r of members) {
      const o = outcome.get(r.key)!;
      const mm = (m: number | undefined): string => (m === undefined ? '-' : `${(m * 1000).toFixed(1)} mm`);
      console.log(
        `    ${r.key.padEnd(20)} μ ${r.mu.toFixed(2)}  slip ${mm(trial.get(r.key)?.slipM)} / MuJoCo ${mm(o.slipM)}, ` +
          `MuJoCo pivot ${((o.pivotRad * 180) / Math.PI).toFixed(0)}° at step ${o.steps}`,
      );
    }
  }
}

/**
 * Each solver variant's labels against the referee, beside the dataset's (`SOLVER`'s): success and failure-mode
 * agreement, and the labels it changed by class (dataset label → variant label) with MuJoCo's outcome, so a changed
 * label shows as nearer MuJoCo (it now agrees on held/not held) or further (it agreed and no longer does).
 */
function printSolverVariants(
  rows: readonly { key: string; label: FailureMode; referee: FailureMode; mu: number }[],
  variants: readonly { name: string; labels: Map<string, FailureMode>; cpuS: number }[],
): void {
  const held = (m: FailureMode): boolean => m === 'none';
  console.log(
    `solver variants (substeps × inner iterations), the same ${rows.length} grasps relabelled, against the same MuJoCo outcomes:`,
  );
  for (const v of variants) {
    const scored = rows.map((r) => ({ ...r, label: v.labels.get(r.key)!, dataset: r.label }));
    const c = confusion(scored);
    const goal = confusion(scored.filter((t) => t.mu >= 0.15 && Math.min(1, t.mu) <= 1));
    const changed = scored.filter((t) => t.label !== t.dataset);
    const flipped = changed.filter((t) => held(t.label) !== held(t.dataset));
    const nearer = flipped.filter((t) => held(t.label) === held(t.referee)).length;
    console.log(
      `  ${v.name.padEnd(12)} success agreement ${c.successAgreement}/${c.total}, goal μ ${goal.successAgreement}/${goal.total}, ` +
        `same mode ${c.modeAgreement}/${c.total}; labels changed ${changed.length} (held/not held ${flipped.length}: ` +
        `${nearer} nearer MuJoCo, ${flipped.length - nearer} further); ${v.cpuS.toFixed(1)} CPU s to label`,
    );
    if (changed.length > 0) process.stdout.write(confusionText(c, 'MuJoCo').replace(/^(?=.)/gm, '      '));
    const classes = new Map<string, Map<FailureMode, number>>();
    for (const t of changed) {
      const name = `${t.dataset} → ${t.label}`;
      const byReferee = classes.get(name) ?? new Map<FailureMode, number>();
      byReferee.set(t.referee, (byReferee.get(t.referee) ?? 0) + 1);
      classes.set(name, byReferee);
    }
    for (const [name, byReferee] of [...classes].sort()) {
      const parts = [...byReferee].sort().map(([m, n]) => `${m} ${n}`);
      console.log(`      ${name}: MuJoCo ${parts.join(', ')}`);
    }
    // One line per variant for scripts that add up several seeds.
    console.log(
      `  SOLVER-VARIANT ${JSON.stringify({ variant: v.name, agree: c.successAgreement, total: c.total, goalAgree: goal.successAgreement, goalTotal: goal.total, mode: c.modeAgreement, changed: changed.length, flipped: flipped.length, nearer, cpuS: v.cpuS })}`,
    );
  }
}

/** BENCH_PAD_CROWN_MM: a comma list of pad crowns, mm (none when unset). */
function parseCrowns(spec: string | undefined): number[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((v) => {
    const mm = Number(v);
    if (!(mm >= 0 && mm < 5)) throw new Error(`BENCH_PAD_CROWN_MM: ${v} is not a crown in mm, 0 (flat) to 5`);
    return mm;
  });
}

/** BENCH_PAD_SEGMENTS: a comma list of segment counts per pad (none when unset). */
function parseSegments(spec: string | undefined): number[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((v) => {
    const n = Number(v);
    if (!(Number.isInteger(n) && n >= 2 && n <= 16)) throw new Error(`BENCH_PAD_SEGMENTS: ${v} is not a count 2–16`);
    return n;
  });
}

export async function runVerifyAgreementBench(): Promise<void> {
  const grasps = Number(process.env.BENCH_VERIFY_GRASPS ?? 24);
  const seed = Number(process.env.BENCH_VERIFY_SEED ?? 11);
  const spec = process.env.BENCH_VERIFY_OBJECTS ?? UNTUNED;
  const variants = fingerJointsToCompare();
  const solverSpec = process.env.BENCH_VERIFY_SOLVER;
  const solvers = solverSpec === undefined ? [] : parseSolverVariants(solverSpec, 'BENCH_VERIFY_SOLVER');
  const crownsMm = parseCrowns(process.env.BENCH_PAD_CROWN_MM);
  const segmentCounts = parseSegments(process.env.BENCH_PAD_SEGMENTS);
  const jitters = parseJitters(process.env.BENCH_VERIFY_JITTER);
  const patchesMm = (process.env.BENCH_PAD_PATCH_MM?.split(',') ?? [undefined]).map((v) => {
    if (v === undefined) return undefined;
    if (!(Number(v) > 0 && Number(v) < 20)) throw new Error(`BENCH_PAD_PATCH_MM: ${v} is not a radius in mm, 0–20`);
    return Number(v);
  });
  const root = mkdtempSync(join(tmpdir(), 'embody-bench-verify-'));
  try {
    const objects = await loadObjects(spec, process.cwd(), 1);
    const t0 = performance.now();
    const settingsFor = (fingerJoints: JawJoints): PlanSettings => ({
      effector: EMBODY_JAW_80MM,
      graspsPerObject: grasps,
      seed,
      chunkSize: 16,
      schedule: 'fast',
      // Catalog μ 0.3–0.55 times 0.4–1.9 spans the goal's 0.15–1.0.
      randomization: RandomizationSchema.parse({ frictionFactor: [0.4, 1.9] }),
      fingerJoints,
    });
    // The same grasps labelled once per finger-joint variant (the grasps and their draws do not depend on it).
    const labels = new Map<JawJoints, Map<string, FailureMode>>();
    for (const fingerJoints of variants) {
      const out = join(root, fingerJoints);
      await runDatagen({ objects, objectsSpec: spec, settings: settingsFor(fingerJoints), workers: 0, outDir: out });
      labels.set(
        fingerJoints,
        new Map((await readDataset(out)).trials.map((t) => [`${t.object}#${t.trialIndex}`, t.label])),
      );
    }
    // The first finger-joint variant's grasps relabelled with each solver variant (its trials run as datagen's do).
    const solverLabels: { name: string; labels: Map<string, FailureMode>; cpuS: number }[] = [];
    for (const v of solvers)
      solverLabels.push({
        name: solverVariantName(v),
        ...(await labelWithSolver(objects, settingsFor(variants[0]!), v)),
      });
    // The same grasps relabelled with crowned pads (and the trials' own solver).
    const crownLabels: { name: string; labels: Map<string, FailureMode>; cpuS: number }[] = [];
    const base = settingsFor(variants[0]!);
    const ownSolver = {
      solverIterations: SOLVER.solverIterations,
      internalPgsIterations: SOLVER.internalPgsIterations,
    };
    const relabel = async (label: string, effector: typeof EMBODY_JAW_80MM): Promise<void> => {
      crownLabels.push({ name: label, ...(await labelWithSolver(objects, { ...base, effector }, ownSolver)) });
    };
    for (const mm of crownsMm)
      for (const patchMm of patchesMm) {
        const patch = patchMm === undefined ? {} : { padPatchRadiusM: patchMm / 1000 };
        const name = `${EMBODY_JAW_80MM.name}-crown-${mm}mm-patch-${patchMm ?? 'law'}`;
        const effector = { ...EMBODY_JAW_80MM, name, padCrownM: mm / 1000, ...patch };
        await relabel(`crown ${mm} mm${patchMm === undefined ? '' : `, patch ${patchMm} mm`}`, effector);
      }
    // The same grasps relabelled with flat pads, then with segmented pads, one after the other (CPU comparable).
    for (const n of segmentCounts.length === 0 ? [] : [undefined, ...segmentCounts]) {
      const name = `${EMBODY_JAW_80MM.name}-segments-${n ?? 'none'}`;
      const effector = n === undefined ? { ...EMBODY_JAW_80MM, name } : { ...EMBODY_JAW_80MM, name, padSegments: n };
      await relabel(n === undefined ? 'flat (relabel)' : `${n} segments`, effector);
    }
    // MuJoCo replays the grasps once: its outcome is the labels' referee whichever joints labelled them.
    const first = join(root, variants[0]!);
    const dataset = await readDataset(first);
    const report = await verifyDataset(first, { sample: dataset.trials.length, seed: 1 });
    // The same grasps jittered, relabelled in Rapier and replayed in MuJoCo.
    const jittered: { amount: number; rapier: Map<string, FailureMode>; mujoco: Map<string, FailureMode> }[] = [];
    for (const amount of jitters)
      jittered.push({
        amount,
        rapier: await labelJittered(objects, base, amount),
        mujoco: await replayJittered(dataset, amount),
      });
    const wallS = (performance.now() - t0) / 1000;
    const friction = new Map(dataset.trials.map((t) => [`${t.object}#${t.trialIndex}`, t.friction]));
    console.log(
      `verify agreement: ${spec} × ${grasps} grasps (seed ${seed}), all ${report.sampled} replayed in ${report.referee}`,
    );
    console.log(`  (${wallS.toFixed(0)} s wall, load ${loadavg()[0]!.toFixed(1)})`);
    for (const fingerJoints of variants) {
      const mine = labels.get(fingerJoints)!;
      const rows = report.trials.map((t) => {
        const key = `${t.object}#${t.trialIndex}`;
        return { key, object: t.object, label: mine.get(key)!, referee: t.referee.failure, mu: friction.get(key)! };
      });
      const line = (name: string, subset: typeof rows): string => {
        const c = confusion(subset);
        const pct = c.total === 0 ? '-' : `${((100 * c.successAgreement) / c.total).toFixed(1)} %`;
        return `  ${name.padEnd(22)} ${String(c.successAgreement).padStart(4)}/${String(c.total).padEnd(4)} ${pct}`;
      };
      console.log(`labels from ${fingerJoints} finger joints:`);
      process.stdout.write(confusionText(confusion(rows), 'MuJoCo'));
      console.log('success agreement by object:');
      for (const o of new Set(rows.map((t) => t.object)))
        console.log(
          line(
            o,
            rows.filter((t) => t.object === o),
          ),
        );
      console.log('success agreement by μ (pad contact μ = min(object, 1)):');
      for (const [lo, hi] of BANDS)
        console.log(
          line(
            `μ ${lo}–${hi}`,
            rows.filter((t) => Math.min(1, t.mu) >= lo && Math.min(1, t.mu) < hi + 1e-9),
          ),
        );
      console.log(
        line(
          'μ 0.15–1.0 (the goal)',
          rows.filter((t) => t.mu >= 0.15 && Math.min(1, t.mu) <= 1),
        ),
      );
      if (fingerJoints === variants[0]) {
        printDisagreements(rows, report.trials, dataset.trials);
        staticsReport(rows, dataset);
        if (solverLabels.length > 0) printSolverVariants(rows, solverLabels);
        if (crownLabels.length > 0) printSolverVariants(rows, crownLabels);
        for (const j of jittered) printJitter(j.amount, rows, j.rapier, j.mujoco);
        for (const c of crownLabels) {
          console.log(`${c.name}:`);
          printDisagreements(
            rows.map((r) => ({ ...r, label: c.labels.get(r.key)! })),
            report.trials,
            dataset.trials,
          );
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runVerifyAgreementBench();
