import { Quaternion, Vector3 } from 'three';
import { trialChunkOf } from '../../apps/datagen/chunk-executor.ts';
import { planObject, type PlanSettings } from '../../apps/datagen/object-plan.ts';
import type { DatagenObject } from '../../apps/datagen/object-source.ts';
import { palmGap } from '../../sim/grasp-trial/grip-geometry.ts';
import { padPushN } from '../../sim/effectors/pad-spin.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import type { ParallelHandles } from '../../sim/grasp-trial/parallel-slot.ts';
import { gravityInGripper, weightIntoPalmN } from '../../sim/grasp-trial/palm-load.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { TRIAL_DT_S, trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { slotPoses, TRIAL_GRAVITY_MPS2 } from '../../sim/grasp-trial/slot-geometry.ts';
import { buildTrialTemplate, type TrialTemplate } from '../../sim/grasp-trial/trial-world.ts';
import type { World } from '../../sim/rapier.ts';
import { loadRapier } from '../../sim/rapier.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { DETAIL_STEP, rotationVector, spread, type Trace, type TraceStep } from './trace-step.ts';

// The Rapier side of bench/verify-trace.ts: one grasp's trial as datagen runs it, read after every step.

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
