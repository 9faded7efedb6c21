import { type Quaternion, Vector3 } from 'three';
import { palmOffsetAt, TRIAL_DT_S, totalSteps, type TrialSchedule } from '../../sim/grasp-trial/schedule.ts';
import type { SimShape } from '../../sim/shapes.ts';

// The one motion statics leaves open in a parallel grip: the object turning about the closing axis through the pads'
// patches, resisted only by the patches' spin friction. Peaks of the lift and shake briefly ask for more moment than
// the patches carry; whether the object then turns onto the palm depends on how long and how far over, so the turn
// is integrated over the protocol as one rotational degree of freedom with Coulomb stick–slip (the object otherwise
// moves with the palm). Not an engine: no contacts are found, the patches and the palm's angle are given.

const G = 9.81;
/** Integration steps per trial step. */
const SUBSTEPS = 8;

/** The grip the turn is integrated for, in the jaw frame (x the closing axis). */
export interface PivotInput {
  readonly shape: SimShape;
  readonly massKg: number;
  /** The object's centre of mass and orientation once closed. */
  readonly positionInJaw: Vector3;
  readonly rotationInJaw: Quaternion;
  /** The turning axis: the closing axis through this point of the pad plane (jaw y, jaw z), m. */
  readonly pivotYZ: readonly [number, number];
  /** World → jaw rotation (the jaw never turns in a trial). */
  readonly worldToJaw: Quaternion;
  readonly friction: number;
  readonly gripForceN: number;
  /** Spin-friction lever of each pad's patch, m: the patch carries μ·N times this. */
  readonly torsionRadiiM: readonly [number, number];
  /** How far the object may turn each way (+, −) before it meets the palm, rad. */
  readonly palmAtRad: readonly [number, number];
}

/** What the turn did. */
export interface PivotOutcome {
  /** The largest turn each way (+, −), rad. */
  readonly maxTurnRad: readonly [number, number];
  /** The trial step at which the object met the palm, or null. */
  readonly palmStep: number | null;
  /** Trial steps at which the load in the pad plane exceeded what the pads' friction carries (the grip slides). */
  readonly slideSteps: number;
  /**
   * How far the object slides in the pads' plane over the protocol, m: its speed relative to the pads grows while
   * the load exceeds what friction carries and falls back at the friction left over once it does not (one degree of
   * freedom along the load; a velocity jump of the palm slides the object until friction has caught it up).
   */
  readonly slideM: number;
}

/** The object's moment of inertia about the jaw's x axis through its centre of mass, kg·m². */
export function inertiaAboutX(shape: SimShape, massKg: number, rotationInJaw: Quaternion): number {
  let diag: [number, number, number];
  switch (shape.kind) {
    case 'box': {
      const [x, y, z] = shape.halfExtentsM.map((h) => (2 * h) ** 2);
      diag = [(massKg * (y! + z!)) / 12, (massKg * (x! + z!)) / 12, (massKg * (x! + y!)) / 12];
      break;
    }
    case 'cylinder': {
      const side = (massKg * (3 * shape.radiusM ** 2 + shape.heightM ** 2)) / 12;
      diag = [side, side, (massKg * shape.radiusM ** 2) / 2];
      break;
    }
    default:
      throw new Error(`grip pivot: shape kind '${shape.kind}' is not a box or a cylinder`);
  }
  // x in the body frame, then xᵀ·I·x.
  const x = new Vector3(1, 0, 0).applyQuaternion(rotationInJaw.clone().invert());
  return diag[0] * x.x ** 2 + diag[1] * x.y ** 2 + diag[2] * x.z ** 2;
}

/** Integrates the object's turn about the closing axis from the end of closing to the end of the shake. */
export function pivotInGrip(p: PivotInput, schedule: TrialSchedule): PivotOutcome {
  const [cy, cz] = p.pivotYZ;
  const ry = p.positionInJaw.y - cy;
  const rz = p.positionInJaw.z - cz;
  const inertia = inertiaAboutX(p.shape, p.massKg, p.rotationInJaw) + p.massKg * (ry * ry + rz * rz);
  const dt = TRIAL_DT_S / SUBSTEPS;
  const offset = (k: number): Vector3 => new Vector3(...palmOffsetAt(schedule, k, [0, 0, 0]));
  let theta = 0;
  let omega = 0;
  const maxTurn: [number, number] = [0, 0];
  let slideSteps = 0;
  let slideMps = 0;
  let slideM = 0;
  for (let k = schedule.closeSteps; k < totalSteps(schedule); k++) {
    // The palm's acceleration over this step, world frame; what the grip applies to the object is m·(a + g·z).
    const accel = offset(k)
      .sub(offset(k - 1).multiplyScalar(2))
      .add(offset(k - 2))
      .divideScalar(TRIAL_DT_S ** 2);
    const f = accel
      .add(new Vector3(0, 0, G))
      .multiplyScalar(p.massKg)
      .applyQuaternion(p.worldToJaw);
    const na = p.gripForceN + f.x / 2;
    const nb = p.gripForceN - f.x / 2;
    const carried = p.friction * Math.max(0, na + nb);
    const share = Math.min(na, nb) <= 0 ? 1 : Math.hypot(f.y, f.z) / carried;
    if (share >= 1) slideSteps++;
    // Friction's deceleration of the slide: what it carries beyond the load (negative while the load exceeds it).
    const spareMps2 = (carried - Math.hypot(f.y, f.z)) / p.massKg;
    slideMps = Math.max(0, slideMps - spareMps2 * TRIAL_DT_S);
    slideM += slideMps * TRIAL_DT_S;
    // The patches' spin limit left over from carrying the load (elliptic limit surface).
    const limitNm =
      Math.sqrt(Math.max(0, 1 - share * share)) *
      p.friction *
      (Math.max(0, na) * p.torsionRadiiM[0] + Math.max(0, nb) * p.torsionRadiiM[1]);
    for (let s = 0; s < SUBSTEPS; s++) {
      // The load (weight and inertia, −f) acts at the centre of mass, turned with the object by θ.
      const c = Math.cos(theta);
      const sn = Math.sin(theta);
      const y = c * ry - sn * rz;
      const z = sn * ry + c * rz;
      const loadNm = -(y * f.z - z * f.y);
      if (omega === 0 && Math.abs(loadNm) <= limitNm) continue;
      const direction = omega !== 0 ? Math.sign(omega) : Math.sign(loadNm);
      const next = omega + ((loadNm - direction * limitNm) / inertia) * dt;
      omega = omega !== 0 && Math.sign(next) !== Math.sign(omega) ? 0 : next;
      theta += omega * dt;
    }
    maxTurn[0] = Math.max(maxTurn[0], theta);
    maxTurn[1] = Math.max(maxTurn[1], -theta);
    if (theta >= p.palmAtRad[0] || -theta >= p.palmAtRad[1])
      return { maxTurnRad: maxTurn, palmStep: k, slideSteps, slideM };
  }
  return { maxTurnRad: maxTurn, palmStep: null, slideSteps, slideM };
}
