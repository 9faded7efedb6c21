import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { bodyPose } from '../../sim/bodies.ts';
import type { SimWorld } from '../../sim/sim-world.ts';
import { makePose } from '../../src/math/pose.ts';
import { addBox, gripperRig, makeWorld, moveFlange, PAD_DROP_M, runMotion } from './rigs.ts';

// The wrist's torque axes against a known offset load: a 0.4 kg bar gripped 40 mm off its centre, so its weight
// hangs 40 mm beside the sensor axis (the pads run along y). The expected torque is Σ r × F over what hangs from
// the sensor (hand, fingers, bar), r each body's centre of mass from the sensor origin and F its weight, read from
// the simulation, less the same sum at the tare (hand and open fingers). The reading must not cost the grip: the
// bar may not creep in the hand while it is read.

const MASS_KG = 0.4;
const OFFSET_M = 0.04;
const G = 9.81;

/** Σ r × (m g) about the flange's sensor origin (the rig's sensor frame is the flange's), in the sensor frame. */
function weightMomentNm(sim: SimWorld, flange: number, bodies: readonly number[]): Vector3 {
  const sensor = bodyPose(sim, flange);
  const moment = new Vector3();
  for (const handle of bodies) {
    const body = sim.body(handle);
    const c = body.worldCom();
    const r = new Vector3(c.x, c.y, c.z).sub(sensor.position);
    moment.add(r.cross(new Vector3(0, 0, -body.mass() * G)));
  }
  return moment.applyQuaternion(sensor.quaternion.clone().invert());
}

async function offsetLoad(): Promise<{ readingNm: Vector3; expectedNm: Vector3; creepM: number; creepRad: number }> {
  const sim = await makeWorld();
  const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
  // A bar 40 × 200 × 60 mm whose centre sits 40 mm along +y from the hand's axis.
  const bar = addBox(sim, 'bar', [0.04, 0.2, 0.06], [0, OFFSET_M, 0.03], MASS_KG, 1);
  const hanging = [rig.hand, ...rig.gripper.fingerBodyHandles];
  sim.runFor(100);
  rig.wrist.tare();
  const atTare = weightMomentNm(sim, rig.flange, hanging);
  expect(runMotion(sim, rig.gripper.close(30, 0.15).execution$, 2000)).toBe('completed');
  moveFlange(rig, [0, 0, 0.1], 1000);
  sim.runFor(500);
  const inHand = (): { p: Vector3; q: ReturnType<typeof bodyPose>['quaternion'] } => {
    const hand = bodyPose(sim, rig.hand);
    const b = bodyPose(sim, bar.bodyHandle);
    const inv = hand.quaternion.clone().invert();
    return { p: b.position.clone().sub(hand.position).applyQuaternion(inv), q: inv.multiply(b.quaternion) };
  };
  const before = inHand();
  // Reading and expectation averaged over 0.5 s of holding still (the hand rides on springs), then 2 s more held.
  const readingNm = new Vector3();
  const expectedNm = new Vector3();
  const steps = 120;
  for (let i = 0; i < steps; i++) {
    sim.step();
    readingNm.add(new Vector3(...rig.wrist.currentWrench().torqueNm));
    expectedNm.add(weightMomentNm(sim, rig.flange, [...hanging, bar.bodyHandle]).sub(atTare));
  }
  sim.runFor(2000);
  const after = inHand();
  sim.free();
  return {
    readingNm: readingNm.divideScalar(steps),
    expectedNm: expectedNm.divideScalar(steps),
    creepM: after.p.distanceTo(before.p),
    creepRad: after.q.angleTo(before.q),
  };
}

describe('compliant wrist torque', () => {
  it('reads r × F of a load hung beside the sensor axis, and the load does not creep in the grip', async () => {
    const { readingNm, expectedNm, creepM, creepRad } = await offsetLoad();
    // The load's torque is about −x (weight at +y pulls that side down): 0.4 kg × 9.81 × 0.04 m ≈ 0.157 N·m.
    expect(expectedNm.x).toBeLessThan(-0.9 * MASS_KG * G * OFFSET_M);
    // Within 5 % of the load torque plus 2 mN·m on each axis.
    const tolNm = 0.05 * MASS_KG * G * OFFSET_M + 0.002;
    expect(Math.abs(readingNm.x - expectedNm.x)).toBeLessThan(tolNm);
    expect(Math.abs(readingNm.y - expectedNm.y)).toBeLessThan(tolNm);
    expect(Math.abs(readingNm.z - expectedNm.z)).toBeLessThan(tolNm);
    // About the creep the rotation-locked wrist let the bar make (1.2 mm and 0.041 rad over the 2.5 s read and
    // hold); with the world's solver iterations alone it turned 0.062 rad and slid 3.4 mm.
    expect(creepM).toBeLessThan(1.5e-3);
    expect(creepRad).toBeLessThan(0.03);
  });
});
