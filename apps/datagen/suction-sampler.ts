import { Matrix4, type Vector3 } from 'three';
import { SUCTION_LAW } from '../../sim/effectors/suction-cup.ts';
import type { SuctionCupModel } from '../../sim/grasp-trial/types.ts';
import type { RandomSource } from '../../src/math/random.ts';
import { perpendicularBasis } from './antipodal-sampler.ts';
import type { GraspCandidate } from './grasp-candidate.ts';
import { castRay, sampleSurface, type SurfaceMesh } from './surface-mesh.ts';

const RIM_RAYS = 8;
const RAY_START_M = 0.01;

/** Options of the suction sampler. */
export interface SuctionSamplingOptions {
  /** Largest spread of rim distances under the cup for a face to count as flat, m. */
  readonly flatToleranceM: number;
  readonly attemptsPerGrasp: number;
}

/** Defaults: the cup law's seal tolerance as flatness, 50 tries per grasp. */
export const DEFAULT_SUCTION_SAMPLING: SuctionSamplingOptions = {
  flatToleranceM: SUCTION_LAW.sealToleranceM,
  attemptsPerGrasp: 50,
};

/**
 * Suction sampling: surface points whose neighbourhood under the whole cup is flat (rays from the rim all land
 * within the tolerance, so the face is flat and large enough), approach along the inward normal, random roll.
 */
export function sampleSuctionGrasps(
  mesh: SurfaceMesh,
  model: SuctionCupModel,
  count: number,
  rng: RandomSource,
  options: SuctionSamplingOptions = DEFAULT_SUCTION_SAMPLING,
): GraspCandidate[] {
  const out: GraspCandidate[] = [];
  for (let attempt = 0; attempt < count * options.attemptsPerGrasp && out.length < count; attempt++) {
    const { point, normal } = sampleSurface(mesh, rng);
    const approach = normal.clone().negate();
    const deviation = rimDeviation(mesh, point, approach, model.cupRadiusM);
    if (deviation === undefined || deviation > options.flatToleranceM) continue;
    const [u, v] = perpendicularBasis(approach);
    const phi = rng.uniform(0, 2 * Math.PI);
    const x = u.multiplyScalar(Math.cos(phi)).addScaledVector(v, Math.sin(phi));
    const y = approach.clone().cross(x);
    const origin = point.clone().addScaledVector(approach, -model.tcpZM);
    out.push({
      gripperInObject: new Matrix4().makeBasis(x, y, approach).setPosition(origin),
      axisInObject: approach,
      widthM: 0,
      contactAngle1Rad: 0,
      contactAngle2Rad: 0,
      rimDeviationM: deviation,
    });
  }
  return out;
}

/** Spread of the distances from the cup's rim to the surface along the approach; undefined if a ray misses. */
export function rimDeviation(
  mesh: SurfaceMesh,
  point: Vector3,
  approach: Vector3,
  radiusM: number,
): number | undefined {
  const [u, v] = perpendicularBasis(approach);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < RIM_RAYS; i++) {
    const a = (2 * Math.PI * i) / RIM_RAYS;
    const origin = point
      .clone()
      .addScaledVector(approach, -RAY_START_M)
      .addScaledVector(u, radiusM * Math.cos(a))
      .addScaledVector(v, radiusM * Math.sin(a));
    const hit = castRay(mesh, origin, approach, -1, 0);
    if (hit === undefined) return undefined;
    lo = Math.min(lo, hit.distanceM);
    hi = Math.max(hi, hit.distanceM);
  }
  return hi - lo;
}
