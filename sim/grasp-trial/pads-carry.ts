import { Vector3, type Matrix4 } from 'three';
import type { SimShape } from '../shapes.ts';
import { padContact, type PadContact } from './grip-geometry.ts';
import type { ParallelJawModel } from './types.ts';

// What the two pads' friction can carry, on the limit surface of their patches together: the load in the pads' plane
// against μ(Na + Nb), and its moment about the closing axis through the patches against the spin friction
// μ(Na·ρa + Nb·ρb). One model for the palm judge of the trials and the referee (palm-load.ts) and the quasi-static
// check of their disagreements (apps/verify/quasi-static.ts). Frame: the jaw's (x the closing axis, z the approach).

/** A load on the object over what the pads carry. */
export interface PadDemand {
  /** √((f / μ(Na+Nb))² + (τ / μ(Na·ρa + Nb·ρb))²): above 1 the pads' friction cannot carry the load. */
  readonly demand: number;
  /** The load in the pads' plane, N. */
  readonly loadN: number;
  /** Its moment about the closing axis through the patches' centroid, N·m. */
  readonly momentNm: number;
}

/** The pads' grip on the object: where they touch it, how hard and with what friction. */
export interface PadGrip {
  readonly pads: readonly [PadContact, PadContact];
  /** The squeeze each pad presses with, N. */
  readonly squeezeN: number;
  /** μ of the pad contacts. */
  readonly friction: number;
}

/**
 * The demand of `forceN` (jaw frame, applied at `atInJaw`, the centre of mass) on the pads' friction, with the patch
 * radii `radius` gives for their spin friction. Infinite when the lighter pad would lift off (an axial load over twice
 * the squeeze).
 */
export function padDemand(
  grip: PadGrip,
  forceN: Vector3,
  atInJaw: Vector3,
  radius: (pad: PadContact) => number,
): PadDemand {
  const [a, b] = grip.pads;
  const mu = grip.friction;
  const cy = (a.centroidM[0] + b.centroidM[0]) / 2;
  const cz = (a.centroidM[1] + b.centroidM[1]) / 2;
  const na = grip.squeezeN + forceN.x / 2;
  const nb = grip.squeezeN - forceN.x / 2;
  const loadN = Math.hypot(forceN.y, forceN.z);
  const momentNm = (atInJaw.y - cy) * forceN.z - (atInJaw.z - cz) * forceN.y;
  const torsionNm = mu * (na * radius(a) + nb * radius(b));
  const demand =
    Math.min(na, nb) <= 0 ? Infinity : Math.hypot(loadN / (mu * (na + nb)), momentNm / (torsionNm + 1e-12));
  return { demand, loadN, momentNm };
}

/** Shapes whose pad patches grip-geometry.ts finds. */
export function padPatchesKnown(shape: SimShape): boolean {
  return shape.kind === 'box' || shape.kind === 'cylinder';
}

/**
 * The weight's demand on the pads alone, the object where it sits (`objectInJaw`), squeezed with `squeezeN` per pad,
 * with the most spin friction any pressure over the patches gives (all of it at the patches' far ends). Above 1 the
 * pads cannot carry the object there, whatever an engine's contacts make of it; Infinity when a pad misses it.
 */
export function weightOnPads(
  jaw: ParallelJawModel,
  shape: SimShape,
  objectInJaw: Matrix4,
  weightInJawN: Vector3,
  squeezeN: number,
  friction: number,
): number {
  const a = padContact(jaw, shape, objectInJaw, 1);
  const b = padContact(jaw, shape, objectInJaw, -1);
  if (a === undefined || b === undefined) return Infinity;
  const at = new Vector3().setFromMatrixPosition(objectInJaw);
  return padDemand({ pads: [a, b], squeezeN, friction }, weightInJawN, at, (p) => p.reachRadiusM).demand;
}
