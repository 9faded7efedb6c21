import loadMujoco from 'mujoco-js';
import { Matrix4, Quaternion, Vector3 } from 'three';
import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import { jawStallS, jawTravelRecord } from '../../sim/effectors/jaw-drive.ts';
import { PalmLoadWatch } from '../../sim/grasp-trial/palm-load.ts';
import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import {
  closeFractionAt,
  palmOffsetAt,
  totalSteps,
  TRIAL_DT_S,
  trialSchedule,
} from '../../sim/grasp-trial/schedule.ts';
import type { FailureMode, ParallelJawModel, TrialScheduleName } from '../../sim/grasp-trial/types.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { MJ_NAMES, trialMjcf } from './mujoco-scene.ts';
import { MUJOCO_SETTINGS } from './mujoco-settings.ts';
import type { ReplayTrial } from './dataset-sample.ts';

type Mujoco = Awaited<ReturnType<typeof loadMujoco>>;
export type Model = InstanceType<Mujoco['MjModel']>;
export type Data = InstanceType<Mujoco['MjData']>;

let loading: Promise<Mujoco> | undefined;

/** Loads MuJoCo's WASM build once. */
export function loadMujocoOnce(): Promise<Mujoco> {
  loading ??= loadMujoco();
  return loading;
}

/** What MuJoCo made of one trial. */
export interface ReplayOutcome {
  readonly failure: FailureMode;
  readonly slipM: number;
  /** Trial steps run until the outcome was decided (0 for an approach collision). */
  readonly steps: number;
  /** The palm's displacement from the grasp pose when the outcome was decided, in the gripper frame, m. */
  readonly palmOffsetM: readonly [number, number, number];
  /**
   * How far the object had turned in the grip since the end of closing when the outcome was decided, rad (0 before
   * then). An object pivoting about the pads' axis onto the palm turns with little slip at the grasped point.
   */
  readonly pivotRad: number;
}

/** Options of one replay. */
export interface ReplayOptions {
  /**
   * Called after every trial step (a trace, or a test that grows MuJoCo's memory mid-trial), with the model and data
   * and the palm force the palm judge read over the step (N, 0 until closed).
   */
  readonly afterStep?: (step: number, model: Model, data: Data, palmForceN: number) => void;
}

const G = 9.81;

/**
 * Replays one labelled grasp in MuJoCo under the dataset's protocol and judgement: the same gripper, pose, μ,
 * mass and force, the jaw's control law (servo while moving; squeeze with the fingers coupled once they stall or
 * the command reaches closed), the object weightless while closing, then lift, hold and shake, checked on the
 * protocol's cadence. Approach collisions are MuJoCo's own contacts of the open gripper with the object.
 */
export function replayTrial(
  mj: Mujoco,
  jaw: ParallelJawModel,
  shape: SimShape,
  scheduleName: TrialScheduleName,
  trial: ReplayTrial,
  options: ReplayOptions = {},
): ReplayOutcome {
  const gripperInWorld = new Matrix4()
    .makeRotationFromQuaternion(trial.objectRotationInWorld)
    .multiply(trial.gripperInObject);
  const toGripper = new Quaternion().setFromRotationMatrix(gripperInWorld).invert();
  const xml = trialMjcf({
    jaw,
    shape,
    objectInGripper: trial.gripperInObject.clone().invert(),
    massKg: trial.massKg,
    friction: Math.min(trial.friction, PARALLEL_JAW_LAW.padFriction),
    forceN: trial.effort,
    trialDtS: TRIAL_DT_S,
  });
  mj.FS.writeFile('/trial.xml', xml);
  const m = mj.MjModel.loadFromXML('/trial.xml');
  const d = new mj.MjData(m);
  try {
    const palm = new PalmLoadWatch({
      jaw,
      shape,
      gravityInGripperMps2: new Vector3(0, 0, -G).applyQuaternion(toGripper),
      massKg: trial.massKg,
      friction: trial.friction,
      squeezeN: trial.effort,
    });
    return run(mj, m, d, jaw, trialSchedule(scheduleName), toGripper, trial.effort, palm, options);
  } finally {
    d.delete();
    m.delete();
  }
}

