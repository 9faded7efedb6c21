import { Matrix4, Quaternion, Vector3 } from 'three';
import type { ParallelJawModel } from './types.ts';
import type { SimShape } from '../shapes.ts';

// The contact geometry of a parallel grasp, in the jaw's frame (x the closing axis, z the approach, pads at ±x): where
// each pad touches the object, and how near the palm the object sits. One model for the palm judge of the trials and
// the referee (palm-load.ts, pads-carry.ts) and the quasi-static check of their disagreements
// (apps/verify/quasi-static.ts).

/** How far a pad sinks into the object when it presses: surface within this of the pad's plane touches it, m. */
export const PAD_COMPLIANCE_M = 0.0005;
/** Samples of a pad face along its width (y) and its length (z). */
const SAMPLES: readonly [number, number] = [16, 40];

/** Where one pad meets the object. */
export interface PadContact {
  /** Samples of the pad face touching the object (of SAMPLES[0]·SAMPLES[1]). */
  readonly points: number;
  /** Centroid of the patch in the pad plane (jaw y, jaw z), m. */
  readonly centroidM: readonly [number, number];
  /** Mean distance of the patch from its centroid, m: a pad pressing with N resists spin up to μ·N times this. */
  readonly torsionRadiusM: number;
  /**
   * Largest distance of the patch from its centroid, m: no pressure distribution over the patch resists spin beyond
   * μ·N times this (all the force at the patch's far ends; rigid pads in both engines lean that way).
   */
  readonly reachRadiusM: number;
  /** Angle of the object's surface to the pad face at the patch centroid, rad (0 face to face). */
  readonly contactAngleRad: number;
}

/** The patch where the pad on the `side` (+1: +x) meets the object, or undefined when it does not reach it. */
export function padContact(
  jaw: ParallelJawModel,
  shape: SimShape,
  objectInJaw: Matrix4,
  side: 1 | -1,
): PadContact | undefined {
  const toObject = objectInJaw.clone().invert();
  const [hy, hz] = [jaw.padHalfM[1], jaw.padHalfM[2]];
  // Extent of the object along the closing axis facing this pad, per pad-face sample.
  const reach = (y: number, z: number): number | undefined => {
    const span = raySpan(shape, new Vector3(0, y, z).applyMatrix4(toObject), axisIn(toObject));
    return span === undefined ? undefined : side > 0 ? span[1] : -span[0];
  };
  const samples: { y: number; z: number; x: number }[] = [];
  for (let i = 0; i < SAMPLES[0]; i++)
    for (let j = 0; j < SAMPLES[1]; j++) {
      const y = -hy + ((i + 0.5) / SAMPLES[0]) * 2 * hy;
      const z = jaw.padCentreZM - hz + ((j + 0.5) / SAMPLES[1]) * 2 * hz;
      const x = reach(y, z);
      if (x !== undefined) samples.push({ y, z, x });
    }
  if (samples.length === 0) return undefined;
  const face = Math.max(...samples.map((s) => s.x));
  const touching = samples.filter((s) => s.x >= face - PAD_COMPLIANCE_M);
  const cy = touching.reduce((sum, s) => sum + s.y, 0) / touching.length;
  const cz = touching.reduce((sum, s) => sum + s.z, 0) / touching.length;
  const radius = touching.reduce((sum, s) => sum + Math.hypot(s.y - cy, s.z - cz), 0) / touching.length;
  const reachRadius = Math.max(...touching.map((s) => Math.hypot(s.y - cy, s.z - cz)));
  // The surface's slope at the centroid, from its reach 1 mm either way (across a box's edge, the steeper side).
  const h = 0.001;
  const slope = (dy: number, dz: number): number => {
    const here = reach(cy, cz);
    const there = reach(cy + dy, cz + dz);
    return here === undefined || there === undefined ? 0 : Math.abs(there - here) / h;
  };
  const gradient = Math.hypot(Math.max(slope(h, 0), slope(-h, 0)), Math.max(slope(0, h), slope(0, -h)));
  return {
    points: touching.length,
    centroidM: [cy, cz],
    torsionRadiusM: radius,
    reachRadiusM: reachRadius,
    contactAngleRad: Math.atan(gradient),
  };
}

function axisIn(toObject: Matrix4): Vector3 {
  return new Vector3(1, 0, 0).transformDirection(toObject);
}

