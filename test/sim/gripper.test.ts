import { describe, expect, it } from 'vitest';
import { makePose } from '../../src/math/pose.ts';
import {
  addBox,
  gripperRig,
  guardedDescend,
  makeWorld,
  moveFlange,
  PAD_DROP_M,
  positionOf,
  runMotion,
} from '../../sim/hand-rigs.ts';

// The peer grasp trial's sequence: close (20 N), lift 0.1 m in 1 s, hold 0.25 s, shake ±2 cm at 2 Hz across the
// grasp axis for 0.5 s. The box is held only by the pads' friction.
async function graspTrial(box: { sizeM: [number, number, number]; massKg: number; friction: number }) {
  const sim = await makeWorld();
  const boxZ = box.sizeM[2] / 2;
  const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
  const obj = addBox(sim, 'box', box.sizeM, [0.003, 0.004, boxZ], box.massKg, box.friction);
  sim.runFor(100);
  const outcome = runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000);
  let detected = false;
  rig.gripper.objectDetected$.subscribe((d) => (detected = d)).unsubscribe();
  const widthAfterCloseM = rig.gripper.widthM();
  moveFlange(rig, [0, 0, 0.1], 1000);
  sim.runFor(250);
  const shakeStart = rig.flangeTarget.position.clone();
  for (let t = 0; t < 500; t += sim.dtS * 1000) {
    rig.flangeTarget = makePose(
      shakeStart.clone().setY(0.02 * Math.sin(2 * Math.PI * 2 * (t / 1000))),
      rig.flangeTarget.quaternion,
    );
    sim.step();
  }
  const padCentre = rig.flangeTarget.position.clone().setZ(rig.flangeTarget.position.z - PAD_DROP_M);
  const objPos = positionOf(sim, obj.bodyHandle);
  sim.free();
  return { outcome, detected, widthAfterCloseM, offsetM: objPos.distanceTo(padCentre), liftedM: objPos.z - boxZ };
}

describe('parallel gripper (held by friction and motor force only)', () => {
  it('lifts a box within its opening and holds it through a shake', async () => {
    const r = await graspTrial({ sizeM: [0.06, 0.06, 0.06], massKg: 0.2, friction: 1 });
    expect(r.outcome).toBe('completed');
    expect(r.detected).toBe(true);
    expect(r.widthAfterCloseM).toBeGreaterThan(0.054);
    expect(r.widthAfterCloseM).toBeLessThan(0.0605);
    expect(r.liftedM).toBeGreaterThan(0.095);
    expect(r.offsetM).toBeLessThan(0.02);
  });

  it('lets the same box slip out when it is heavy and slippery (μ = 0.05)', async () => {
    const r = await graspTrial({ sizeM: [0.06, 0.06, 0.06], massKg: 1.0, friction: 0.05 });
    expect(r.outcome).toBe('completed');
    expect(r.liftedM).toBeLessThan(0.01);
  });

  it('cannot grasp a box wider than its opening: the pads land on top and close on nothing', async () => {
    const sim = await makeWorld();
    const rig = gripperRig(sim, makePose([0, 0, 0.06 + 0.03 + PAD_DROP_M]));
    const obj = addBox(sim, 'wide', [0.12, 0.06, 0.06], [0, 0, 0.03], 0.3, 1);
    sim.runFor(100);
    rig.wrist.tare();
    // Lower until the pads press on the box top, as a guarded move on a real arm would.
    expect(guardedDescend(rig, 5, 0.05, 0.06)).toBe(true);
    expect(rig.flangeTarget.position.z).toBeGreaterThan(0.06 + PAD_DROP_M);
    expect(runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000)).toBe('completed');
    let detected = true;
    rig.gripper.objectDetected$.subscribe((d) => (detected = d)).unsubscribe();
    expect(detected).toBe(false);
    expect(rig.gripper.widthM()).toBeLessThan(0.005);
    moveFlange(rig, [0, 0, 0.1], 1000);
    expect(positionOf(sim, obj.bodyHandle).z).toBeLessThan(0.035);
    sim.free();
  });
});
