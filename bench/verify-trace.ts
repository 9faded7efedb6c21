// One grasp traced step by step in both engines (issue 13's disagreements): the trial in Rapier as datagen runs it
// and its replay in the MuJoCo referee, each step's object pose in the gripper frame (its offset and its turn since
// the end of closing, about the closing axis x and the others), each pad's normal force and contact points (count
// and spread across the pad), the palm's force and the jaw's opening. BENCH_TRACE_KEY names the grasp (object#index),
// BENCH_VERIFY_SEED and BENCH_VERIFY_OBJECTS plan it as bench/verify-agreement.ts does (the object's index in the
// list seeds its grasps), BENCH_TRACE_EVERY prints every that many steps (default 6), BENCH_TRACE_JSON writes every
// step of both engines as JSON lines to that file.
import { readFileSync, writeFileSync } from 'node:fs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { trialChunkOf } from '../apps/datagen/chunk-executor.ts';
import { planObject, type PlanSettings } from '../apps/datagen/object-plan.ts';
import { loadObjects, type DatagenObject } from '../apps/datagen/object-source.ts';
import { RandomizationSchema } from '../apps/datagen/randomization.ts';
import type { ReplayTrial } from '../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../apps/verify/mujoco-replay.ts';
import { MJ_NAMES } from '../apps/verify/mujoco-scene.ts';
import { palmGap } from '../apps/verify/grip-geometry.ts';
import { padPushN } from '../sim/effectors/pad-spin.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import type { ParallelHandles } from '../sim/grasp-trial/parallel-slot.ts';
import { gravityInGripper, weightIntoPalmN } from '../sim/grasp-trial/palm-load.ts';
import { TRIAL_PROTOCOL } from '../sim/grasp-trial/protocol.ts';
import { runTrialChunk } from '../sim/grasp-trial/run-chunk.ts';
import { TRIAL_DT_S, trialSchedule } from '../sim/grasp-trial/schedule.ts';
import { TRIAL_GRAVITY_MPS2 } from '../sim/grasp-trial/slot-geometry.ts';
import { slotPoses } from '../sim/grasp-trial/slot-geometry.ts';
import { buildTrialTemplate, type TrialTemplate } from '../sim/grasp-trial/trial-world.ts';
import type { FailureMode } from '../sim/grasp-trial/types.ts';
import type { World } from '../sim/rapier.ts';
import { loadRapier } from '../sim/rapier.ts';
import type { SimShape } from '../sim/shapes.ts';

/** BENCH_TRACE_DETAIL: a step whose every pad contact point both engines print (their depth and force). */
const DETAIL_STEP = Number(process.env.BENCH_TRACE_DETAIL ?? -1);

const UNTUNED = 'can-500ml,can-250ml-slim,bottle-500ml,sauce-jar,sugar-box,pasta-box,pudding-box';

/** One engine's state after one trial step, in the gripper frame (x closing, z approach), SI units. */
export interface TraceStep {
  readonly step: number;
  /** The object's centre in the gripper frame, m. */
  readonly at: readonly [number, number, number];
  /** Its turn since the end of closing as a rotation vector in the gripper frame, rad (zero before). */
  readonly turn: readonly [number, number, number];
  /** Per pad: normal force, N; contact points pushing; their spread across the pad (rms about their centre), m. */
  readonly pads: readonly {
    n: number;
    contacts: number;
    points: number;
    spreadM: number;
    centre: readonly [number, number];
  }[];
  readonly palmN: number;
  /**
   * The palm's force as the engine's palm judge reads it (palm-load.ts), N: in Rapier the palm's normal impulses over
   * the step / dt (as palmN); in MuJoCo the palm body's contact force along −z (cfrc_ext), the mean over the step's
   * substeps.
   */
  readonly palmJudgeN: number;
  /** The palm's contacts the solver pushed at, and their force-weighted |normal · z| (1: on the palm's face). */
  readonly palmContacts: number;
  readonly palmNormalZ: number;
  /** Gap between the object and the palm's face over the palm's footprint (grip-geometry.ts's palmGap), m. */
  readonly palmGapM: number;
  /** The jaw's opening (the fingers' travel sum), m. */
  readonly openingM: number;
}

function rotationVector(q: Quaternion): [number, number, number] {
  const w = Math.min(1, Math.abs(q.w));
  const angle = 2 * Math.acos(w);
  const s = Math.sqrt(Math.max(0, 1 - w * w));
  if (s < 1e-9) return [0, 0, 0];
  const sign = q.w < 0 ? -1 : 1;
  return [(sign * q.x * angle) / s, (sign * q.y * angle) / s, (sign * q.z * angle) / s];
}