function run(
  mj: Mujoco,
  m: Model,
  d: Data,
  jaw: ParallelJawModel,
  schedule: ReturnType<typeof trialSchedule>,
  toGripper: Quaternion,
  forceN: number,
  palmLoad: PalmLoadWatch,
  options: ReplayOptions,
): ReplayOutcome {
  const id = (type: number, name: string): number => mj.mj_name2id(m, type, name);
  const JOINT = mj.mjtObj.mjOBJ_JOINT.value;
  const BODY = mj.mjtObj.mjOBJ_BODY.value;
  const GEOM = mj.mjtObj.mjOBJ_GEOM.value;
  // mujoco-js types its arrays as `any`; they are typed-array views into the model.
  const qposAdr = m.jnt_qposadr as Int32Array;
  const dofAdr = m.jnt_dofadr as Int32Array;
  const palmQ = MJ_NAMES.palmJoints.map((n) => qposAdr[id(JOINT, n)]!);
  const palmV = MJ_NAMES.palmJoints.map((n) => dofAdr[id(JOINT, n)]!);
  const fingerQ = MJ_NAMES.fingerJoints.map((n) => qposAdr[id(JOINT, n)]!);
  const fingerV = MJ_NAMES.fingerJoints.map((n) => dofAdr[id(JOINT, n)]!);
  const fingerBodies = MJ_NAMES.fingerBodies.map((n) => id(BODY, n));
  const objectBody = id(BODY, MJ_NAMES.object);
  const pads = MJ_NAMES.pads.map((n) => id(GEOM, n));
  const palmGeom = id(GEOM, MJ_NAMES.palm);
  const palmBody = id(BODY, MJ_NAMES.palm);
  const objectGeom = id(GEOM, MJ_NAMES.object);
  const stroke = jaw.maxOpeningM / 2;
  // Views into MuJoCo's WASM memory are taken afresh at every use: the heap grows as contacts are allocated
  // (`d.contact.get` copies one onto it), and a growth detaches every view taken before it. Views kept for the whole
  // trial went stale at the first growth, after which the palm no longer lifted or shook and the jaw's commands
  // were lost; the referee then judged a trial that was never run.
  const qpos = (): Float64Array => d.qpos as Float64Array;
  const qvel = (): Float64Array => d.qvel as Float64Array;
  const setPalm = (p: Vector3, v: Vector3): void => {
    const q = qpos();
    const qd = qvel();
    for (let i = 0; i < 3; i++) {
      q[palmQ[i]!] = p.getComponent(i);
      qd[palmV[i]!] = v.getComponent(i);
    }
  };
  const open = (backoffM: number): void => {
    setPalm(new Vector3(0, 0, -backoffM), new Vector3());
    const q = qpos();
    for (const f of fingerQ) q[f] = stroke;
  };
  // Approach: the open gripper at the grasp pose and backed off along its approach, against the object.
  // The object's orientation at the end of closing (null before), to report its pivot in the grip.
  let closedRotation: Quaternion | null = null;
  const outcome = (failure: FailureMode, slipM: number, steps: number): ReplayOutcome => {
    const q = qpos();
    const pivotRad = closedRotation === null ? 0 : closedRotation.angleTo(bodyPose(d, objectBody).q);
    return { failure, slipM, steps, palmOffsetM: [q[palmQ[0]!]!, q[palmQ[1]!]!, q[palmQ[2]!]!], pivotRad };
  };
  for (const backoff of TRIAL_PROTOCOL.approachBackoffsM) {
    open(backoff);
    mj.mj_forward(m, d);
    if (deepestContactM(d, objectGeom, [palmGeom, ...pads]) > TRIAL_PROTOCOL.approachToleranceM)
      return outcome('collision_at_approach', 0, 0);
  }
  open(0);
  mj.mj_forward(m, d);
  const closeEnd = schedule.closeSteps - 1;
  const liftEnd = closeEnd + schedule.liftSteps + schedule.holdSteps;
  const last = totalSteps(schedule) - 1;
  const travel = jawTravelRecord();
  let stalledS = 0;
  let squeezing = false;
  const offset: [number, number, number] = [0, 0, 0];
  const prev = new Vector3();
  const next = new Vector3();
  const anchor = new Vector3();
  const gravity = new Vector3(0, 0, -G).applyQuaternion(toGripper);
  const substeps = MUJOCO_SETTINGS.substeps;
  for (let k = 0; k <= last; k++) {
    // The jaw law, as the trial drives it.
    const q = qpos();
    const qd = qvel();
    travel.fingerM[0] = q[fingerQ[0]!]!;
    travel.fingerM[1] = q[fingerQ[1]!]!;
    travel.travelM = travel.fingerM[0] + travel.fingerM[1];
    travel.rateMps = qd[fingerV[0]!]! + qd[fingerV[1]!]!;
    const closing = k < schedule.closeRampSteps;
    const commandM = closing ? jaw.maxOpeningM * (1 - closeFractionAt(schedule, k)) : 0;
    stalledS = jawStallS(stalledS, travel, commandM, TRIAL_DT_S);
    squeezing ||= !closing || stalledS >= PARALLEL_JAW_LAW.stallS - 1e-9;
    const target = squeezing ? -(PARALLEL_JAW_LAW.squeezeOvershoot * forceN) / PARALLEL_JAW_LAW.kpNPerM : commandM / 2;
    const ctrl = d.ctrl as Float64Array;
    ctrl[0] = target;
    ctrl[1] = target;
    (d.eq_active as Uint8Array)[0] = squeezing ? 1 : 0;
    // The palm's world motion, seen from the gripper frame, written every substep.
    palmOffsetAt(schedule, k - 1, offset);
    prev.fromArray(offset).applyQuaternion(toGripper);
    palmOffsetAt(schedule, k, offset);
    next.fromArray(offset).applyQuaternion(toGripper);
    const velocity = next.clone().sub(prev).divideScalar(TRIAL_DT_S);
    // The palm's normal force over the step (the mean of its substeps'), as the trial reads its impulse over a step.
    let palmForceN = 0;
    for (let s = 0; s < substeps; s++) {
      setPalm(prev.clone().lerp(next, s / substeps), velocity);
      mj.mj_step(m, d);
      if (k > closeEnd) palmForceN += palmPushN(mj, m, d, palmBody) / substeps;
    }
    if (k > closeEnd) palmLoad.step(palmForceN);
    options.afterStep?.(k, m, d, palmForceN);
    if (k === closeEnd) {
      if (!pads.every((p) => pushing(d, p, objectGeom))) return outcome('no_contact', 0, k + 1);
      toBody(d, objectBody, gripPoint(d, fingerBodies), anchor);
      closedRotation = bodyPose(d, objectBody).q;
      const g = m.opt.gravity as Float64Array;
      g[0] = gravity.x;
      g[1] = gravity.y;
      g[2] = gravity.z;
      continue;
    }
    const phaseEnd = k === liftEnd || k === last;
    if (k < closeEnd || (!phaseEnd && (k - closeEnd) % TRIAL_PROTOCOL.checkEverySteps !== 0)) continue;
    const phase: FailureMode = k <= liftEnd ? 'slipped_during_lift' : 'slipped_during_shake';
    const slipM = fromBody(d, objectBody, anchor).distanceTo(gripPoint(d, fingerBodies));
    if (palmLoad.fails(() => objectInGripper(d, objectBody, palmQ))) return outcome('palm_contact', slipM, k + 1);
    const touching = pads.filter((p) => pushing(d, p, objectGeom)).length;
    if (slipM > TRIAL_PROTOCOL.heldSlipM || touching === 0 || (phaseEnd && touching < 2))
      return outcome(phase, slipM, k + 1);
    if (k === last) return outcome('none', slipM, k + 1);
  }
  return outcome('slipped_during_shake', 0, last + 1);
}