/** The interval of t where origin + t·direction is inside the shape (object frame), or undefined when it misses. */
export function raySpan(shape: SimShape, origin: Vector3, direction: Vector3): [number, number] | undefined {
  let lo = -Infinity;
  let hi = Infinity;
  const slab = (o: number, d: number, half: number): boolean => {
    if (Math.abs(d) < 1e-12) return Math.abs(o) <= half;
    const t1 = (-half - o) / d;
    const t2 = (half - o) / d;
    lo = Math.max(lo, Math.min(t1, t2));
    hi = Math.min(hi, Math.max(t1, t2));
    return lo <= hi;
  };
  switch (shape.kind) {
    case 'box': {
      const [x, y, z] = shape.halfExtentsM;
      if (!slab(origin.x, direction.x, x) || !slab(origin.y, direction.y, y) || !slab(origin.z, direction.z, z))
        return undefined;
      return [lo, hi];
    }
    case 'cylinder': {
      // Axis along the object's z (sim/shapes.ts), round side x² + y² ≤ r².
      if (!slab(origin.z, direction.z, shape.heightM / 2)) return undefined;
      const qa = direction.x ** 2 + direction.y ** 2;
      const qb = 2 * (origin.x * direction.x + origin.y * direction.y);
      const qc = origin.x ** 2 + origin.y ** 2 - shape.radiusM ** 2;
      if (qa < 1e-12) return qc <= 0 ? [lo, hi] : undefined;
      const disc = qb * qb - 4 * qa * qc;
      if (disc < 0) return undefined;
      const root = Math.sqrt(disc);
      lo = Math.max(lo, (-qb - root) / (2 * qa));
      hi = Math.min(hi, (-qb + root) / (2 * qa));
      return lo <= hi ? [lo, hi] : undefined;
    }
    default:
      throw new Error(`grip geometry: shape kind '${shape.kind}' is not a box or a cylinder`);
  }
}

/**
 * The turn that lays the object on the pads: a box's face most nearly facing the closing axis turned square to it,
 * a round side turned parallel to the pads (its axis across the closing axis), a round end turned face on.
 */
export function settlingTurn(shape: SimShape, rotation: Quaternion): Quaternion {
  const x = new Vector3(1, 0, 0);
  const axis = (i: number): Vector3 =>
    new Vector3(i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0).applyQuaternion(rotation);
  switch (shape.kind) {
    case 'box': {
      const facing = [0, 1, 2].map(axis).sort((p, q) => Math.abs(q.x) - Math.abs(p.x))[0]!;
      return new Quaternion().setFromUnitVectors(facing.multiplyScalar(Math.sign(facing.x) || 1), x);
    }
    case 'cylinder': {
      const a = axis(2);
      if (Math.abs(a.x) >= 0.7) return new Quaternion().setFromUnitVectors(a.multiplyScalar(Math.sign(a.x)), x);
      const across = a.clone().setX(0);
      return across.lengthSq() < 1e-12 ? new Quaternion() : new Quaternion().setFromUnitVectors(a, across.normalize());
    }
    default:
      throw new Error(`grip geometry: shape kind '${shape.kind}' is not a box or a cylinder`);
  }
}

/** Gap between the object and the palm's face over the palm's footprint, m (the object's lowest point there). */
export function palmGap(jaw: ParallelJawModel, shape: SimShape, position: Vector3, rotation: Quaternion): number {
  const toObject = new Matrix4().compose(position, rotation, new Vector3(1, 1, 1)).invert();
  const up = new Vector3(0, 0, 1).transformDirection(toObject);
  const face = jaw.palmCentreZM + jaw.palmHalfM[2];
  let lowest = Infinity;
  const n = 24;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = -jaw.palmHalfM[0] + ((i + 0.5) / n) * 2 * jaw.palmHalfM[0];
      const y = -jaw.palmHalfM[1] + ((j + 0.5) / n) * 2 * jaw.palmHalfM[1];
      const span = raySpan(shape, new Vector3(x, y, face).applyMatrix4(toObject), up);
      if (span !== undefined) lowest = Math.min(lowest, span[0]);
    }
  return lowest;
}

/**
 * The smallest turn about the closing axis through (cy, cz), in the directions `signs`, that brings the object onto
 * the palm face, rad (π/2 when none does).
 */
export function pivotToPalm(
  jaw: ParallelJawModel,
  shape: SimShape,
  position: Vector3,
  rotation: Quaternion,
  cy: number,
  cz: number,
  signs: readonly (1 | -1)[] = [1, -1],
): number {
  const step = Math.PI / 180;
  const pivot = new Vector3(0, cy, cz);
  for (let angle = 0; angle <= Math.PI / 2; angle += step)
    for (const sign of signs) {
      const turn = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), sign * angle);
      const p = position.clone().sub(pivot).applyQuaternion(turn).add(pivot);
      if (palmGap(jaw, shape, p, turn.clone().multiply(rotation)) <= 0) return angle;
    }
  return Math.PI / 2;
}
