// The labels' noise floor (issue 13): the same grasps with each pose jittered far below any real accuracy (a fixed
// offset of `mm` in a random direction and a turn of `deg` about a random axis through the tool centre point, drawn
// from the grasp's own key), relabelled in Rapier and replayed in MuJoCo with the same jittered pose. How many labels
// flip in each engine bounds the agreement two engines can reach; agreement on the grasps both engines label stably
// is the figure to report beside it. Used by bench/verify-agreement.ts (BENCH_VERIFY_JITTER).
import { Matrix4, Quaternion, Vector3 } from 'three';
import { trialChunkOf } from '../apps/datagen/chunk-executor.ts';
import { planObject, type PlanSettings } from '../apps/datagen/object-plan.ts';
import type { DatagenObject } from '../apps/datagen/object-source.ts';
import type { ReplayDataset } from '../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../apps/verify/mujoco-replay.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import type { TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import type { FailureMode, ParallelJawModel } from '../sim/grasp-trial/types.ts';
import { loadRapier } from '../sim/rapier.ts';
import { SOLVER } from '../sim/solver-config.ts';
import { seededRandom } from '../src/math/random.ts';

/**
 * BENCH_VERIFY_JITTER: a comma list of jitters, each `mm` of offset and as many degrees of turn (none when unset); 0
 * is the control (the same path with the poses unmoved: each engine must keep every label).
 */
export function parseJitters(spec: string | undefined): number[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((v) => {
    const x = Number(v);
    if (!(x >= 0 && x <= 5)) throw new Error(`BENCH_VERIFY_JITTER: ${v} is not a jitter in mm (and degrees), 0–5`);
    return x;
  });
}

/** A string's FNV-1a hash: the grasp key's own seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A random unit vector (uniform on the sphere). */
function direction(rng: ReturnType<typeof seededRandom>): Vector3 {
  for (;;) {
    const v = new Vector3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1));
    const n = v.length();
    if (n > 0.1 && n <= 1) return v.divideScalar(n);
  }
}

/**
 * The jitter of grasp `key` in the gripper frame: a turn of `amount` degrees about a random axis through the tool
 * centre point, then an offset of `amount` mm in a random direction. The same key and amount give the same jitter.
 */
export function graspJitter(key: string, amount: number, jaw: ParallelJawModel): Matrix4 {
  const rng = seededRandom(hash(key));
  const offset = direction(rng).multiplyScalar(amount / 1000);
  const turn = new Quaternion().setFromAxisAngle(direction(rng), (amount * Math.PI) / 180);
  const tcp = new Vector3(0, 0, jaw.tcpZM);
  return new Matrix4()
    .makeTranslation(offset.x + tcp.x, offset.y + tcp.y, offset.z + tcp.z)
    .multiply(new Matrix4().makeRotationFromQuaternion(turn))
    .multiply(new Matrix4().makeTranslation(-tcp.x, -tcp.y, -tcp.z));
}

/** Every planned grasp relabelled in this thread with its pose jittered (the trials' own solver). */
export async function labelJittered(
  objects: readonly DatagenObject[],
  settings: PlanSettings,
  amount: number,
): Promise<Map<string, FailureMode>> {
  if (settings.effector.kind !== 'parallel') throw new Error('BENCH_VERIFY_JITTER: parallel jaws only');
  const jaw = settings.effector;
  const rapier = await loadRapier(settings.engine);
  const templates = new Map<string, TrialTemplate>();
  const labels = new Map<string, FailureMode>();
  const solverVariant = {
    solverIterations: SOLVER.solverIterations,
    internalPgsIterations: SOLVER.internalPgsIterations,
  };
  objects.forEach((object, i) => {
    const plan = planObject(object, i, settings);
    for (let chunk = 0; chunk < plan.chunkCount; chunk++) {
      const trialChunk = trialChunkOf({ plan, chunk }, settings);
      const trials = trialChunk.trials.map((t, k) => {
        const key = `${object.name}#${trialChunk.firstTrialIndex + k}`;
        const pose = new Matrix4().fromArray([...t.gripperInObject]).multiply(graspJitter(key, amount, jaw));
        return { ...t, gripperInObject: [...pose.elements] };
      });
      const results = runTrialChunk(
        rapier,
        { ...trialChunk, trials },
        { reuse: true, templates, templateKey: String(i), solverVariant },
      );
      results.forEach((r, k) => labels.set(`${object.name}#${trialChunk.firstTrialIndex + k}`, r.failure));
    }
  });
  return labels;
}

