import type { Collider, RigidBody, World } from '../../sim/rapier.ts';
import type { JawParts, XYZ } from '../../sim/effectors/jaw-drive.ts';
import type { PAD_SPIN_LAW, PadSpinState } from '../../sim/effectors/pad-spin.ts';
import { patchSpinLeft, rememberHeld, rotateInto } from '../../sim/effectors/pad-load.ts';

// The reference the fast spin friction must match (test/sim/pad-spin-identity.test.ts). Kept as it was, with the
// law passed in, so the test can put it in place of the module's own; since protocol 4 it counts only the points
// the solver pushed at and takes the patch's share left besides its friction force (sim/effectors/pad-load.ts);
// since issue 13's crowned-pad trace both pads read the spin (relative to the hand) before either acts, the torque
// is sized by n·I⁻¹·n and its reaction goes to the hand.

// Scratch for resistPadSpin, which runs every step of every trial.
const spinNormals: [XYZ, XYZ] = [
  { x: 0, y: 0, z: 0 },
  { x: 0, y: 0, z: 0 },
];
const spinImpulses: [number, number] = [0, 0];
const spinFriction: [number, number] = [0, 0];
const spinSpreadM: [number, number] = [0, 0];
const spinTargets: [RigidBody | null, RigidBody | null] = [null, null];
const spinCentres: [XYZ, XYZ] = [
  { x: 0, y: 0, z: 0 },
  { x: 0, y: 0, z: 0 },
];
const spinTorque = { x: 0, y: 0, z: 0 };

/**
 * `resistPadSpin` as first written (sim/effectors/pad-spin.ts at 86c87eb): a closure per pad per call and every
 * engine object built afresh. The physics is the module's own; see its documentation there.
 */
