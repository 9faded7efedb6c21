import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix4 } from 'three';
import { armSweepHit } from '../../../skills/arm/arm-sweep.ts';
import { boxHalfExtents } from '../../../skills/arm/link-geometry.ts';
import { stowJoints } from '../../../skills/arm/postures.ts';
import { currentJoints, type FrameOverrides } from '../../../skills/arm/robot-frames.ts';
import { linkTransforms } from '../../../src/kinematics/forward.ts';
import { obbFromPose, obbPenetrationM, type Obb } from '../../../src/math/obb.ts';
import { matrixToPose } from '../../../src/math/pose.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// The biped's two rigid hands jammed (store seed 9: the left wrist read 451.6 N on a 2 N can, which then slipped
// out in the carry). Its arms had no named `stow`, and the fold found one arm at a time crossed the two grippers
// over each other; the sweeps never saw it, as the scene query leaves the robot's own colliders out.

/** The fold each arm found for itself before the biped had a named stow (`tuckedJoints` from the start posture). */
const OLD_TUCK = {
  left: [-0.45, 1.45, 0.45, -2.3, 0.3, -0.45, 0],
  right: [0.45, 1.45, -0.45, -2.3, -0.3, -0.45, 0],
};
/** The start posture: upper arms down, forearms forward, the hands 0.42 m apart. */
const START = [0, 1.4, 0, -1.9, 0, 0, 0];

describe("the biped's two hands", () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness('biped-tabletop.yaml', 'biped', 1);
  });
  afterAll(() => h.simulation.free());

  const arms = () => {
    const [left, right] = h.ctx.robot.parts.arms;
    return { left: left!, right: right! };
  };
  const withArms = (left: readonly number[], right: readonly number[]): Record<string, number> => {
    const joints = { ...currentJoints(h.ctx.robot) };
    arms().left.jointNames.forEach((n, i) => (joints[n] = left[i]!));
    arms().right.jointNames.forEach((n, i) => (joints[n] = right[i]!));
    return joints;
  };
  /** The hand's boxes (palm and fingers, fully open), grown by `grownM`, in the robot's root frame. */
  const handBoxes = (side: 'left' | 'right', joints: Record<string, number>, grownM = 0): Obb[] => {
    const model = h.ctx.robot.model;
    const open = (finger: string) => model.joints.get(`${side}_${finger}_joint`)!.limits!.upper;
    const frames = linkTransforms(model, {
      ...joints,
      [`${side}_finger_a_joint`]: open('finger_a'),
      [`${side}_finger_b_joint`]: open('finger_b'),
    });
    return [`${side}_gripper_base`, `${side}_finger_a`, `${side}_finger_b`].flatMap((link) =>
      model.links.get(link)!.collisions.map((c) => {
        const pose = matrixToPose(new Matrix4().multiplyMatrices(frames.get(link)!, c.origin));
        return obbFromPose(pose, boxHalfExtents(c.geometry)!.map((x) => x + grownM) as [number, number, number]);
      }),
    );
  };
  const deepest = (a: Obb[], b: Obb[]) => Math.max(...a.flatMap((x) => b.map((y) => obbPenetrationM(x, y))));

  it('fold each on its own side, clear of each other, inside the footprint', () => {
    const { left, right } = arms();
    const joints = withArms(stowJoints(h.ctx.robot, left), stowJoints(h.ctx.robot, right));
    // The old fold: the open hands interpenetrate by centimetres.
    const oldJoints = withArms(OLD_TUCK.left, OLD_TUCK.right);
    expect(deepest(handBoxes('left', oldJoints), handBoxes('right', oldJoints))).toBeGreaterThan(0.01);
    // The stow: 2 cm apart at the least, both open (each hand grown by 1 cm, they do not overlap), the left on the left.
    expect(deepest(handBoxes('left', joints, 0.01), handBoxes('right', joints, 0.01))).toBeLessThanOrEqual(0);
    const frames = linkTransforms(h.ctx.robot.model, joints);
    expect(frames.get('left_gripper_base')!.elements[13]).toBeGreaterThan(0.05);
    expect(frames.get('right_gripper_base')!.elements[13]).toBeLessThan(-0.05);
    const footprintM = h.ctx.robot.parts.base!.limits.footprintRadiusM;
    for (const link of [...left.jointNames, ...right.jointNames].map((j) => h.ctx.robot.model.joints.get(j)!.child)) {
      const m = frames.get(link)!;
      expect(Math.hypot(m.elements[12], m.elements[13])).toBeLessThan(footprintM);
    }
  });

  it('a sweep into the other hand is refused, naming it; the same sweep with that hand away is clear', () => {
    const { left } = arms();
    const from = stowJoints(h.ctx.robot, left);
    const at = (right: readonly number[]): FrameOverrides => ({ joints: withArms(from, right) });
    const hit = armSweepHit(h.ctx, left, [OLD_TUCK.left], at(OLD_TUCK.right), []);
    expect(hit?.hit.what).toMatch(/^arm right link right_(gripper_base|finger_[ab])$/);
    expect(hit?.link).toMatch(/^left_(gripper_base|finger_[ab])$/);
    expect(armSweepHit(h.ctx, left, [OLD_TUCK.left], at(START), [])).toBeUndefined();
  });
});

describe("the wheeled humanoid's hands, folded into each other in its stow", () => {
  it("are checked, the fold's own touching allowed: a plain check would refuse every fold", async () => {
    const h = await simHarness('retail-aisle.yaml', 'picker', 1);
    try {
      const [left, right] = h.ctx.robot.parts.arms;
      const joints = { ...currentJoints(h.ctx.robot) };
      const [l, r] = [stowJoints(h.ctx.robot, left!), stowJoints(h.ctx.robot, right!)];
      left!.jointNames.forEach((n, i) => (joints[n] = l[i]!));
      right!.jointNames.forEach((n, i) => (joints[n] = r[i]!));
      // Its cup and its gripper's palm interpenetrate, folded...
      const frames = linkTransforms(h.ctx.robot.model, joints);
      const box = (link: string): Obb => {
        const c = h.ctx.robot.model.links.get(link)!.collisions[0]!;
        const pose = matrixToPose(new Matrix4().multiplyMatrices(frames.get(link)!, c.origin));
        return obbFromPose(pose, boxHalfExtents(c.geometry)!);
      };
      expect(obbPenetrationM(box('left_suction_cup'), box('right_gripper_base'))).toBeGreaterThan(0);
      // ...and the fold of the left arm, touching the right hand only as it comes in, is clear with the right folded.
      expect(armSweepHit(h.ctx, left!, [l], { joints }, [])).toBeUndefined();
    } finally {
      h.simulation.free();
    }
  }, 60_000);
});
