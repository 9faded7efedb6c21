import type { Matrix4 } from 'three';
import { Quaternion, Vector3 } from 'three';
import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import type { ParallelJawModel } from '../../sim/grasp-trial/types.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { MUJOCO_SETTINGS } from './mujoco-settings.ts';

/** What the MJCF of one trial needs. */
export interface MujocoTrialScene {
  readonly jaw: ParallelJawModel;
  readonly shape: SimShape;
  /** The object's pose in the gripper frame (the scene's world: the palm moves but never turns). */
  readonly objectInGripper: Matrix4;
  readonly massKg: number;
  /** μ of every contact: the pad law's min(object μ, pad μ) (MuJoCo combines geoms' μ by max, so all get it). */
  readonly friction: number;
  /** Each finger's force limit, N. */
  readonly forceN: number;
  readonly trialDtS: number;
}

/** Names the replay looks up in the compiled model. */
export const MJ_NAMES = {
  palmJoints: ['palm_x', 'palm_y', 'palm_z'],
  fingerJoints: ['finger_a', 'finger_b'],
  fingerBodies: ['finger_a', 'finger_b'],
  pads: ['pad_a', 'pad_b'],
  palm: 'palm',
  object: 'object',
  objectJoint: 'object',
} as const;

/**
 * The MJCF of one trial, in the gripper frame: a palm on three slide joints (kinematic: its position and velocity
 * are written every substep), two fingers on slide joints opening along ±x with position servos (kp, kv, force
 * limit as the jaw law), a mimic equality that the replay turns on when the jaw squeezes, and the object free.
 * Gravity starts off (the object is weightless while closing, as in the trial).
 */
export function trialMjcf(s: MujocoTrialScene): string {
  const { jaw } = s;
  const law = PARALLEL_JAW_LAW;
  const n = (v: number): string => (Math.abs(v) < 1e-12 ? '0' : v.toPrecision(9));
  const vec = (v: readonly number[]): string => v.map(n).join(' ');
  // condim 4 adds friction against spin about the contact normal: MuJoCo bounds the spin torque by this length
  // times the normal force. Rubber pads touch in patches; a uniform circular patch of radius a resists spin up to
  // (2/3)·μ·a·N, and the widest patch a pad can make has its half-width as radius.
  const torsionM = torsionalFrictionM(s.friction, jaw);
  const friction = `friction="${n(s.friction)} ${n(torsionM)} 0.0001"`;
  const stroke = jaw.maxOpeningM / 2;
  const finger = (name: 'a' | 'b', side: 1 | -1): string => `
      <body name="finger_${name}" pos="${vec([side * jaw.padHalfM[0], 0, jaw.padCentreZM])}">
        <joint name="finger_${name}" type="slide" axis="${side} 0 0" range="0 ${n(stroke)}"/>
        <geom name="pad_${name}" type="box" size="${vec(jaw.padHalfM)}" mass="${n(jaw.fingerMassKg)}" ${friction}/>
      </body>`;
  const servo = (name: 'a' | 'b'): string =>
    `<position name="finger_${name}" joint="finger_${name}" kp="${n(law.kpNPerM)}" kv="${n(law.kdNsPerM)}" ` +
    `forcerange="${n(-s.forceN)} ${n(s.forceN)}" ctrllimited="false"/>`;
  const position = new Vector3();
  const rotation = new Quaternion();
  s.objectInGripper.decompose(position, rotation, new Vector3());
  const { asset, geom } = objectGeom(s.shape, s.massKg, friction, n);
  const palmJoint = (axis: string, name: string): string =>
    `<joint name="${name}" type="slide" axis="${axis}" armature="${n(MUJOCO_SETTINGS.palmArmature)}"/>`;
  return `<mujoco model="embody_trial">
  <compiler angle="radian" autolimits="true"/>
  <option timestep="${n(s.trialDtS / MUJOCO_SETTINGS.substeps)}" gravity="0 0 0" integrator="${MUJOCO_SETTINGS.integrator}"
    cone="${MUJOCO_SETTINGS.cone}" impratio="${n(MUJOCO_SETTINGS.impratio)}" solver="${MUJOCO_SETTINGS.solver}">
    <flag multiccd="${MUJOCO_SETTINGS.multiccd ? 'enable' : 'disable'}"/>
  </option>
  <default><geom solref="${vec(MUJOCO_SETTINGS.solref)}" condim="${MUJOCO_SETTINGS.condim}"/></default>
  <asset>${asset}</asset>
  <worldbody>
    <body name="palm">
      ${palmJoint('1 0 0', 'palm_x')}${palmJoint('0 1 0', 'palm_y')}${palmJoint('0 0 1', 'palm_z')}
      <inertial pos="0 0 0" mass="1" diaginertia="0.001 0.001 0.001"/>
      <geom name="palm" type="box" size="${vec(jaw.palmHalfM)}" pos="0 0 ${n(jaw.palmCentreZM)}" mass="0" ${friction}/>${finger('a', 1)}${finger('b', -1)}
    </body>
    <body name="object" pos="${vec(position.toArray())}" quat="${vec([rotation.w, rotation.x, rotation.y, rotation.z])}">
      <freejoint name="object"/>
      ${geom}
    </body>
  </worldbody>
  <contact><exclude body1="palm" body2="finger_a"/><exclude body1="palm" body2="finger_b"/></contact>
  <equality><joint name="mimic" joint1="finger_a" joint2="finger_b" polycoef="0 1 0 0 0" active="false"/></equality>
  <actuator>${servo('a')}${servo('b')}</actuator>
</mujoco>`;
}

/** The pads' spin friction for MuJoCo's condim 4, m: a uniform patch as wide as the pad, (2/3)·μ·half-width. */
export function torsionalFrictionM(friction: number, jaw: ParallelJawModel): number {
  return (2 / 3) * friction * jaw.padHalfM[1];
}

function objectGeom(
  shape: SimShape,
  massKg: number,
  friction: string,
  n: (v: number) => string,
): { asset: string; geom: string } {
  const common = `name="object" mass="${n(massKg)}" ${friction}`;
  switch (shape.kind) {
    case 'box':
      return { asset: '', geom: `<geom ${common} type="box" size="${shape.halfExtentsM.map(n).join(' ')}"/>` };
    case 'cylinder':
      return {
        asset: '',
        geom: `<geom ${common} type="cylinder" size="${n(shape.radiusM)} ${n(shape.heightM / 2)}"/>`,
      };
    case 'sphere':
      return { asset: '', geom: `<geom ${common} type="sphere" size="${n(shape.radiusM)}"/>` };
    case 'capsule':
      return {
        asset: '',
        geom: `<geom ${common} type="capsule" size="${n(shape.radiusM)} ${n(Math.max(0, shape.heightM / 2 - shape.radiusM))}"/>`,
      };
    case 'convex':
      // MuJoCo collides a mesh as its convex hull, as the trial did.
      return {
        asset: `<mesh name="object" vertex="${Array.from(shape.pointsM, n).join(' ')}"/>`,
        geom: `<geom ${common} type="mesh" mesh="object"/>`,
      };
  }
}
