// One grasp traced step by step in both engines (issue 13's disagreements): the trial in Rapier as datagen runs it
// and its replay in the MuJoCo referee, each step's object pose in the gripper frame (its offset and its turn since
// the end of closing, about the closing axis x and the others), each pad's normal force and contact points (count
// and spread across the pad), the palm's force and the jaw's opening. BENCH_TRACE_KEY names the grasp (object#index),
// BENCH_VERIFY_SEED and BENCH_VERIFY_OBJECTS plan it as bench/verify-agreement.ts does (the object's index in the
// list seeds its grasps), BENCH_TRACE_EVERY prints every that many steps (default 6), BENCH_TRACE_JSON writes every
// step of both engines as JSON lines to that file. The two engines' sides are bench/trace/trace-rapier.ts and
// trace-mujoco.ts (one step's record: trace-step.ts), the palm judge's reading bench/trace/palm-summary.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { Matrix4, Quaternion } from 'three';
import type { PlanSettings } from '../apps/datagen/object-plan.ts';
import { loadObjects } from '../apps/datagen/object-source.ts';
import { RandomizationSchema } from '../apps/datagen/randomization.ts';
import type { ReplayTrial } from '../apps/verify/dataset-sample.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import { trialSchedule } from '../sim/grasp-trial/schedule.ts';
import type { SimShape } from '../sim/shapes.ts';
import { palmSummary } from './trace/palm-summary.ts';
import { traceMujoco } from './trace/trace-mujoco.ts';
import { traceRapier } from './trace/trace-rapier.ts';
import { UNTUNED } from './verify-agreement.ts';
import type { TraceStep } from './trace/trace-step.ts';

export async function runVerifyTrace(): Promise<void> {
  const key = process.env.BENCH_TRACE_KEY;
  if (key === undefined || !key.includes('#')) throw new Error('BENCH_TRACE_KEY: object#index');
  const [objectName, indexText] = key.split('#') as [string, string];
  const trialIndex = Number(indexText);
  const seed = Number(process.env.BENCH_VERIFY_SEED ?? 11);
  const spec = process.env.BENCH_VERIFY_OBJECTS ?? UNTUNED;
  const every = Number(process.env.BENCH_TRACE_EVERY ?? 6);
  const objects = await loadObjects(spec, process.cwd(), 1);
  const objectIndex = objects.findIndex((o) => o.name === objectName);
  if (objectIndex < 0) throw new Error(`BENCH_TRACE_KEY: ${objectName} is not in ${spec}`);
  const settings: PlanSettings = {
    effector: EMBODY_JAW_80MM,
    graspsPerObject: Number(process.env.BENCH_VERIFY_GRASPS ?? 24),
    seed,
    chunkSize: 16,
    schedule: 'fast',
    randomization: RandomizationSchema.parse({ frictionFactor: [0.4, 1.9] }),
    fingerJoints: 'lean-linkage',
  };
  // The grasp as the referee reads it from the dataset (its physics frame), from bench/verify-agreement.ts's dump.
  const dumpPath = process.env.BENCH_VERIFY_DUMP;
  if (dumpPath === undefined) throw new Error('BENCH_VERIFY_DUMP: the dump of a verify-agreement run with this grasp');
  const line = readFileSync(dumpPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.key === key);
  if (line === undefined) throw new Error(`${key} is not in ${dumpPath}`);
  const trial: ReplayTrial = {
    object: objectName,
    trialIndex,
    label: line.label as ReplayTrial['label'],
    gripperInObject: new Matrix4().fromArray(line.gripperInObject as number[]),
    objectRotationInWorld: new Quaternion(...(line.objectRotationInWorld as [number, number, number, number])),
    massKg: line.massKg as number,
    friction: line.friction as number,
    effort: line.effort as number,
  };
  const shape = line.shape as SimShape;
  const rapier = await traceRapier(settings, objects, objectIndex, trialIndex, shape);
  const mujoco = await traceMujoco(shape, trial, settings.schedule);
  console.log(
    `${key} (seed ${seed}): ${shape.kind}, mass ${trial.massKg.toFixed(3)} kg, μ ${trial.friction.toFixed(2)}, ` +
      `force ${trial.effort.toFixed(1)} N; Rapier ${rapier.label} (slip ${(rapier.slipM * 1000).toFixed(1)} mm), ` +
      `MuJoCo ${mujoco.label} (slip ${(mujoco.slipM * 1000).toFixed(1)} mm)`,
  );
  const deg = (r: number): string => ((r * 180) / Math.PI).toFixed(1).padStart(6);
  const mm = (v: number): string => (v * 1000).toFixed(1).padStart(6);
  const row = (s: TraceStep | undefined): string =>
    s === undefined
      ? '-'
      : `at ${s.at.map(mm).join('')} turn ${s.turn.map(deg).join('')}  pads ${s.pads
          .map(
            (p) =>
              `${p.n.toFixed(1).padStart(5)} N ${p.points}/${p.contacts}pt ±${mm(p.spreadM)} @${p.centre.map(mm).join('')}`,
          )
          .join(' |')}  palm ${s.palmN.toFixed(1).padStart(5)} N (judge ${s.palmJudgeN.toFixed(1).padStart(5)} N, ` +
        `${s.palmContacts}pt |nz| ${s.palmNormalZ.toFixed(2)}, gap ${mm(s.palmGapM)})  open ${mm(s.openingM)}`;
  const n = Math.max(rapier.steps.length, mujoco.steps.length);
  for (let k = 0; k < n; k++) {
    if (k % every !== every - 1 && k !== n - 1) continue;
    console.log(`${String(k).padStart(4)} R ${row(rapier.steps[k])}`);
    console.log(`     M ${row(mujoco.steps[k])}`);
  }
  for (const [name, t] of [
    ['Rapier', rapier],
    ['MuJoCo', mujoco],
  ] as const)
    console.log(`${name} palm: ${palmSummary(t, rapier.palmThresholdN ?? NaN, trialSchedule(settings.schedule))}`);
  if (process.env.BENCH_TRACE_JSON)
    writeFileSync(process.env.BENCH_TRACE_JSON, JSON.stringify({ key, seed, rapier, mujoco }) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await runVerifyTrace();