/** Deepest penetration between the object and any of `geoms` among the contacts MuJoCo found, m. */
function deepestContactM(d: Data, object: number, geoms: readonly number[]): number {
  let deepest = -Infinity;
  for (let i = 0; i < d.ncon; i++) {
    const c = d.contact.get(i)!;
    if ((c.geom1 === object && geoms.includes(c.geom2)) || (c.geom2 === object && geoms.includes(c.geom1)))
      deepest = Math.max(deepest, -c.dist);
    c.delete();
  }
  return deepest;
}

/**
 * The object's push on the palm along the approach, N: the palm body's contact force (`cfrc_ext`, computed here by
 * `mj_rnePostConstraint`) along −z of the scene, which is the gripper's frame. The palm touches only the object (the
 * fingers are excluded), and reading one body's force allocates nothing, where copying every contact each substep
 * (`d.contact.get`) grows MuJoCo's WASM heap past its 2 GB limit over a bench's replays.
 */
function palmPushN(mj: Mujoco, m: Model, d: Data, palmBody: number): number {
  mj.mj_rnePostConstraint(m, d);
  return Math.max(0, -(d.cfrc_ext as Float64Array)[6 * palmBody + 5]!);
}

/** True when the solver pushes between the two geoms (an elliptic contact's first row is its normal force). */
function pushing(d: Data, a: number, b: number): boolean {
  for (let i = 0; i < d.ncon; i++) {
    const c = d.contact.get(i)!;
    const hit = (c.geom1 === a && c.geom2 === b) || (c.geom1 === b && c.geom2 === a);
    const address = c.efc_address;
    c.delete();
    // Read after the copy above, which may have grown (and detached) MuJoCo's memory.
    if (hit && address >= 0 && (d.efc_force as Float64Array)[address]! > 1e-6) return true;
  }
  return false;
}