/** Every grasp of the dataset replayed in MuJoCo with its pose jittered the same way: outcomes by key. */
export async function replayJittered(dataset: ReplayDataset, amount: number): Promise<Map<string, FailureMode>> {
  const mj = await loadMujocoOnce();
  const out = new Map<string, FailureMode>();
  for (const trial of dataset.trials) {
    const key = `${trial.object}#${trial.trialIndex}`;
    const gripperInObject = trial.gripperInObject.clone().multiply(graspJitter(key, amount, dataset.effector));
    const shape = dataset.shapes.get(trial.object)!;
    out.set(key, replayTrial(mj, dataset.effector, shape, dataset.schedule, { ...trial, gripperInObject }).failure);
  }
  return out;
}

/**
 * The noise floor's figures, held/not held: each engine's labels against its own jittered labels, the two engines
 * on the jittered grasps, and on the grasps stable in both; and the unjittered disagreements by which engine flips.
 */
export function printJitter(
  amount: number,
  rows: readonly { key: string; label: FailureMode; referee: FailureMode }[],
  rapier: ReadonlyMap<string, FailureMode>,
  mujoco: ReadonlyMap<string, FailureMode>,
): void {
  const held = (m: FailureMode): boolean => m === 'none';
  const n = rows.length;
  const pct = (a: number, b: number): string => `${a}/${b} (${b === 0 ? '-' : ((100 * a) / b).toFixed(1)} %)`;
  const rapierStable = rows.filter((r) => held(r.label) === held(rapier.get(r.key)!));
  const mujocoStable = rows.filter((r) => held(r.referee) === held(mujoco.get(r.key)!));
  const bothStable = rows.filter(
    (r) => held(r.label) === held(rapier.get(r.key)!) && held(r.referee) === held(mujoco.get(r.key)!),
  );
  const agree = (subset: typeof rows): number => subset.filter((r) => held(r.label) === held(r.referee)).length;
  const jitteredAgree = rows.filter((r) => held(rapier.get(r.key)!) === held(mujoco.get(r.key)!)).length;
  const wrong = rows.filter((r) => held(r.label) !== held(r.referee));
  const flipsR = (r: (typeof rows)[number]): boolean => held(r.label) !== held(rapier.get(r.key)!);
  const flipsM = (r: (typeof rows)[number]): boolean => held(r.referee) !== held(mujoco.get(r.key)!);
  console.log(`jitter ${amount} mm / ${amount}° (the same jittered poses in both engines), held/not held:`);
  console.log(`  Rapier self-agreement   ${pct(rapierStable.length, n)}`);
  console.log(`  MuJoCo self-agreement   ${pct(mujocoStable.length, n)}`);
  console.log(`  cross, unjittered       ${pct(agree(rows), n)}`);
  console.log(`  cross, jittered         ${pct(jitteredAgree, n)}`);
  console.log(`  cross, stable in both   ${pct(agree(bothStable), bothStable.length)}`);
  console.log(
    `  the ${wrong.length} unjittered disagreements: unstable in Rapier only ${wrong.filter((r) => flipsR(r) && !flipsM(r)).length}, ` +
      `MuJoCo only ${wrong.filter((r) => !flipsR(r) && flipsM(r)).length}, both ${wrong.filter((r) => flipsR(r) && flipsM(r)).length}, ` +
      `stable in both ${wrong.filter((r) => !flipsR(r) && !flipsM(r)).length}`,
  );
  for (const r of rows.filter((x) => flipsR(x) || flipsM(x)))
    console.log(
      `    ${r.key.padEnd(20)} Rapier ${r.label} → ${rapier.get(r.key)}, MuJoCo ${r.referee} → ${mujoco.get(r.key)}`,
    );
  console.log(
    `  JITTER ${JSON.stringify({ amount, total: n, rapierSelf: rapierStable.length, mujocoSelf: mujocoStable.length, cross: agree(rows), crossJittered: jitteredAgree, stableBoth: bothStable.length, crossStable: agree(bothStable), disagreements: wrong.length, wrongUnstableR: wrong.filter((r) => flipsR(r) && !flipsM(r)).length, wrongUnstableM: wrong.filter((r) => !flipsR(r) && flipsM(r)).length, wrongUnstableBoth: wrong.filter((r) => flipsR(r) && flipsM(r)).length })}`,
  );
}
