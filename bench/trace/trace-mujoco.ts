import { Quaternion, Vector3 } from 'three';
import type { PlanSettings } from '../../apps/datagen/object-plan.ts';
import type { ReplayTrial } from '../../apps/verify/dataset-sample.ts';
import { palmGap } from '../../sim/grasp-trial/grip-geometry.ts';
import { loadMujocoOnce, replayTrial } from '../../apps/verify/mujoco-replay.ts';
import { MJ_NAMES } from '../../apps/verify/mujoco-scene.ts';
import { EMBODY_JAW_80MM } from '../../sim/grasp-trial/effector-models.ts';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { DETAIL_STEP, rotationVector, spread, type Trace, type TraceStep } from './trace-step.ts';

// The MuJoCo side of bench/verify-trace.ts: the referee's replay of one grasp, unchanged, read after every step.

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
