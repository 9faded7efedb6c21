import { Matrix4, Vector3 } from 'three';
import type { ParallelJawModel } from '../../sim/grasp-trial/types.ts';
import type { RandomSource } from '../../src/math/random.ts';
import type { GraspCandidate } from './grasp-candidate.ts';
import { clearancePoints, gripperClears } from './gripper-clearance.ts';
import { castRay, sampleSurface, type SurfaceMesh } from './surface-mesh.ts';

/** Options of the antipodal sampler. */
export interface AntipodalOptions {
  /** The closing axis leaves the inward normal by up to this angle (GraspGen-style cone), rad. */
  readonly axisConeRad: number;
  /** Keep pairs wider than the opening (they fail at approach): negatives for tests and hard-negative mining. */
  readonly keepTooWide: boolean;
  /** Tries per wanted grasp before giving up (thin or tiny objects yield few pairs). */
  readonly attemptsPerGrasp: number;
  /** Drop grasps whose palm or open pads would hit the object (ACRONYM does the same before simulating). */
  readonly rejectColliding: boolean;
}

/** Defaults: a 15° axis cone, width within the opening, 50 tries per grasp. */
export const DEFAULT_ANTIPODAL: AntipodalOptions = {
  axisConeRad: (15 * Math.PI) / 180,
  keepTooWide: false,
  attemptsPerGrasp: 50,
  rejectColliding: true,
};

/**
 * Antipodal sampling: a surface point and normal, a closing axis within a cone around the inward normal, a ray
 * through the object to where it leaves, then an approach direction drawn around the axis and a grasp depth
 * within the pads' length. Returns up to `count` grasps.
 */
export function sampleAntipodalGrasps(
  mesh: SurfaceMesh,
  model: ParallelJawModel,
  count: number,
  rng: RandomSource,
  options: AntipodalOptions = DEFAULT_ANTIPODAL,
): GraspCandidate[] {
  const out: GraspCandidate[] = [];
  // Own stream for the clearance points, so switching the filter never shifts the grasps' draws.
  const points = options.rejectColliding ? clearancePoints(mesh, rng.fork(7)) : undefined;
  for (let attempt = 0; attempt < count * options.attemptsPerGrasp && out.length < count; attempt++) {
    const c = sampleOne(mesh, model, rng, options);
    if (c !== undefined && (points === undefined || gripperClears(points, c.gripperInObject, model))) out.push(c);
  }
  return out;
}

function sampleOne(
  mesh: SurfaceMesh,
  model: ParallelJawModel,
  rng: RandomSource,
  options: AntipodalOptions,
): GraspCandidate | undefined {
  const { point: p1, normal: n1 } = sampleSurface(mesh, rng);
  const axis = coneDirection(n1.clone().negate(), options.axisConeRad, rng);
  const exit = castRay(mesh, p1, axis, 1, 1e-5);
  if (exit === undefined) return undefined;
  const widthM = exit.distanceM;
  if (!options.keepTooWide && widthM > model.maxOpeningM - 0.004) return undefined;
  const p2 = p1.clone().addScaledVector(axis, widthM);
  const contactAngle1Rad = Math.acos(clamp(-n1.dot(axis)));
  const contactAngle2Rad = Math.acos(clamp(exit.normal.dot(axis)));
  // Antipodal: the far contact's normal must lie in the same cone (a ray leaving through a side face is not a pair).
  if (contactAngle2Rad > options.axisConeRad) return undefined;
  const [u, v] = perpendicularBasis(axis);
  const phi = rng.uniform(0, 2 * Math.PI);
  const approach = u.multiplyScalar(Math.cos(phi)).addScaledVector(v, Math.sin(phi));
  // Depth: contacts anywhere along the inner 80 % of the pads, so the palm can clear thick objects.
  const depthM = rng.uniform(0, 0.8 * model.padHalfM[2]);
  const tcp = p1.clone().add(p2).multiplyScalar(0.5).addScaledVector(approach, -depthM);
  const y = approach.clone().cross(axis);
  const gripperInObject = new Matrix4()
    .makeBasis(axis, y, approach)
    .setPosition(tcp.addScaledVector(approach, -model.tcpZM));
  return { gripperInObject, axisInObject: axis, widthM, contactAngle1Rad, contactAngle2Rad, rimDeviationM: 0 };
}

/** A direction within `coneRad` of `mean`, uniform over the cap's solid angle. */
export function coneDirection(mean: Vector3, coneRad: number, rng: RandomSource): Vector3 {
  const cosT = 1 - rng.next() * (1 - Math.cos(coneRad));
  const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
  const phi = rng.uniform(0, 2 * Math.PI);
  const [u, v] = perpendicularBasis(mean);
  return mean
    .clone()
    .multiplyScalar(cosT)
    .addScaledVector(u, sinT * Math.cos(phi))
    .addScaledVector(v, sinT * Math.sin(phi))
    .normalize();
}

/** Two unit vectors completing `w` to an orthonormal basis. */
export function perpendicularBasis(w: Vector3): [Vector3, Vector3] {
  const helper = Math.abs(w.x) < 0.9 ? new Vector3(1, 0, 0) : new Vector3(0, 1, 0);
  const u = helper.cross(w).normalize();
  const v = w.clone().cross(u).normalize();
  return [u, v];
}

function clamp(c: number): number {
  return Math.min(1, Math.max(-1, c));
}
