import { Quaternion, Vector3 } from 'three';
import { peakShakeAccelMps2, TRIAL_DT_S, type TrialSchedule } from '../../sim/grasp-trial/schedule.ts';
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
  /** Parallel: required friction < μ; suction: flat under the cup and load ratio < 1. */
  readonly predictedSuccess: boolean;
}

/**
 * Point-contact friction-cone analysis of a candidate under its trial's draws and protocol. The load is the
 * object's weight plus the protocol's peak accelerations (lift, then each shake axis in both directions); only
 * its part across the closing axis needs friction, since a load along the axis rests on a finger's joint limit.
 */
export function analyticQuality(
  candidate: GraspCandidate,
  draw: TrialDraw,
  effector: EffectorModel,
  schedule: TrialSchedule,
): AnalyticQuality {
  const loads = peakLoads(schedule);
  if (effector.kind === 'suction') {
    const holdN = draw.effort * 1000 * Math.PI * effector.cupRadiusM ** 2;
    const ratio = (draw.massKg * Math.max(...loads.map((v) => v.length()))) / holdN;
    const flat = candidate.rimDeviationM <= effector.sealToleranceM;
    return {
      coneMarginRad: flat ? Math.PI / 2 : -Math.PI / 2,
      requiredFriction: ratio,
      predictedSuccess: flat && ratio < 1,
    };
  }
  const axisWorld = candidate.axisInObject.clone().applyQuaternion(new Quaternion(...draw.objectRotationInWorld));
  // Both pads squeeze with the force limit; a load along the axis pushes one pad onto its joint limit and adds
  // to the normal force. Flat pads turn a tilted box flush, so the contact angle does not add a squeeze-out term.
  let requiredFriction = 0;
  for (const v of loads) {
    const axial = Math.abs(v.dot(axisWorld));
    const across = v.clone().addScaledVector(axisWorld, -v.dot(axisWorld)).length();
    requiredFriction = Math.max(requiredFriction, (draw.massKg * across) / (2 * draw.effort + draw.massKg * axial));
  }
  const alpha = Math.max(candidate.contactAngle1Rad, candidate.contactAngle2Rad);
  return {
    coneMarginRad: Math.atan(draw.friction) - alpha,
    requiredFriction,
    predictedSuccess: requiredFriction < draw.friction,
  };
}

/** Gravity plus each phase's peak acceleration of the gripper, as specific forces on the object (m/s²). */
function peakLoads(s: TrialSchedule): Vector3[] {
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
