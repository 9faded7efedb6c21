import { describe, expect, it } from 'vitest';
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { GripperPads } from '../../../hardware/end-effector.ts';
import { composePoses, invertPose, makePose, type Pose } from '../../../src/math/pose.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import type { KnownObject } from '../../../src/world/world-model.ts';
import { bodyPose } from '../../../sim/bodies.ts';
import { gripForceFor, gripSqueezeFor } from '../../../skills/force/grip-force.ts';
import { padPatch } from '../../../skills/force/pad-patch.ts';
import { addBox, gripperRig, makeWorld, moveFlange, PAD_DROP_M, PAD_HALF, runMotion } from '../../../sim/hand-rigs.ts';

// A side grasp that holds a long box by its near end: the pads cover the first 45 mm, the centre of mass is 15 cm
// deeper, so the weight twists the box about the closing axis. The squeeze from weight and friction alone lets it
// swing down in the pads; the squeeze sized from the moment through the pads' contact patch holds it.

const MAX_FORCE_N = 60;
const FRICTION = 0.5;
const SIZE_M: readonly [number, number, number] = [0.06, 0.3, 0.1];
/** The flange turned so the pads reach horizontally along world −y, closing along world x, pad width vertical. */
const FLANGE_ROTATION = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), -Math.PI / 2);
const FLANGE_Z_M = 0.055;
/** The box's near face is this far along the approach from the palm, m. */
const NEAR_FACE_M = 0.025;

/** The rig's tool frame in its hand: at the pads' centre, z along the approach (hand −z), y the closing axis (x). */
const TOOL_IN_HAND: Pose = {
  position: new Vector3(0, 0, -PAD_DROP_M),
  quaternion: new Quaternion().setFromRotationMatrix(
    new Matrix4().makeBasis(new Vector3(0, 1, 0), new Vector3(1, 0, 0), new Vector3(0, 0, -1)),
  ),
};
const RIG_PADS: GripperPads = { alongApproachM: [-PAD_HALF[2], PAD_HALF[2]], acrossM: [-PAD_HALF[1], PAD_HALF[1]] };

function boxObject(massKg: number): KnownObject {
  return {
    id: 'long-box',
    shape: { kind: 'box', sizeM: SIZE_M },
    poseInWorld: makePose([0, -NEAR_FACE_M - SIZE_M[1] / 2, SIZE_M[2] / 2]),
    massKg,
    friction: FRICTION,
    tags: [],
  };
}

const toolInWorld = composePoses(makePose([0, 0, FLANGE_Z_M], FLANGE_ROTATION), TOOL_IN_HAND);

/** Squeezes the box in the rig with `forceN`, lifts it 5 cm and holds 1 s; how far it turned in the pads, degrees. */
async function sideGraspTiltDeg(massKg: number, forceN: number): Promise<number> {
  const sim = await makeWorld();
  const rig = gripperRig(sim, makePose([0, 0, FLANGE_Z_M], FLANGE_ROTATION), MAX_FORCE_N);
  const object = boxObject(massKg);
  const box = addBox(sim, object.id, SIZE_M, object.poseInWorld.position.toArray(), massKg, FRICTION);
  sim.runFor(100);
  expect(runMotion(sim, rig.gripper.close(forceN, 0.1).execution$, 2000)).toBe('completed');
  const before = bodyPose(sim, box.bodyHandle).quaternion;
  moveFlange(rig, [0, 0, 0.05], 1000);
  sim.runFor(1000);
  const tiltDeg = (before.angleTo(bodyPose(sim, box.bodyHandle).quaternion) * 180) / Math.PI;
  sim.free();
  return tiltDeg;
}

describe('grip force for an off-centre side grasp', () => {
  it('puts the contact patch where the pads overlap the box and its torsion radius at a rectangle mean', () => {
    const object = boxObject(0.8);
    const patch = padPatch(object.shape, composePoses(invertPose(toolInWorld), object.poseInWorld), RIG_PADS)!;
    // Pads span 20–70 mm from the palm along the approach; the box starts at 25 mm: a 45 × 80 mm patch.
    expect(patch.sizeM[0]).toBeCloseTo(0.08, 2);
    expect(patch.sizeM[1]).toBeCloseTo(0.045, 2);
    // Its centre is 47.5 mm from the palm, 2.5 mm past the tool origin (the pads' centre, 45 mm from the palm).
    expect(patch.centroidM[0]).toBeCloseTo(0, 6);
    expect(patch.centroidM[1]).toBeCloseTo(0.0025, 4);
    // Mean distance from the centre of a 45 × 80 mm rectangle: 24.6 mm (numerical integral, independent of
    // the sampling used by the code).
    expect(patch.torsionRadiusM).toBeCloseTo(rectangleMeanDistanceM(0.08, 0.045), 3);
  });

  it('lets the box swing down with the weight-only squeeze and holds it with the moment-sized one', async () => {
    const object = boxObject(0.8);
    const weightOnlyN = gripForceFor(object, { maxForceN: MAX_FORCE_N });
    const squeeze = gripSqueezeFor(object, { maxForceN: MAX_FORCE_N, pads: RIG_PADS }, toolInWorld);
    // Weight 7.85 N acting 127.5 mm deeper than the patch centroid: 1.0 N·m about the closing axis.
    expect(Math.abs(squeeze.torqueNm)).toBeCloseTo(0.8 * 9.81 * 0.1275, 2);
    expect(weightOnlyN).toBeCloseTo((2.5 * 0.8 * 9.81) / (2 * FRICTION), 3);
    expect(squeeze.forceN).toBeGreaterThan(weightOnlyN);
    expect(squeeze.forceN).toBeLessThanOrEqual(MAX_FORCE_N);
    expect(await sideGraspTiltDeg(0.8, weightOnlyN)).toBeGreaterThan(10);
    expect(await sideGraspTiltDeg(0.8, squeeze.forceN)).toBeLessThan(3);
  });

  it("refuses a grasp beyond the gripper's rating (no-grasp), which the rated squeeze indeed cannot hold", async () => {
    const heavy = boxObject(3);
    let refusal: unknown;
    try {
      gripSqueezeFor(heavy, { maxForceN: MAX_FORCE_N, pads: RIG_PADS }, toolInWorld);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SkillFailure);
    expect((refusal as SkillFailure).reason).toBe('no-grasp');
    expect((refusal as SkillFailure).message).toMatch(/no squeeze holds 'long-box'.*moment about the pads/);
    // The same box held at the centre of mass (no moment) is within the rating: the moment is what refuses it.
    const centred = { ...toolInWorld, position: toolInWorld.position.clone().setY(heavy.poseInWorld.position.y) };
    expect(gripSqueezeFor(heavy, { maxForceN: MAX_FORCE_N, pads: RIG_PADS }, centred).torqueNm).toBeCloseTo(0, 6);
    expect(await sideGraspTiltDeg(3, MAX_FORCE_N)).toBeGreaterThan(10);
  });
});

/** Mean distance from the centre of an a × b rectangle, by a fine midpoint rule (400 × 400). */
function rectangleMeanDistanceM(a: number, b: number): number {
  const n = 400;
  let sum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) sum += Math.hypot(((i + 0.5) / n - 0.5) * a, ((j + 0.5) / n - 0.5) * b);
  return sum / (n * n);
}
