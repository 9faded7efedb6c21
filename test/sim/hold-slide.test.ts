import { describe, expect, it } from 'vitest';
import type { HoldSlide } from '../../sim/effectors/hold-slide.ts';
import { makePose } from '../../src/math/pose.ts';
import { addHandBody } from '../../sim/bodies.ts';
import { addBox, gripperRig, makeWorld, moveFlange, PAD_DROP_M, runMotion } from '../../sim/hand-rigs.ts';

// The gripper's hold-slide reading (issues 11, 13): the load's displacement relative to the hand from the settled
// squeeze to the release, read from the bodies. A known slide is built physically: the hand rises over a box too
// heavy and slippery for the pads to lift, so the box stays on the floor while the hand goes up by a known amount.

async function holdWhileRising(
  box: { massKg: number; friction: number },
  riseM: number,
  holdMs: number,
  takenOut = false,
) {
  const sim = await makeWorld();
  const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
  const crate = addBox(sim, 'crate', [0.06, 0.06, 0.06], [0, 0, 0.03], box.massKg, box.friction);
  sim.runFor(100);
  const holds: HoldSlide[] = [];
  rig.gripper.holds$.subscribe((h) => holds.push(h));
  expect(runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000)).toBe('completed');
  moveFlange(rig, [0, 0, riseM], 1000);
  // A person takes the load out of the squeezing hand, as the demo's staff do from a stuck one.
  if (takenOut) sim.body(crate.bodyHandle).setTranslation({ x: 1, y: 0, z: 0.03 }, true);
  sim.runFor(holdMs);
  const beforeRelease = holds.length;
  expect(runMotion(sim, rig.gripper.open(0.1).execution$, 3000)).toBe('completed');
  sim.free();
  return { holds, beforeRelease };
}

describe('hold slide (the load in the hand, grasp settled to release)', () => {
  it('reads the 8 mm a hand rose over a box the pads could not lift, at release and at most', async () => {
    // 2 kg at μ 0.02: the pads' 2 × 0.02 × 20 N = 0.8 N of friction cannot lift its 19.6 N.
    const { holds, beforeRelease } = await holdWhileRising({ massKg: 2, friction: 0.02 }, 0.008, 300);
    expect(beforeRelease).toBe(0);
    expect(holds).toHaveLength(1);
    const [h] = holds as [HoldSlide];
    expect(h.item).toBe('crate');
    expect(h.hand).toBe('gripper');
    expect(h.releaseM).toBeGreaterThan(0.007);
    expect(h.releaseM).toBeLessThan(0.009);
    expect(h.maxM).toBeGreaterThanOrEqual(h.releaseM);
    expect(h.maxM).toBeLessThan(0.0095);
  });

  it('does not read a load a person took out of the hand as a slide', async () => {
    const { holds } = await holdWhileRising({ massKg: 0.2, friction: 1 }, 0.05, 300, true);
    expect(holds).toHaveLength(1);
    expect(holds[0]!.maxM).toBeLessThan(0.001);
    expect(holds[0]!.releaseM).toBeLessThan(0.001);
  });

  it('reads under a millimetre for a box held and lifted 5 cm by friction', async () => {
    const { holds } = await holdWhileRising({ massKg: 0.2, friction: 1 }, 0.05, 500);
    expect(holds).toHaveLength(1);
    expect(holds[0]!.maxM).toBeLessThan(0.001);
    expect(holds[0]!.endMs - holds[0]!.startMs).toBeGreaterThan(1400);
  });

  it("reads no hold when the fingers close on the robot's other hand, which is no load", async () => {
    // The 24 h soak's worst "hold" was the right gripper's fingers on the left suction cup (106 mm as the arms
    // moved apart): a part of the robot, not a load, so the demo's held-load figure leaves it out.
    const sim = await makeWorld();
    const rig = gripperRig(sim, makePose([0, 0, 0.035 + PAD_DROP_M]));
    const box = { kind: 'box' as const, halfExtentsM: [0.03, 0.03, 0.03] as [number, number, number] };
    addHandBody(
      sim,
      makePose([0, 0, 0.03]),
      [{ shape: box, poseInBody: makePose([0, 0, 0]) }],
      0.3,
      1,
      'hand left_suction_cup',
    );
    sim.runFor(100);
    const holds: HoldSlide[] = [];
    rig.gripper.holds$.subscribe((h) => holds.push(h));
    let detected = false;
    rig.gripper.objectDetected$.subscribe((d) => (detected ||= d));
    expect(runMotion(sim, rig.gripper.close(20, 0.15).execution$, 2000)).toBe('completed');
    // The fingers did close on it: the gripper feels something between its pads.
    expect(detected).toBe(true);
    moveFlange(rig, [0, 0, 0.02], 1000);
    expect(runMotion(sim, rig.gripper.open(0.1).execution$, 3000)).toBe('completed');
    sim.free();
    expect(holds).toEqual([]);
  });
});
