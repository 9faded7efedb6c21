import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { makePose } from '../../src/math/pose.ts';
import {
  addBox,
  guardedDescend,
  makeWorld,
  moveFlange,
  positionOf,
  suctionRig,
  type HandRig,
} from '../../sim/hand-rigs.ts';

/** Moves the flange by `distanceM` along `direction` on a trapezoidal profile (accelMps2, cruise speedMps). */
function trapezoidMove(rig: HandRig, direction: Vector3, distanceM: number, speedMps: number, accelMps2: number): void {
  const dt = rig.sim.dtS;
  const start = rig.flangeTarget.position.clone();
  const accelS = speedMps / accelMps2;
  const accelDistM = 0.5 * accelMps2 * accelS ** 2;
  const cruiseS = Math.max(0, (distanceM - 2 * accelDistM) / speedMps);
  const totalS = 2 * accelS + cruiseS;
  const at = (t: number): number => {
    if (t < accelS) return 0.5 * accelMps2 * t * t;
    if (t < accelS + cruiseS) return accelDistM + speedMps * (t - accelS);
    const d = Math.min(accelS, t - accelS - cruiseS);
    return accelDistM + speedMps * cruiseS + speedMps * d - 0.5 * accelMps2 * d * d;
  };
  for (let t = dt; t <= totalS + 1e-9; t += dt) {
    rig.flangeTarget = makePose(start.clone().addScaledVector(direction, at(t)), rig.flangeTarget.quaternion);
    rig.sim.step();
  }
}

/** A box on the floor, sealed on its top face by a cup that then lifts it 0.1 m (flange 6 cm above the top). */
async function sealAndLift(sizeM: readonly [number, number, number], massKg: number) {
  const sim = await makeWorld();
  const rig = suctionRig(sim, makePose([0, 0, sizeM[2] + 0.06]));
  const box = addBox(sim, 'box', sizeM, [0, 0, sizeM[2] / 2], massKg, 0.8);
  sim.runFor(100);
  rig.wrist.tare();
  guardedDescend(rig, 3, 0.02, 0.04);
  rig.cup.setVacuum(true);
  sim.runFor(100);
  moveFlange(rig, [0, 0, 0.1], 500);
  sim.runFor(200);
  return { sim, rig, box };
}

/** Picks a box from its top face and carries it 0.4 m sideways; reports the seal and where the box ended. */
async function carrySideways(sizeM: [number, number, number], massKg: number, accelMps2: number) {
  const { sim, rig, box } = await sealAndLift(sizeM, massKg);
  let sealedAfterLift = false;
  let lostDuringCarry = false;
  rig.cup.sealed$.subscribe((s) => (sealedAfterLift = s)).unsubscribe();
  const sub = rig.cup.sealed$.subscribe((s) => (lostDuringCarry ||= !s));
  const flangeStart = rig.flangeTarget.position.clone();
  trapezoidMove(rig, new Vector3(1, 0, 0), 0.4, 0.5, accelMps2);
  sim.runFor(300);
  sub.unsubscribe();
  const boxEnd = positionOf(sim, box.bodyHandle);
  const flangeEnd = rig.flangeTarget.position.clone();
  sim.free();
  return {
    sealedAfterLift,
    lostDuringCarry,
    carriedM: boxEnd.x,
    flangeTravelM: flangeEnd.x - flangeStart.x,
    boxZ: boxEnd.z,
  };
}

describe('suction cup holding through sideways motion', () => {
  it('keeps a light box (0.3 kg) sealed through a 0.4 m sideways move at 0.5 m/s, 2 m/s²', async () => {
    const r = await carrySideways([0.1, 0.08, 0.05], 0.3, 2);
    expect(r.sealedAfterLift).toBe(true);
    expect(r.lostDuringCarry).toBe(false);
    expect(r.carriedM).toBeGreaterThan(0.39);
    expect(r.boxZ).toBeGreaterThan(0.09);
  });

  it('keeps a tall tea box (0.2 kg, 0.15 m high) sealed through the same move', async () => {
    const r = await carrySideways([0.07, 0.07, 0.15], 0.2, 2);
    expect(r.sealedAfterLift).toBe(true);
    expect(r.lostDuringCarry).toBe(false);
    expect(r.carriedM).toBeGreaterThan(0.39);
  });

  it('shears off under a sideways shove above the lip friction (0.5 × rated), not under one below it', async () => {
    const shove = async (forceN: number) => {
      const { sim, rig, box } = await sealAndLift([0.1, 0.08, 0.05], 0.3);
      const stop = sim.addPreStep(() => sim.applyForce(box.bodyHandle, new Vector3(forceN, 0, 0)));
      sim.runFor(300);
      stop();
      sim.runFor(300);
      let sealed = false;
      rig.cup.sealed$.subscribe((s) => (sealed = s)).unsubscribe();
      const boxZ = positionOf(sim, box.bodyHandle).z;
      sim.free();
      return { sealed, boxZ };
    };
    const rated = 60_000 * Math.PI * 0.015 ** 2;
    const below = await shove(0.3 * rated);
    expect(below.sealed).toBe(true);
    expect(below.boxZ).toBeGreaterThan(0.09);
    const above = await shove(0.8 * rated);
    expect(above.sealed).toBe(false);
    expect(above.boxZ).toBeLessThan(0.03);
  });

  it('still drops a load above its rating (5 kg on a 42 N cup)', async () => {
    const r = await carrySideways([0.1, 0.08, 0.05], 5, 2);
    expect(r.sealedAfterLift).toBe(false);
    expect(r.carriedM).toBeLessThan(0.05);
  });
});
