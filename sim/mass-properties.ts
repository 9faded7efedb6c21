import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Pose } from '../src/math/pose.ts';
import type { Collider, Rapier, RigidBody } from './rapier.ts';
import { colliderDesc, type SimShape } from './shapes.ts';

// Exact mass properties of a body built from several shapes, and the one way found to make Rapier keep them.
//
// Rapier (rapier3d-deterministic-compat 0.21 and rapier3d-simd-compat 0.20 alike) adds up a body's colliders' mass
// properties (and the body's own, from setAdditionalMassProperties) pairwise: adding to a zero sum returns the other
// term as it is, but any other sum is rebuilt from its inertia tensor by an eigen-decomposition whose principal
// frame can come out wrong (a reflection turned into a rotation: the moments land on the wrong axes). A body of one
// collider is exact. A body of two boxes that together make one 10 × 20 × 40 mm box of 50 g turns about x with the
// box's moment about z (2.1e-6 kg·m² for 8.3e-6); the mass and centre survive. Massless colliders placed off the
// body's origin count as terms too, so making them weightless and setting the body's own mass properties does not
// escape the sum. What does: a body of several shapes gets its exact mass properties on one collider, built first,
// and every other collider gets mass properties that Rapier's sum sees as exactly zero: no mass, its centre placed
// back on the body's origin, its frame the body's. That is exact only for a collider not turned on its body (a
// turned one's frame times its inverse is not the identity in f32); `massCarrierFirst` puts the one turned collider
// (if any; round shapes are turned by Rapier's y-up convention) first as the carrier; a body of two turned ones is
// left to Rapier's own sum.

/** A 3 × 3 symmetric matrix, row-major. */
export type Tensor3 = [number, number, number, number, number, number, number, number, number];

/** Mass, centre and inertia tensor about the centre, all in one body frame. */
export interface MassProperties {
  readonly massKg: number;
  readonly centreM: Vector3;
  readonly inertiaKgM2: Tensor3;
}

/** Principal moments of a shape of `massKg` about its centre, along its own x, y, z (round shapes stand on z). */
export function shapePrincipalMoments(shape: SimShape, massKg: number): [number, number, number] {
  switch (shape.kind) {
    case 'box': {
      const [a, b, c] = shape.halfExtentsM.map((h) => 2 * h) as [number, number, number];
      const k = massKg / 12;
      return [k * (b * b + c * c), k * (a * a + c * c), k * (a * a + b * b)];
    }
    case 'sphere': {
      const i = 0.4 * massKg * shape.radiusM ** 2;
      return [i, i, i];
    }
    case 'cylinder': {
      const r2 = shape.radiusM ** 2;
      const side = (massKg * (3 * r2 + shape.heightM ** 2)) / 12;
      return [side, side, 0.5 * massKg * r2];
    }
    case 'capsule': {
      // A cylinder of length h between two half balls: mass shared by volume.
      const r = shape.radiusM;
      const h = Math.max(0, shape.heightM - 2 * r);
      const cylinderVolume = Math.PI * r * r * h;
      const ballVolume = (4 / 3) * Math.PI * r ** 3;
      const mc = (massKg * cylinderVolume) / (cylinderVolume + ballVolume);
      const mb = massKg - mc;
      const axis = 0.5 * mc * r * r + 0.4 * mb * r * r;
      const side = mc * ((r * r) / 4 + (h * h) / 12) + mb * (0.4 * r * r + (h * h) / 4 + (3 * h * r) / 8);
      return [side, side, axis];
    }
    case 'convex':
      throw new Error('mass properties: a convex hull has no closed-form inertia (shapesMassProperties asks Rapier)');
  }
}

/** The tensor R · diag(moments) · Rᵀ. */
export function rotatedTensor(moments: readonly [number, number, number], rotation: Quaternion): Tensor3 {
  const e = new Matrix4().makeRotationFromQuaternion(rotation).elements; // column-major 4 × 4
  const r = (i: number, j: number) => e[j * 4 + i]!;
  const t = new Array<number>(9).fill(0) as Tensor3;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) t[3 * i + j] = moments.reduce((s, m, k) => s + r(i, k) * m * r(j, k), 0);
  return t;
}

