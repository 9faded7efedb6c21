import { Quaternion, Vector3 } from 'three';
import { peakShakeAccelMps2, TRIAL_DT_S, type TrialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import { ratedHoldForceN, SUCTION_LAW } from '../../sim/effectors/suction-cup.ts';
import type { EffectorModel } from '../../sim/grasp-trial/types.ts';
import type { GraspCandidate } from './grasp-candidate.ts';
import type { TrialDraw } from './randomization.ts';

const G = 9.81;

/** The analytic prediction of one trial. */
export interface AnalyticQuality {
  /** atan(μ) minus the larger contact angle: ≥ 0 when both contact normals lie inside the friction cone, rad. */
  readonly coneMarginRad: number;
  /**
   * Parallel: the friction the pad contacts need, the peak load across the closing axis over the total normal
   * force (atan of it is the angle of the needed contact force to the normal: inside the cone when < atan μ).
   * Suction: peak load over the rated hold force.
   */
  readonly requiredFriction: number;
  /** Parallel: both contact normals inside the friction cone and required friction < μ; suction: flat under the cup and load ratio < 1. */
  readonly predictedSuccess: boolean;
}

/**
 * Point-contact friction-cone analysis of a candidate under its trial's draws and protocol. The load is the
 * object's weight plus the protocol's peak accelerations (lift, then each shake axis in both directions); only
 * its part across the closing axis needs friction; the coupled fingers carry the part along it.
 */
export function analyticQuality(
  candidate: GraspCandidate,
  draw: TrialDraw,
  effector: EffectorModel,
  schedule: TrialSchedule,
): AnalyticQuality {
  const loads = peakLoads(schedule);
  if (effector.kind === 'suction') {
    const holdN = ratedHoldForceN(draw.effort, 2 * effector.cupRadiusM);
    const ratio = (draw.massKg * Math.max(...loads.map((v) => v.length()))) / holdN;
    const flat = candidate.rimDeviationM <= SUCTION_LAW.sealToleranceM;
    return {
      coneMarginRad: flat ? Math.PI / 2 : -Math.PI / 2,
      requiredFriction: ratio,
      predictedSuccess: flat && ratio < 1,
    };
  }
  const axisWorld = candidate.axisInObject.clone().applyQuaternion(new Quaternion(...draw.objectRotationInWorld));
  // Both pads squeeze with the force limit and the coupled fingers carry a load along the closing axis (one pad
  // presses that much more, the other that much less), so the friction has 2 × force of normal load to work with,
  // as long as the lighter pad still presses.
  let requiredFriction = 0;
  for (const v of loads) {
    const axial = Math.abs(v.dot(axisWorld));
    const across = v.clone().addScaledVector(axisWorld, -v.dot(axisWorld)).length();
    const need = draw.massKg * axial > 2 * draw.effort ? Infinity : (draw.massKg * across) / (2 * draw.effort);
    requiredFriction = Math.max(requiredFriction, need);
  }
  // The pad contact's μ: rubber pads against the object, combined with the `Min` rule as in the physics.
  const mu = Math.min(draw.friction, PARALLEL_JAW_LAW.padFriction);
  const alpha = Math.max(candidate.contactAngle1Rad, candidate.contactAngle2Rad);
  const coneMarginRad = Math.atan(mu) - alpha;
  return {
    coneMarginRad,
    requiredFriction,
    // Both: each contact normal inside its friction cone, and the load within what friction can carry.
    predictedSuccess: coneMarginRad >= 0 && requiredFriction < mu,
  };
}

/**
 * Gravity plus each phase's peak acceleration of the gripper, as specific forces on the object in the world (m/s²):
 * what the grip must supply per kilogram, at the lift's peak and at both peaks of each shake axis.
 */
export function peakLoads(s: TrialSchedule): Vector3[] {
  const liftS = s.liftSteps * TRIAL_DT_S;
  const liftAccel = (s.liftM * Math.PI * Math.PI) / (2 * liftS * liftS);
  const shake = peakShakeAccelMps2(s);
  const loads = [new Vector3(0, 0, G + liftAccel)];
  for (const axis of s.shakeAxes) {
    for (const sign of [1, -1])
      loads.push(new Vector3(0, 0, G).setComponent(axis, (axis === 2 ? G : 0) + sign * shake));
  }
  return loads;
}