/** Points in the gripper frame → count, rms spread about their force-weighted centre (y, z of the pad), centre. */
function spread(points: readonly { p: Vector3; f: number }[]): {
  points: number;
  spreadM: number;
  centre: [number, number];
} {
  const total = points.reduce((s, x) => s + x.f, 0);
  if (total <= 0) return { points: 0, spreadM: 0, centre: [0, 0] };
  const cy = points.reduce((s, x) => s + x.f * x.p.y, 0) / total;
  const cz = points.reduce((s, x) => s + x.f * x.p.z, 0) / total;
  const sq = points.reduce((s, x) => s + x.f * ((x.p.y - cy) ** 2 + (x.p.z - cz) ** 2), 0) / total;
  return { points: points.length, spreadM: Math.sqrt(sq), centre: [cy, cz] };
}

/** One engine's trace of a grasp: its outcome and every step. */
export interface Trace {
  readonly label: FailureMode;
  readonly slipM: number;
  readonly steps: TraceStep[];
  /** The palm judge's threshold for this grasp (palm-load.ts: the share of the weight into the palm), N. */
  readonly palmThresholdN?: number;
}

/**
 * Grasp `trialIndex` of object `objectIndex` run in Rapier alone in its slot of a trial world (a trial's world does
 * not depend on its neighbours, so its outcome is datagen's), traced after every step.
 */
export async function traceRapier(
  settings: PlanSettings,
  objects: readonly DatagenObject[],
  objectIndex: number,
  trialIndex: number,
  shape?: SimShape,
): Promise<Trace> {
  const rapier = await loadRapier(settings.engine);
  const plan = planObject(objects[objectIndex]!, objectIndex, settings);
  const chunk = Math.floor(trialIndex / settings.chunkSize);
  const full = trialChunkOf({ plan, chunk }, settings);
  const k = trialIndex - full.firstTrialIndex;
  const spec = full.trials[k]!;
  const trialChunk = { ...full, trials: [spec], firstTrialIndex: trialIndex };
  const joints = settings.fingerJoints!;
  const template = buildTrialTemplate(rapier, trialChunk.object, trialChunk.effector, joints);
  const templates = new Map<string, TrialTemplate>([[`trace|${trialChunk.effector.name}|${joints}`, template]]);
  const j = trialIndex % TRIAL_PROTOCOL.trialsPerWorld;
  const handles = template.slots[j]!;
  const jawHandles = (handles.effector as ParallelHandles).jaw;
  const palmHandle = (handles.effector as ParallelHandles).palm;
  const palmColliderHandle = (handles.effector as ParallelHandles).palmCollider;
  const gripperRotation = new Quaternion().copy(slotPoses(j, spec).gripperRotation);
  const toGripper = gripperRotation.clone().invert();
  const steps: TraceStep[] = [];
  const closeEnd = trialSchedule(settings.schedule).closeSteps - 1;
  let closed: Quaternion | null = null;
  let step = 0;
  const onStep = (world: World): void => {
    const body = world.getRigidBody(handles.objectBody);
    const palm = world.getRigidBody(palmHandle);
    if (body === null || palm === null) return;
    const object = world.getCollider(handles.objectCollider);
    const p = palm.translation();
    const t = body.translation();
    const r = body.rotation();
    const inGripper = new Quaternion(r.x, r.y, r.z, r.w).premultiply(toGripper);
    if (step === closeEnd) closed = inGripper.clone();
    const turn = closed === null ? new Quaternion() : inGripper.clone().multiply(closed.clone().invert());
    const at = new Vector3(t.x - p.x, t.y - p.y, t.z - p.z).applyQuaternion(toGripper);
    const pads = jawHandles.padColliders.map((set) => {
      let n = 0;
      let contacts = 0;
      const points: { p: Vector3; f: number }[] = [];
      for (const h of set) {
        const pad = world.getCollider(h);
        n += padPushN(world, pad, object, TRIAL_DT_S);
        // The manifold's points the solver pushed at (impulse), weighted by their impulse.
        world.contactPair(pad, object, (manifold, flipped) => {
          const frame = flipped ? object : pad;
          const fq = frame.rotation();
          const ft = frame.translation();
          const rot = new Quaternion(fq.x, fq.y, fq.z, fq.w);
          contacts += manifold.numContacts();
          for (let c = 0; c < manifold.numContacts(); c++) {
            const impulse = manifold.contactImpulse(c);
            if (step === DETAIL_STEP) {
              const l = manifold.localContactPoint1(c);
              console.log(
                `R step ${step} pad ${h} point ${c}: local1 ${l ? [l.x, l.y, l.z].map((v) => (v * 1000).toFixed(2)).join(' ') : '-'} dist ${(manifold.contactDist(c) * 1000).toFixed(3)} mm impulse ${impulse.toExponential(2)} flipped ${flipped}`,
              );
            }
            if (!(impulse > 1e-9)) continue;
            const local = manifold.localContactPoint1(c);
            if (local === null) continue;
            const w = new Vector3(local.x, local.y, local.z).applyQuaternion(rot).add(new Vector3(ft.x, ft.y, ft.z));
            points.push({ p: w.sub(new Vector3(p.x, p.y, p.z)).applyQuaternion(toGripper), f: impulse });
          }
        });
      }
      return { n, contacts, ...spread(points) };
    });
    const palmCollider = world.getCollider(palmColliderHandle);
    const palmN = padPushN(world, palmCollider, object, TRIAL_DT_S);
    let palmContacts = 0;
    let palmNz = 0;
    let palmImpulse = 0;
    world.contactPair(palmCollider, object, (manifold) => {
      const nw = manifold.normal();
      const nz = Math.abs(new Vector3(nw.x, nw.y, nw.z).applyQuaternion(toGripper).z);
      for (let c = 0; c < manifold.numContacts(); c++) {
        const impulse = manifold.contactImpulse(c);
        if (!(impulse > 1e-9)) continue;
        palmContacts++;
        palmNz += impulse * nz;
        palmImpulse += impulse;
      }
    });
    const fa = world.getRigidBody(jawHandles.fingerBodies[0]).translation();
    const fb = world.getRigidBody(jawHandles.fingerBodies[1]).translation();
    const openingM =
      new Vector3(fa.x - fb.x, fa.y - fb.y, fa.z - fb.z).applyQuaternion(toGripper).x - 2 * EMBODY_JAW_80MM.padHalfM[0];
    steps.push({
      step,
      at: at.toArray(),
      turn: rotationVector(turn),
      pads,
      palmN,
      palmJudgeN: palmN,
      palmContacts,
      palmNormalZ: palmImpulse > 0 ? palmNz / palmImpulse : 0,
      palmGapM: shape === undefined ? NaN : palmGap(EMBODY_JAW_80MM, shape, at, inGripper),
      openingM,
    });
    step++;
  };
  const [result] = runTrialChunk(rapier, trialChunk, {
    reuse: true,
    templates,
    templateKey: 'trace',
    earlyStop: false,
    onStep,
  });
  const palmThresholdN =
    TRIAL_PROTOCOL.palmLoadShare * weightIntoPalmN(gravityInGripper(TRIAL_GRAVITY_MPS2, gripperRotation), spec.massKg);
  return { label: result!.failure, slipM: result!.slipM ?? NaN, steps, palmThresholdN };
}

