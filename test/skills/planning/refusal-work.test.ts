import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ikSolveCount } from '../../../skills/arm/reachability.ts';
import { summarizePlan } from '../../../skills/planning/plan-key.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// The 1 l carton of best-grasp-blocks-place onto the lowest level. Held by its top, the wrist meets the board above
// on every way in: the planner leaves those holds for last (they lack the room the scene shows over the slot), so
// the cup plans on the carton's front face for a fraction of the work its refusal took; the gripper's plan must
// stay the one it was (but for the place stand-off, which the lift's travel now decides).
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const TARGET = 'aisle-a/level-1/slot-6';
// Each heading's reason is named (issue 16): the hand from the top cannot be held at the spot and over it.
const NO_PLACE =
  'place: no heading of the load reaches it: the hand cannot be held both at the spot and over it (4 of 4 headings) ' +
  '(30 stand-offs and lift heights tried)';

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

  it('plans the suction pick-and-place with the cup on the front face, the holds from the top left out first', () => {
    const { ikSolves, answer } = planned(h, 'suction');
    const summary = summarizePlan(answer as Parameters<typeof summarizePlan>[0]);
    // Held by its top, the wrist meets the board above on every way in (10260 IK solves to find out, refused):
    // those holds lack the room the scene shows over the slot and come last, and the cup's front hold plans.
    expect(summary).toMatchObject({ grasp: 'suction -x face #2', effector: 'suction' });
    const short = '(grasp): from above the hand needs 33 mm more room than the board above leaves';
    expect((summary.rejected as string[]).slice(0, 2)).toEqual([
      `suction +z face #0 ${short}`,
      `suction +z face #1 ${short}`,
    ]);
    expect(ikSolves).toBeLessThan(4_000);
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
      // The hold from the top, short of room under the board above, is tried after the side holds.
      rejected: [
        'gripper +y face, close along x (pick): grasp pose out of reach (0 pick motions checked)',
        `gripper +z face, close along x (flipped) (place): ${NO_PLACE}`,
        `gripper +z face, close along x (flipped) (place): ${NO_PLACE}`,
      ],
    });
    // 9882 solves before (6587 after).
    expect(ikSolves).toBeLessThan(8_000);
  });
});
