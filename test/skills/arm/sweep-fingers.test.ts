import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vector3 } from 'three';
import { armPosesHit } from '../../../skills/arm/arm-sweep.ts';
import { lineSamples } from '../../../skills/planning/pick-motion.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// The sweep of an arm moving away from its work counts the open fingers. In the multi-pick bench's seed 8 the
// right arm folded in from a slot on level 4 after a place: its links and palm passed clear, its fingertips (6 cm
// past the palm) swept a cereal box 3.1 cm along the board. The fold's check now includes the fingers, fully open.

/** The hand moved along its closing axis (away from the tote's near wall), m. */
const SIDE_M = -0.015;

describe('an arm sweep with the fingers', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('the open fingers are checked: a hand beside a can touches it with a fingertip, not the palm', () => {
    const plan = solvePickAndPlace(h.ctx, {
      object: 'stock-tote/can-330ml-3',
      target: 'aisle-a/level-1/slot-6',
      effector: 'gripper',
    });
    const motion = plan.pick!.motion;
    expect(motion.choice.candidate.label).toMatch(/^gripper top/);
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const lift = h.ctx.robot.parts.lift!;
    const at = {
      basePose: plan.pick!.standOff.basePose!,
      joints: { [lift.jointName]: plan.pick!.standOff.liftHeightM! },
    };
    const grasp = motion.graspInWorld;
    const atGrasp = [motion.approach[motion.approach.length - 1]!];
    // At the grasp the open fingers stand clear either side of the can, the palm above it.
    expect(armPosesHit(h.ctx, arm, atGrasp, at, [], { fingers: true })).toBeUndefined();
    // 1.5 cm along the closing axis, one finger touches the can's side; the palm, above the can, still does not.
    const aside = {
      position: grasp.position.clone().add(new Vector3(0, SIDE_M, 0).applyQuaternion(grasp.quaternion)),
      quaternion: grasp.quaternion,
    };
    const line = lineSamples(h.ctx, arm, grasp, aside, at, atGrasp[0]!);
    const shifted = [line![line!.length - 1]!];
    expect(armPosesHit(h.ctx, arm, shifted, at, [])).toBeUndefined();
    const withFingers = armPosesHit(h.ctx, arm, shifted, at, [], { fingers: true });
    expect(withFingers?.link).toMatch(/^right_finger_[ab]$/);
    expect(withFingers?.hit.what).toBe('object stock-tote/can-330ml-3');
  });
});
