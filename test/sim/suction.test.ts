import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { addDynamicObject } from '../../sim/bodies.ts';
import { makePose } from '../../src/math/pose.ts';
import { addBox, guardedDescend, makeWorld, moveFlange, positionOf, suctionRig } from '../../sim/hand-rigs.ts';

/** Flange height that puts the cup face `gapM` above `surfaceZ` (the rig's face sits 0.04 m below the flange). */
const above = (surfaceZ: number, gapM = 0.02): number => surfaceZ + 0.04 + gapM;

/**
 * Tares, lowers the cup onto what is below until 3 N, turns the vacuum on, lifts 0.1 m and waits `afterMs`;
 * whether the descent touched and whether the cup sealed at any moment.
 */
function descendSealAndLift(
  rig: ReturnType<typeof suctionRig>,
  afterMs: number,
): { touched: boolean; everSealed: boolean } {
  rig.sim.runFor(100);
  rig.wrist.tare();
  const touched = guardedDescend(rig, 3, 0.02, 0.04);
  rig.cup.setVacuum(true);
  let everSealed = false;
  const sub = rig.cup.sealed$.subscribe((s) => (everSealed ||= s));
  rig.sim.runFor(100);
  moveFlange(rig, [0, 0, 0.1], 1000);
  rig.sim.runFor(afterMs);
  sub.unsubscribe();
  return { touched, everSealed };
}

async function suctionLift(massKg: number) {
  const sim = await makeWorld();
  const rig = suctionRig(sim, makePose([0, 0, above(0.05)]));
  const box = addBox(sim, 'box', [0.1, 0.08, 0.05], [0, 0, 0.025], massKg, 0.8);
  sim.runFor(100);
  rig.wrist.tare();
  const touched = guardedDescend(rig, 3, 0.02, 0.04);
  rig.cup.setVacuum(true);
  sim.runFor(100);
  let sealedAtGrip = false;
  rig.cup.sealed$.subscribe((s) => (sealedAtGrip = s)).unsubscribe();
  moveFlange(rig, [0, 0, 0.1], 1000);
  sim.runFor(500);
  let sealedAfterLift = false;
  rig.cup.sealed$.subscribe((s) => (sealedAfterLift = s)).unsubscribe();
  const payloadN = -rig.wrist.currentWrench().forceN[2];
  const liftedM = positionOf(sim, box.bodyHandle).z - 0.025;
  sim.free();
  return { touched, sealedAtGrip, sealedAfterLift, liftedM, payloadN, ratedN: rig.cup.ratedHoldForceN };
}

describe('suction cup (holds only while sealed, up to vacuum × area)', () => {
  it('rates its hold force as vacuum × area', async () => {
    const sim = await makeWorld();
    const rig = suctionRig(sim, makePose([0, 0, 0.3]), 0.03, 60);
    expect(rig.cup.ratedHoldForceN).toBeCloseTo(60_000 * Math.PI * 0.015 ** 2, 6);
    sim.free();
  });

  it('lifts a light box from its top face', async () => {
    const r = await suctionLift(0.3);
    expect(r.touched).toBe(true);
    expect(r.sealedAtGrip).toBe(true);
    expect(r.sealedAfterLift).toBe(true);
    expect(r.liftedM).toBeGreaterThan(0.09);
    // The wrist feels the payload the cup holds (tared before the pick).
    expect(r.payloadN).toBeGreaterThan(0.3 * 9.81 * 0.9);
    expect(r.payloadN).toBeLessThan(0.3 * 9.81 * 1.1);
  });

  it('drops a load above its rating', async () => {
    const r = await suctionLift(5.0);
    expect(5.0 * 9.81).toBeGreaterThan(r.ratedN);
    expect(r.sealedAtGrip).toBe(true);
    expect(r.sealedAfterLift).toBe(false);
    expect(r.liftedM).toBeLessThan(0.01);
  });

  it('does not seal on the curved side of a cylinder', async () => {
    const sim = await makeWorld();
    const radiusM = 0.033;
    const rig = suctionRig(sim, makePose([0, 0, above(2 * radiusM)]));
    const lying = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), Math.PI / 2);
    const can = addDynamicObject(sim, {
      id: 'can',
      shape: { kind: 'cylinder', radiusM, heightM: 0.12 },
      poseInWorld: makePose([0, 0, radiusM], lying),
      material: { friction: 0.8, massKg: 0.1 },
    });
    const { touched, everSealed } = descendSealAndLift(rig, 0);
    expect(touched).toBe(true);
    expect(everSealed).toBe(false);
    expect(positionOf(sim, can.bodyHandle).z).toBeLessThan(radiusM + 0.005);
    sim.free();
  });
  it('leaks when tilted: a cup 12° off the face normal does not seal on a flat top', async () => {
    const sim = await makeWorld();
    const tilt = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), (12 * Math.PI) / 180);
    const rig = suctionRig(sim, makePose([0, 0, above(0.05)], tilt));
    const box = addBox(sim, 'box', [0.1, 0.08, 0.05], [0, 0, 0.025], 0.3, 0.8);
    const { touched, everSealed } = descendSealAndLift(rig, 300);
    expect(touched).toBe(true);
    expect(everSealed).toBe(false);
    expect(positionOf(sim, box.bodyHandle).z).toBeLessThan(0.025 + 0.005);
    sim.free();
  });
});
