import { describe, expect, it } from 'vitest';
import { bodyOfCollider, normalContactForceN } from '../../sim/contact-force.ts';
import { makePose } from '../../src/math/pose.ts';
import {
  addBox,
  gripperRig,
  guardedDescend,
  makeWorld,
  moveFlange,
  PAD_DROP_M,
  runMotion,
} from '../../sim/hand-rigs.ts';

describe('compliant wrist force/torque sensor', () => {
  it('reads the payload: ≈ 4.9 N holding 0.5 kg at rest', async () => {
    const sim = await makeWorld();
    const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
    addBox(sim, 'box', [0.06, 0.06, 0.06], [0, 0, 0.03], 0.5, 1);
    sim.runFor(100);
    rig.wrist.tare();
    expect(Math.abs(rig.wrist.currentWrench().forceN[2])).toBeLessThan(0.05);
    expect(runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000)).toBe('completed');
    moveFlange(rig, [0, 0, 0.1], 1000);
    sim.runFor(500);
    const { forceN, frameId } = rig.wrist.currentWrench();
    expect(frameId).toBe('ft_link');
    // The sensor frame is the flange's (z up here); the payload pulls the flange down.
    expect(forceN[2]).toBeLessThan(-0.5 * 9.81 * 0.9);
    expect(forceN[2]).toBeGreaterThan(-0.5 * 9.81 * 1.1);
    expect(Math.hypot(forceN[0], forceN[1])).toBeLessThan(0.3);
    sim.free();
  });

  it('reads ≈ 10 N pressing on a table with 10 N, matching the contact force', async () => {
    const sim = await makeWorld();
    const rig = gripperRig(sim, makePose([0, 0, 0.05 + PAD_DROP_M]));
    sim.runFor(100);
    rig.wrist.tare();
    expect(guardedDescend(rig, 3, 0.01, 0.06)).toBe(true);
    // A force loop on the flange height, as a force-controlled skill would run, holds 10 N. Reading and contact
    // force are averaged over the last 0.2 s: the hand rides on a spring, so step by step they differ by its
    // inertia while the pads settle on the floor.
    const floor = bodyOfCollider(sim, 0)!;
    let readingSumN = 0;
    let contactSumN = 0;
    const averaged = 48;
    for (let i = 0; i < 240 + averaged; i++) {
      const errorN = 10 - rig.wrist.currentWrench().forceN[2];
      rig.flangeTarget = makePose(
        rig.flangeTarget.position.clone().setZ(rig.flangeTarget.position.z - (0.2 * errorN) / 30_000),
      );
      sim.step();
      if (i < 240) continue;
      readingSumN += rig.wrist.currentWrench().forceN[2];
      contactSumN += normalContactForceN(sim, [rig.hand, ...rig.gripper.fingerBodyHandles], [floor]);
    }
    const readingN = readingSumN / averaged;
    const contactN = contactSumN / averaged;
    expect(readingN).toBeGreaterThan(9);
    expect(readingN).toBeLessThan(11);
    // Independent check: the table's normal force on the hand matches. (The tare took the hand's weight out of the
    // reading; the table carries that weight plus the spring's push, which sum to the tared reading.)
    expect(Math.abs(contactN - readingN)).toBeLessThan(0.5);
    sim.free();
  });
});
