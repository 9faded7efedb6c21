import { Matrix4, Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import { trialChunkOf } from '../../apps/datagen/chunk-executor.ts';
import { planObject, type PlanSettings } from '../../apps/datagen/object-plan.ts';
import { loadObjects } from '../../apps/datagen/object-source.ts';
import { RandomizationSchema } from '../../apps/datagen/randomization.ts';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { traceMujoco } from '../../bench/trace/trace-mujoco.ts';
import { traceRapier } from '../../bench/trace/trace-rapier.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { runTrialChunk } from '../../sim/grasp-trial/run-chunk.ts';
import { totalSteps, trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { loadRapier } from '../../sim/rapier.ts';

// bench/verify-trace.ts (bench/trace/) traces one grasp in both engines to find where they part. A trace is worth only as much as
// it is the labelled trial and the referee's replay themselves: these check both.

const settings: PlanSettings = {
  effector: EMBODY_JAW_80MM,
  graspsPerObject: 6,
  seed: 15,
  chunkSize: 16,
  schedule: 'fast',
  randomization: RandomizationSchema.parse({ frictionFactor: [0.4, 1.9] }),
  fingerJoints: 'lean-linkage',
};

/** pasta-box #21 of bench/verify-agreement.ts's seed 14, as the referee reads it from the dataset. */
function pasta21(): { trial: ReplayTrial; shape: { kind: 'box'; halfExtentsM: [number, number, number] } } {
  return {
    trial: {
      object: 'pasta-box',
      trialIndex: 21,
      label: 'none',
      gripperInObject: new Matrix4().fromArray([
        0.9689697948188472, -0.24118860552992405, -0.05408875383342049, 0, 0.07555295691163526, 0.08064669342461772,
        0.9938751740241755, 0, -0.23534928814557787, -0.9671215887375313, 0.09636672230165001, 0, 0.029010519954598735,
        0.17614556620286181, -0.03551347507117772, 1,
      ]),
      objectRotationInWorld: new Quaternion(
        -0.3620730604459125,
        0.16845948740348854,
        -0.4271835753683303,
        0.8111958412976576,
      ).normalize(),
      massKg: 0.5486830888712887,
      friction: 1.016975460916292,
      effort: 16.43346772296354,
    },
    shape: { kind: 'box', halfExtentsM: [0.02452961061440874, 0.07631434413371609, 0.10629497932910453] },
  };
}

describe('bench/verify-trace', () => {
  it('runs each grasp in Rapier to the label and slip datagen gives it, tracing every step', async () => {
    const objects = await loadObjects('sugar-box', process.cwd(), 1);
    const plan = planObject(objects[0]!, 0, settings);
    const rapier = await loadRapier(settings.engine);
    const labelled = runTrialChunk(rapier, trialChunkOf({ plan, chunk: 0 }, settings), { reuse: false });
    const steps = totalSteps(trialSchedule(settings.schedule));
    let held = 0;
    for (let i = 0; i < labelled.length; i++) {
      const trace = await traceRapier(settings, objects, 0, i);
      expect(trace.label).toBe(labelled[i]!.failure);
      expect(trace.slipM).toBe(labelled[i]!.slipM);
      if (trace.label === 'collision_at_approach') continue;
      // Decided trials run on to the end (no early stop), so every step is traced.
      expect(trace.steps).toHaveLength(steps);
      if (trace.label !== 'none') continue;
      held++;
      // A held object is pushed by both pads at the end of closing.
      const closed = trace.steps[trialSchedule(settings.schedule).closeSteps - 1]!;
      for (const pad of closed.pads) expect(pad.n).toBeGreaterThan(1);
    }
    expect(held).toBeGreaterThan(0);
  });

  it('traces the referee replay itself: the same outcome, one trace step per trial step run', async () => {
    const { trial, shape } = pasta21();
    const mj = await loadMujocoOnce();
    const outcome = replayTrial(mj, EMBODY_JAW_80MM, shape, 'fast', trial);
    const trace = await traceMujoco(shape, trial, 'fast');
    expect(trace.label).toBe(outcome.failure);
    expect(trace.slipM).toBe(outcome.slipM);
    expect(trace.steps).toHaveLength(outcome.steps);
    const closed = trace.steps[trialSchedule('fast').closeSteps - 1]!;
    for (const pad of closed.pads) expect(pad.n).toBeGreaterThan(1);
  });
});