/** Sums parts (each with its own tensor about its own centre) into one: the parallel-axis theorem. */
export function combineMassProperties(parts: readonly MassProperties[]): MassProperties {
  const massKg = parts.reduce((s, p) => s + p.massKg, 0);
  const centreM = new Vector3();
  for (const p of parts) centreM.addScaledVector(p.centreM, p.massKg / massKg);
  const t: number[] = new Array<number>(9).fill(0);
  for (const p of parts) {
    const d = p.centreM.clone().sub(centreM).toArray();
    const d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        t[3 * i + j]! += p.inertiaKgM2[3 * i + j]! + p.massKg * ((i === j ? d2 : 0) - d[i]! * d[j]!);
  }
  return { massKg, centreM, inertiaKgM2: t as Tensor3 };
}

/** Mass properties of shapes in a body frame, the body's mass shared among them equally. */
export function shapesMassProperties(
  rapier: Rapier,
  shapes: readonly { readonly shape: SimShape; readonly poseInBody: Pose }[],
  massKg: number,
): MassProperties {
  const share = massKg / shapes.length;
  return combineMassProperties(
    shapes.map(({ shape, poseInBody }) => shapeMassProperties(rapier, shape, share, poseInBody)),
  );
}

/** One shape's mass properties at `poseInBody`; a convex hull's from Rapier, alone on a scratch body (exact). */
function shapeMassProperties(rapier: Rapier, shape: SimShape, massKg: number, poseInBody: Pose): MassProperties {
  if (shape.kind !== 'convex')
    return {
      massKg,
      centreM: poseInBody.position.clone(),
      inertiaKgM2: rotatedTensor(shapePrincipalMoments(shape, massKg), poseInBody.quaternion),
    };
  const world = new rapier.World({ x: 0, y: 0, z: 0 });
  try {
    const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic());
    world.createCollider(colliderDesc(rapier, shape, { friction: 0, massKg }), body);
    body.recomputeMassPropertiesFromColliders();
    const p = body.principalInertia();
    const f = body.principalInertiaLocalFrame();
    const c = body.localCom();
    return {
      massKg,
      centreM: new Vector3(c.x, c.y, c.z).applyQuaternion(poseInBody.quaternion).add(poseInBody.position),
      inertiaKgM2: rotatedTensor(
        [p.x, p.y, p.z],
        poseInBody.quaternion.clone().multiply(new Quaternion(f.x, f.y, f.z, f.w)),
      ),
    };
  } finally {
    world.free();
  }
}

/**
 * Principal moments and a proper rotation (det +1) of a symmetric tensor: `tensor = R · diag(moments) · Rᵀ`, R the
 * returned rotation. Cyclic Jacobi sweeps in double precision.
 */
export function principalAxes(tensor: Tensor3): { moments: [number, number, number]; rotation: Quaternion } {
  const a = [...tensor];
  const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(a[1]!) + Math.abs(a[2]!) + Math.abs(a[5]!);
    if (off <= 1e-30 + 1e-15 * (Math.abs(a[0]!) + Math.abs(a[4]!) + Math.abs(a[8]!))) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const apq = a[3 * p + q]!;
      if (apq === 0) continue;
      const theta = (a[3 * q + q]! - a[3 * p + p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      // a ← Jᵀ a J, v ← v J with J the rotation in the (p, q) plane.
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p]!;
        const akq = a[3 * k + q]!;
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k]!;
        const aqk = a[3 * q + k]!;
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[3 * k + p]!;
        const vkq = v[3 * k + q]!;
        v[3 * k + p] = c * vkp - s * vkq;
        v[3 * k + q] = s * vkp + c * vkq;
      }
    }
  }
  const det =
    v[0]! * (v[4]! * v[8]! - v[5]! * v[7]!) -
    v[1]! * (v[3]! * v[8]! - v[5]! * v[6]!) +
    v[2]! * (v[3]! * v[7]! - v[4]! * v[6]!);
  if (det < 0) for (let k = 0; k < 3; k++) v[3 * k + 2] = -v[3 * k + 2]!;
  const m = new Matrix4().set(v[0]!, v[1]!, v[2]!, 0, v[3]!, v[4]!, v[5]!, 0, v[6]!, v[7]!, v[8]!, 0, 0, 0, 0, 1);
  return { moments: [a[0]!, a[4]!, a[8]!], rotation: new Quaternion().setFromRotationMatrix(m) };
}

const IDENTITY = { x: 0, y: 0, z: 0, w: 1 };