/** The grasp replayed by the MuJoCo referee (`replayTrial`, unchanged), traced after every step. */
export async function traceMujoco(
  shape: SimShape,
  trial: ReplayTrial,
  schedule: PlanSettings['schedule'],
): Promise<Trace> {
  const mj = await loadMujocoOnce();
  const steps: TraceStep[] = [];
  const closeEnd = trialSchedule(schedule).closeSteps - 1;
  let closed: Quaternion | null = null;
  const outcome = replayTrial(mj, EMBODY_JAW_80MM, shape, schedule, trial, {
    afterStep: (step, m, d, judgedN) => {
      const id = (type: number, name: string): number => mj.mj_name2id(m, type, name);
      const BODY = mj.mjtObj.mjOBJ_BODY.value;
      const GEOM = mj.mjtObj.mjOBJ_GEOM.value;
      const ob = id(BODY, MJ_NAMES.object);
      const pb = id(BODY, MJ_NAMES.palm);
      const og = id(GEOM, MJ_NAMES.object);
      const padG = MJ_NAMES.pads.map((n) => id(GEOM, n));
      const palmG = id(GEOM, MJ_NAMES.palm);
      const x = d.xpos as Float64Array;
      const q = d.xquat as Float64Array;
      const inGripper = new Quaternion(q[4 * ob + 1], q[4 * ob + 2], q[4 * ob + 3], q[4 * ob]);
      if (step === closeEnd) closed = inGripper.clone();
      const turn = closed === null ? new Quaternion() : inGripper.clone().multiply(closed.clone().invert());
      const palmAt = new Vector3(x[3 * pb], x[3 * pb + 1], x[3 * pb + 2]);
      const at = new Vector3(x[3 * ob], x[3 * ob + 1], x[3 * ob + 2]).sub(palmAt);
      const padPoints: { p: Vector3; f: number }[][] = [[], []];
      const padN = [0, 0];
      const padContacts = [0, 0];
      let palmN = 0;
      let palmContacts = 0;
      let palmNz = 0;
      for (let i = 0; i < d.ncon; i++) {
        const c = d.contact.get(i)!;
        const g1 = c.geom1;
        const g2 = c.geom2;
        const address = c.efc_address;
        const pos = c.pos as Float64Array;
        const dist = c.dist;
        const normalZ = Math.abs((c.frame as Float64Array)[2]!);
        const point = new Vector3(pos[0], pos[1], pos[2]).sub(palmAt);
        c.delete();
        const other = g1 === og ? g2 : g2 === og ? g1 : -1;
        if (other < 0 || address < 0) continue;
        if (padG.includes(other)) padContacts[padG.indexOf(other)]! += 1;
        const f = (d.efc_force as Float64Array)[address]!;
        if (step === DETAIL_STEP)
          console.log(
            `M step ${step} geom ${other} at ${point
              .toArray()
              .map((v) => (v * 1000).toFixed(2))
              .join(' ')} dist ${(dist * 1000).toFixed(3)} mm force ${f.toFixed(2)} N`,
          );
        if (f <= 1e-6) continue;
        const pad = padG.indexOf(other);
        if (pad >= 0) {
          padN[pad]! += f;
          padPoints[pad]!.push({ p: point, f });
        } else if (other === palmG) {
          palmN += f;
          palmContacts++;
          palmNz += f * normalZ;
        }
      }
      const palmJudgeN = judgedN;
      const fingerQ = MJ_NAMES.fingerJoints.map(
        (n) => (m.jnt_qposadr as Int32Array)[id(mj.mjtObj.mjOBJ_JOINT.value, n)]!,
      );
      const qpos = d.qpos as Float64Array;
      steps.push({
        step,
        at: at.toArray(),
        turn: rotationVector(turn),
        pads: [0, 1].map((i) => ({ n: padN[i]!, contacts: padContacts[i]!, ...spread(padPoints[i]!) })),
        palmN,
        palmJudgeN,
        palmContacts,
        palmNormalZ: palmN > 0 ? palmNz / palmN : 0,
        palmGapM: palmGap(EMBODY_JAW_80MM, shape, at, inGripper),
        openingM: qpos[fingerQ[0]!]! + qpos[fingerQ[1]!]!,
      });
    },
  });
  return { label: outcome.failure, slipM: outcome.slipM, steps };
}