function gripPoint(d: Data, fingerBodies: readonly number[]): Vector3 {
  const x = d.xpos as Float64Array;
  const [a, b] = fingerBodies as [number, number];
  return new Vector3(
    (x[3 * a]! + x[3 * b]!) / 2,
    (x[3 * a + 1]! + x[3 * b + 1]!) / 2,
    (x[3 * a + 2]! + x[3 * b + 2]!) / 2,
  );
}

function bodyPose(d: Data, body: number): { p: Vector3; q: Quaternion } {
  const x = d.xpos as Float64Array;
  const q = d.xquat as Float64Array;
  return {
    p: new Vector3(x[3 * body], x[3 * body + 1], x[3 * body + 2]),
    q: new Quaternion(q[4 * body + 1], q[4 * body + 2], q[4 * body + 3], q[4 * body]),
  };
}

/** The object's pose in the gripper's frame: the scene's world is that frame, the palm only moving along it. */
function objectInGripper(d: Data, body: number, palmQ: readonly number[]): Matrix4 {
  const { p, q } = bodyPose(d, body);
  const qpos = d.qpos as Float64Array;
  p.sub(new Vector3(qpos[palmQ[0]!], qpos[palmQ[1]!], qpos[palmQ[2]!]));
  return new Matrix4().compose(p, q, new Vector3(1, 1, 1));
}

function toBody(d: Data, body: number, point: Vector3, out: Vector3): void {
  const { p, q } = bodyPose(d, body);
  out.copy(point).sub(p).applyQuaternion(q.invert());
}

function fromBody(d: Data, body: number, local: Vector3): Vector3 {
  const { p, q } = bodyPose(d, body);
  return local.clone().applyQuaternion(q).add(p);
}