export function referenceResistPadSpin(
  law: typeof PAD_SPIN_LAW,
  world: World,
  parts: JawParts,
  /** Each finger's pad colliders. */
  pads: readonly [readonly Collider[], readonly Collider[]],
  state: PadSpinState,
  dtS: number,
  /** The object if the caller knows it (a trial): saves looking the pads' contacts up. */
  only?: Collider,
): void {
  for (let i = 0; i < 2; i++) {
    spinImpulses[i] = 0;
    spinTargets[i] = null;
    let pad: Collider;
    const consider = (other: Collider) => {
      if (spinTargets[i] !== null) return;
      const body = other.parent();
      if (body === null || !body.isDynamic() || body.handle === parts.fingers[0].handle) return;
      if (body.handle === parts.fingers[1].handle) return;
      let impulse = 0;
      // The pushing points' first and second moments, to know how far they already span the patch.
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let sxx = 0;
      const n = spinNormals[i]!;
      let frame: Collider = pad;
      world.contactPair(pad, other, (manifold, flipped) => {
        frame = flipped ? other : pad;
        const q = frame.rotation();
        const toFrame = { x: -q.x, y: -q.y, z: -q.z, w: q.w };
        const origin = frame.translation();
        const claimed = new Set<number>();
        for (let j = 0; j < manifold.numSolverContacts(); j++) {
          const w = manifold.solverContactPoint(j);
          if (w === null) continue;
          const local = { x: 0, y: 0, z: 0 };
          rotateInto(toFrame, w.x - origin.x, w.y - origin.y, w.z - origin.z, local);
          let best = -1;
          let bestSq = Infinity;
          for (let c = 0; c < Math.min(manifold.numContacts(), 16); c++) {
            if (claimed.has(c) || manifold.contactImpulse(c) <= 1e-9) continue;
            const at = manifold.localContactPoint1(c);
            if (at === null) continue;
            const dSq = (at.x - local.x) ** 2 + (at.y - local.y) ** 2 + (at.z - local.z) ** 2;
            if (dSq < bestSq) {
              bestSq = dSq;
              best = c;
            }
          }
          if (best < 0) continue;
          claimed.add(best);
          const p = manifold.contactImpulse(best);
          const at = manifold.localContactPoint1(best)!;
          impulse += p;
          sx += p * at.x;
          sy += p * at.y;
          sz += p * at.z;
          sxx += p * (at.x * at.x + at.y * at.y + at.z * at.z);
        }
        if (impulse > 1e-7) {
          const m = manifold.normal();
          const sign = flipped ? -1 : 1;
          n.x = sign * m.x;
          n.y = sign * m.y;
          n.z = sign * m.z;
        }
      });
      if (impulse <= 1e-7) return;
      // Spread of the points about their centre, m (rms, weighted by impulse): the points' own friction resists
      // spin up to about μ·N·spread, which the patch limit only tops up.
      const spreadSq = sxx / impulse - (sx * sx + sy * sy + sz * sz) / (impulse * impulse);
      spinSpreadM[i] = Math.sqrt(Math.max(0, spreadSq));
      const centre = { x: 0, y: 0, z: 0 };
      rotateInto(frame.rotation(), sx / impulse, sy / impulse, sz / impulse, centre);
      const at = frame.translation();
      spinCentres[i] = { x: centre.x + at.x, y: centre.y + at.y, z: centre.z + at.z };
      spinImpulses[i] = impulse;
      spinTargets[i] = body;
      spinFriction[i] = Math.min(pad.friction(), other.friction());
    };
    for (pad of pads[i]!) {
      if (only !== undefined) consider(only);
      else world.contactPairsWith(pad, consider);
    }
    const body = spinTargets[i] ?? null;
    if (body === null || body.handle !== state.bodies[i]) state.turnRad[i] = 0;
    state.bodies[i] = body === null ? -1 : body.handle;
  }
  // Both pads read the body's spin relative to the hand, and its response to a torque about their normal, before
  // either pad acts on it.
  const spins = [0, 0];
  const perImpulse = [0, 0];
  for (let i = 0; i < 2; i++) {
    const body = spinTargets[i] ?? null;
    if (body === null) continue;
    const n = spinNormals[i]!;
    const w = body.angvel();
    const h = parts.hand.angvel();
    spins[i] = (w.x - h.x) * n.x + (w.y - h.y) * n.y + (w.z - h.z) * n.z;
    const inverse = body.effectiveWorldInvInertia();
    perImpulse[i] =
      n.x * (inverse.m11 * n.x + inverse.m12 * n.y + inverse.m13 * n.z) +
      n.y * (inverse.m12 * n.x + inverse.m22 * n.y + inverse.m23 * n.z) +
      n.z * (inverse.m13 * n.x + inverse.m23 * n.y + inverse.m33 * n.z);
  }
  for (let i = 0; i < 2; i++) {
    const body = spinTargets[i] ?? null;
    if (body === null) continue;
    const n = spinNormals[i]!;
    const spin = spins[i]!;
    state.turnRad[i] = state.turnRad[i]! + spin * dtS;
    // Both pads on one body share stopping it.
    const sharing = spinTargets[1 - i]?.handle === body.handle ? 2 : 1;
    const wanted =
      perImpulse[i]! > 0 ? -(spin + (law.stickFactor * state.turnRad[i]!) / dtS) / perImpulse[i]! / sharing : 0;
    const limit =
      spinFriction[i]! *
      spinImpulses[i]! *
      Math.max(0, law.discFactor * law.patchRadiusM - spinSpreadM[i]!) *
      patchSpinLeft(
        world,
        body,
        n,
        spinImpulses[i]! / dtS,
        spinFriction[i]!,
        spinCentres[i]!,
        sharing === 2 ? spinCentres[1 - i]! : null,
        sharing,
        dtS,
        state,
      );
    if (limit <= 0) {
      state.turnRad[i] = 0;
      continue;
    }
    let impulse = wanted;
    if (Math.abs(wanted) > limit) {
      // Slipping: kinetic spin friction at the limit, and the pad sticks afresh where the slip ends.
      impulse = Math.sign(wanted) * limit;
      state.turnRad[i] = 0;
    }
    spinTorque.x = impulse * n.x;
    spinTorque.y = impulse * n.y;
    spinTorque.z = impulse * n.z;
    body.applyTorqueImpulse(spinTorque, true);
    spinTorque.x = -spinTorque.x;
    spinTorque.y = -spinTorque.y;
    spinTorque.z = -spinTorque.z;
    // The reaction goes to the hand the fingers are jointed to; a kinematic hand takes it without moving.
    if (parts.hand.isDynamic()) parts.hand.applyTorqueImpulse(spinTorque, true);
  }
  rememberHeld(state, spinTargets[0] ?? spinTargets[1] ?? null);
}