/**
 * The palm judge's reading over one engine's trace, phase by phase: the palm's force against the threshold, the
 * longest run above it and where it first reaches a check window (the judge then fails the grasp at its next
 * check), the nearest the object came to the palm, and its slide along the pads (z) and turn about the closing axis.
 */
export function palmSummary(t: Trace, thresholdN: number, schedule: ReturnType<typeof trialSchedule>): string {
  const closeEnd = schedule.closeSteps - 1;
  const liftEnd = closeEnd + schedule.liftSteps + schedule.holdSteps;
  const phases: [string, number, number][] = [
    ['lift+hold', closeEnd + 1, liftEnd],
    ['shake', liftEnd + 1, t.steps.length - 1],
  ];
  let run = 0;
  let longest = 0;
  let window: number | null = null;
  for (const s of t.steps) {
    if (s.step <= closeEnd) continue;
    run = s.palmJudgeN > thresholdN ? run + 1 : 0;
    longest = Math.max(longest, run);
    if (window === null && run >= TRIAL_PROTOCOL.checkEverySteps) window = s.step;
  }
  const z0 = t.steps[closeEnd]?.at[2] ?? NaN;
  const parts = phases.map(([name, a, b]) => {
    const ss = t.steps.filter((s) => s.step >= a && s.step <= b);
    if (ss.length === 0) return `${name} -`;
    const maxN = Math.max(...ss.map((s) => s.palmJudgeN));
    const above = ss.filter((s) => s.palmJudgeN > thresholdN).length;
    const gap = Math.min(...ss.map((s) => s.palmGapM));
    const slide = Math.min(...ss.map((s) => s.at[2] - z0));
    const turn = Math.max(...ss.map((s) => Math.abs(s.turn[0])));
    return (
      `${name} (${a}-${b}): max ${maxN.toFixed(2)} N, ${above}/${ss.length} steps above, ` +
      `gap min ${(gap * 1000).toFixed(2)} mm, slide to palm ${(-slide * 1000).toFixed(2)} mm, ` +
      `turn x ${((turn * 180) / Math.PI).toFixed(1)}°`
    );
  });
  return (
    `threshold ${thresholdN.toFixed(2)} N, longest run ${longest} steps, window full at ` +
    `${window ?? '-'}; closed gap ${((t.steps[closeEnd]?.palmGapM ?? NaN) * 1000).toFixed(2)} mm; ${parts.join('; ')}`
  );
}

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
