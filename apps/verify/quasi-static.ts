import { Matrix4, Quaternion, Vector3 } from 'three';
import { PARALLEL_JAW_LAW } from '../../sim/effectors/parallel-jaw.ts';
import { trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import type { ParallelJawModel, TrialScheduleName } from '../../sim/grasp-trial/types.ts';
import type { SimShape } from '../../sim/shapes.ts';
import { peakLoads } from '../datagen/analytic-quality.ts';
import type { ReplayTrial } from './dataset-sample.ts';
import { pivotInGrip, type PivotOutcome } from './grip-pivot.ts';
import {
  padContact,
  palmGap,
  pivotToPalm,
  settlingTurn,
  type PadContact,
} from '../../sim/grasp-trial/grip-geometry.ts';
import { padDemand, type PadDemand } from '../../sim/grasp-trial/pads-carry.ts';

// A quasi-static check of one labelled grasp, to judge the disagreements between the trials and the MuJoCo referee
// by physics rather than by either engine. Not a third engine: no contacts are found or resolved. The pads' patches
// come from the geometry once closed (sim/grasp-trial/grip-geometry.ts), the squeeze from the servo's force limit,
// the loads from the object's weight and the protocol's lift and shake; the one motion statics leaves open, the turn
// about the closing axis (and the slide in the pads' plane), is followed over the protocol (grip-pivot.ts). The spin friction of a
// patch is bracketed: uniform pressure (mean distance from the centroid) at least, all the force at the patch's far
// end at most. A verdict is clear only when it holds across that bracket. Frame: the jaw's (x the closing axis, z the
// approach, pads at ±x; see effector-models.ts).

/** Weight alone over what the patches carry (with their most spin friction) above which nothing holds it at rest. */
export const SLIPS_ABOVE = 1;
/**
 * A clear hold slides less than this in the pads over the protocol (and less than its gap to the palm), m: a quarter
 * of the protocol's held slip (protocol 1's shake, with its velocity jumps, slid even a firmly held object 1-2 mm).
 */
export const STILL_M = 0.005;
/** A clear hold turns less than this about the closing axis over the protocol, with the least spin friction, rad. */
export const STILL_RAD = (5 * Math.PI) / 180;
const G = 9.81;

export type StaticVerdict = 'holds' | 'slips' | 'marginal' | 'no-contact';

/** What statics says of one grasp. */
export interface QuasiStaticCheck {
  readonly pads: readonly [PadContact, PadContact] | null;
  /** The squeeze each pad presses with once the servo saturates, N. */
  readonly gripForceN: number;
  /** μ of the pad contacts. */
  readonly friction: number;
  /**
   * The worst peak load over what friction carries, on the elliptic limit surface of the two patches together:
   * √((f / μ(Na+Nb))² + (τ / μ(Na·ρa + Nb·ρb))²), f the load in the pad plane, τ its moment about the closing axis
   * through the patches' centroid. Infinite when the lighter pad would lift off (axial load over twice the squeeze).
   */
  readonly demand: number;
  /**
   * The weight alone (no lift or shake) over what friction carries with the most spin friction any pressure over
   * the patches gives (ρ the patch's reach): above 1 nothing holds the object still, even at rest.
   */
  readonly steadyDemand: number;
  /** At that peak: the in-plane load (N) and the moment about the closing axis (N·m). */
  readonly loadN: number;
  readonly momentNm: number;
  /** How far closing turns the object to lay its face (or round side) on the pads, rad. */
  readonly settleRad: number;
  /** Gap between the object and the palm face, over the palm's footprint, once closed, m (negative: overlapping). */
  readonly palmGapM: number;
  /** The smallest turn of the object about the closing axis through the patches that brings it onto the palm, rad. */
  readonly pivotToPalmRad: number;
  /** The largest turn about the closing axis over the protocol with the least and the most spin friction, rad. */
  readonly turnRad: readonly [number, number];
  /** The trial step the object meets the palm at with the least and the most spin friction (null: never). */
  readonly palmStep: readonly [number | null, number | null];
  /** Trial steps at which the load in the pad plane exceeded what the pads' friction carries. */
  readonly slideSteps: number;
  /** How far the object slides in the pads over the protocol, with the least spin friction, m (grip-pivot.ts). */
  readonly slideM: number;
  readonly verdict: StaticVerdict;
}

/**
 * Statics of a labelled grasp: the pads' patches on the object once closed, the squeeze the servo reaches (its force
 * limit: a squeeze aims past closed), the friction and spin friction the two patches carry, against the object's
 * weight and the protocol's lift and shake, and how far the object is from the palm. 'holds': with the least spin
 * friction it turns less than STILL_RAD, slides less than STILL_M and never meets the palm; 'slips': with the most it
 * meets the palm, or its weight alone is over what the patches carry; 'marginal' otherwise.
 *
 * @example
 * quasiStaticCheck(dataset.effector, dataset.shapes.get(t.object)!, dataset.schedule, t).verdict // 'holds'
 */
export function quasiStaticCheck(
  jaw: ParallelJawModel,
  shape: SimShape,
  scheduleName: TrialScheduleName,
  trial: ReplayTrial,
): QuasiStaticCheck {
  const grasped = trial.gripperInObject.clone().invert();
  const position = new Vector3();
  const asGrasped = new Quaternion();
  grasped.decompose(position, asGrasped, new Vector3());
  // Closing squeezes a weightless object: it turns until its face (or round side) lies on the pads.
  const settle = settlingTurn(shape, asGrasped);
  const rotation = settle.clone().multiply(asGrasped);
  const objectInJaw = new Matrix4().compose(position, rotation, new Vector3(1, 1, 1));
  const mu = Math.min(trial.friction, PARALLEL_JAW_LAW.padFriction);
  const forceN = trial.effort;
  const a = padContact(jaw, shape, objectInJaw, 1);
  const b = padContact(jaw, shape, objectInJaw, -1);
  const palmGapM = palmGap(jaw, shape, position, rotation);
  const common = {
    gripForceN: forceN,
    friction: mu,
    palmGapM,
    settleRad: 2 * Math.acos(Math.min(1, Math.abs(settle.w))),
  };
  if (a === undefined || b === undefined)
    return {
      ...common,
      pads: null,
      demand: Infinity,
      steadyDemand: Infinity,
      loadN: 0,
      momentNm: 0,
      pivotToPalmRad: 0,
      turnRad: [0, 0],
      palmStep: [null, null],
      slideSteps: 0,
      slideM: 0,
      verdict: 'no-contact',
    };
  const cy = (a.centroidM[0] + b.centroidM[0]) / 2;
  const cz = (a.centroidM[1] + b.centroidM[1]) / 2;
  const toJaw = new Quaternion()
    .setFromRotationMatrix(new Matrix4().makeRotationFromQuaternion(trial.objectRotationInWorld))
    .multiply(new Quaternion().setFromRotationMatrix(trial.gripperInObject))
    .invert();
  // What the pads must apply to the object at each load, in the jaw frame, over what they carry with patch radii ρ.
  const grip = { pads: [a, b] as const, squeezeN: forceN, friction: mu };
  const demandOf = (specific: Vector3, radius: (p: PadContact) => number): PadDemand =>
    padDemand(grip, specific.clone().multiplyScalar(trial.massKg).applyQuaternion(toJaw), position, radius);
  // The peak of the lift and shake, with the most spin friction the patches give (whose load then sets the slide).
  let worst = { demand: 0, loadN: 0, momentNm: 0 };
  const schedule = trialSchedule(scheduleName);
  for (const specific of peakLoads(schedule)) {
    const d = demandOf(specific, (p) => p.reachRadiusM);
    if (d.demand > worst.demand) worst = d;
  }
  // Steady: the weight alone, with the most spin friction any pressure over the patches gives.
  const steady = demandOf(new Vector3(0, 0, G), (p) => p.reachRadiusM).demand;
  // The turn about the closing axis over the protocol, with the least and the most spin friction of the patches.
  const turn = (radius: (p: PadContact) => number): PivotOutcome =>
    pivotInGrip(
      {
        shape,
        massKg: trial.massKg,
        positionInJaw: position,
        rotationInJaw: rotation,
        pivotYZ: [cy, cz],
        worldToJaw: toJaw,
        friction: mu,
        gripForceN: forceN,
        torsionRadiiM: [radius(a), radius(b)],
        palmAtRad: [
          pivotToPalm(jaw, shape, position, rotation, cy, cz, [1]),
          pivotToPalm(jaw, shape, position, rotation, cy, cz, [-1]),
        ],
      },
      schedule,
    );
  const least = turn((p) => p.torsionRadiusM);
  const most = turn((p) => p.reachRadiusM);
  const verdict: StaticVerdict =
    least.palmStep === null &&
    least.slideM < STILL_M &&
    common.palmGapM > least.slideM &&
    Math.max(...least.maxTurnRad) < STILL_RAD
      ? 'holds'
      : most.palmStep !== null || steady > SLIPS_ABOVE
        ? 'slips'
        : 'marginal';
  return {
    ...common,
    pads: [a, b],
    ...worst,
    steadyDemand: steady,
    pivotToPalmRad: pivotToPalm(jaw, shape, position, rotation, cy, cz),
    turnRad: [Math.max(...least.maxTurnRad), Math.max(...most.maxTurnRad)],
    palmStep: [least.palmStep, most.palmStep],
    slideSteps: least.slideSteps,
    slideM: least.slideM,
    verdict,
  };
}