/** Whether a collider sits on its body unturned (its rotation relative to the body is exactly the identity). */
function unturned(q: { x: number; y: number; z: number; w: number }): boolean {
  return q.x === 0 && q.y === 0 && q.z === 0 && Math.abs(q.w) === 1;
}

/** Whether a shape's collider is turned on its body: turned by its pose, or a round shape (Rapier's stand on y). */
function turnedOnBody(s: { readonly shape: SimShape; readonly poseInBody: Pose }): boolean {
  return s.shape.kind === 'cylinder' || s.shape.kind === 'capsule' || !unturned(s.poseInBody.quaternion);
}

/**
 * The order to create a body's colliders in so `setExactMassProperties` can keep its mass properties: the one turned
 * collider first (it carries the mass), the rest as given. Undefined for two turned colliders, whose zero terms
 * Rapier's sum would not see as zero: such a body keeps Rapier's own sum (wrong whenever its frame comes out a
 * reflection; no body the sim ships has one, test/sim/inertia-audit.test.ts).
 */
export function massCarrierFirst<T extends { readonly shape: SimShape; readonly poseInBody: Pose }>(
  shapes: readonly T[],
): T[] | undefined {
  const turned = shapes.filter(turnedOnBody);
  if (turned.length > 1) return undefined;
  return [...turned, ...shapes.filter((s) => !turnedOnBody(s))];
}

/**
 * Gives a body of several colliders the exact mass properties `props` (in the body frame): the first collider
 * carries them, expressed in its own frame; the others weigh nothing and sum as zero. A body of one collider is left
 * to Rapier, which is exact for it. `colliders` in the order they were created, the first possibly turned, the others
 * not (`massCarrierFirst`).
 */
export function setExactMassProperties(colliders: readonly Collider[], props: MassProperties): void {
  if (colliders.length < 2) return;
  const [carrier, ...rest] = colliders as [Collider, ...Collider[]];
  for (const c of rest) {
    if (!unturned(c.rotationWrtParent() ?? IDENTITY))
      throw new Error('mass properties: only the first collider of a body may be turned on it');
    const t = c.translationWrtParent() ?? { x: 0, y: 0, z: 0 };
    // Its centre, in its own frame, on the body's origin: Rapier's sum then sees a zero term.
    c.setMassProperties(0, { x: -t.x, y: -t.y, z: -t.z }, { x: 0, y: 0, z: 0 }, IDENTITY);
  }
  const q = carrier.rotationWrtParent() ?? IDENTITY;
  const t = carrier.translationWrtParent() ?? { x: 0, y: 0, z: 0 };
  const inverse = new Quaternion(q.x, q.y, q.z, q.w).invert();
  const centre = props.centreM
    .clone()
    .sub(new Vector3(t.x, t.y, t.z))
    .applyQuaternion(inverse);
  const { moments, rotation } = principalAxes(props.inertiaKgM2);
  const frame = inverse.clone().multiply(rotation);
  carrier.setMassProperties(
    props.massKg,
    { x: centre.x, y: centre.y, z: centre.z },
    { x: moments[0], y: moments[1], z: moments[2] },
    { x: frame.x, y: frame.y, z: frame.z, w: frame.w },
  );
  carrier.parent()?.recomputeMassPropertiesFromColliders();
}

/** A body's inertia tensor about its centre of mass in its own frame, as Rapier steps it. */
export function bodyInertiaTensor(body: RigidBody): Tensor3 {
  const e = body.effectiveWorldInvInertia().elements; // xx, xy, xz, yy, yz, zz of the world inverse
  const w: Tensor3 = [e[0]!, e[1]!, e[2]!, e[1]!, e[3]!, e[4]!, e[2]!, e[4]!, e[5]!];
  const world = invert3(w);
  const r = body.rotation();
  // Back to the body frame: Rᵀ · world · R.
  const m = new Matrix4().makeRotationFromQuaternion(new Quaternion(r.x, r.y, r.z, r.w)).elements;
  const rot = (i: number, j: number) => m[j * 4 + i]!;
  const out: number[] = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++)
        for (let l = 0; l < 3; l++) out[3 * i + j]! += rot(k, i) * world[3 * k + l]! * rot(l, j);
  return out as Tensor3;
}

function invert3(m: Tensor3): Tensor3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ].map((x) => x / det) as Tensor3;
}

/** Largest entry of |a − b| over the largest |b|: 0 for the same tensor. */
export function tensorError(a: Tensor3, b: Tensor3): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!))) / scale;
}
