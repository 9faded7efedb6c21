import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ikSolveCount } from '../../../skills/arm/reachability.ts';
import { summarizePlan } from '../../../skills/planning/plan-key.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// The 1 l carton of best-grasp-blocks-place onto the lowest level. With the suction cup no plan exists: held by
// its top the wrist meets the board above on every way in, and its side faces are out of reach at the pick. The
// planner must say so with the same reasons as before the slot ways were solved in the order they fail (stopping
// at the first failing stage), for less work; the gripper's plan must stay the one it was (but
// for the place stand-off, which the lift's travel now decides).
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const TARGET = 'aisle-a/level-1/slot-6';
const NO_PLACE = 'place: no heading of the load reaches it (30 stand-offs and lift heights tried)';

/** IK solves one plan took, and what it answered (the plan, or the refusal). */
function planned(h: SimHarness, effector: 'suction' | 'gripper'): { ikSolves: number; answer: unknown } {
  const before = ikSolveCount();
  let answer: unknown;
  try {
    answer = solvePickAndPlace(h.ctx, { object: 'carton', target: TARGET, effector });
  } catch (error) {
    answer = error;
  }
  return { ikSolves: ikSolveCount() - before, answer };
}

describe('a refusal costs less work and says the same', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness(SCENE, 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('refuses the suction pick-and-place with the reasons it gave before, in fewer IK solves', () => {
    const { ikSolves, answer } = planned(h, 'suction');
    expect(answer).toBeInstanceOf(SkillFailure);
    const failure = answer as SkillFailure;
    expect(failure.reason).toBe('unreachable');
    expect((failure.detail as { rejected: unknown }).rejected).toEqual([
      { grasp: 'suction +z face #0', stage: 'place', reason: NO_PLACE },
      { grasp: 'suction +z face #2', stage: 'place', reason: NO_PLACE },
      { grasp: 'suction +z face #3', stage: 'place', reason: NO_PLACE },
      { grasp: 'suction +z face #3', stage: 'place', reason: NO_PLACE },
      // Each class is named by its first choice: cup turns that score alike keep the candidates' order (#0, #1).
      { grasp: 'suction +x face #0', stage: 'pick', reason: 'grasp pose out of reach (2 pick motions checked)' },
      { grasp: 'suction +x face #1', stage: 'pick', reason: 'grasp pose out of reach (2 pick motions checked)' },
    ]);
    // 17352 solves when every way into the slot was solved whole before it was checked (10260 after).
    expect(ikSolves).toBeLessThan(12_000);
  });

  it('plans the gripper pick-and-place as before: same grasp, stand-offs, heading and rejections', () => {
    const { ikSolves, answer } = planned(h, 'gripper');
    const summary = summarizePlan(answer as Parameters<typeof summarizePlan>[0]);
    expect(summary).toMatchObject({
      grasp: 'gripper -y face, close along x',
      pickStandOff: { x: 0.247, y: 0.876, yawRad: 2.356, liftHeightM: 0.4, robust: true },
      carry: 'forward 0.35 m',
      // Not the stand-off straight in front of the slot (0.372, -0.523) any more: lowering the lift from 0.4 m to 0
      // there, the idle arm's stowed suction cup meets the lip of level 2 at 0.10 m (the lift's travel is checked).
      placeStandOff: { x: 0.315, y: -0.665, yawRad: 0.262, liftHeightM: 0, robust: false },
      placeHeadingRad: 4.712,
      rejected: [
        `gripper +z face, close along x (flipped) (place): ${NO_PLACE}`,
        `gripper +z face, close along x (flipped) (place): ${NO_PLACE}`,
        'gripper +y face, close along x (pick): grasp pose out of reach (0 pick motions checked)',
      ],
    });
    // 9882 solves before (6587 after).
    expect(ikSolves).toBeLessThan(8_000);
  });
});
