import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { holdClasses } from '../../../skills/planning/hold-classes.ts';
import { chainForClass } from '../../../skills/planning/pick-chain.ts';
import { PICK_DISTANCES } from '../../../skills/planning/pick-motion.ts';
import type { Rejection } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { travelFields } from '../../../skills/planning/travel-field.ts';
import { basePose2D } from '../../../skills/arm/robot-frames.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// A 1 l juice carton (195 mm tall) stands alone on a cart and goes onto the lowest level of a shelf, 450 mm under
// the board above. Its best-scored grasp is from the top; held so, the hand rides above the carton and meets that
// board on every way in. Held from the side, the hand slides in beside it.
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const REQUEST = { object: 'carton', target: 'aisle-a/level-1/slot-6', effector: 'gripper' } as const;
const UP = new Vector3(0, 0, 1);

describe('pick-and-place planning when the best grasp makes the place unreachable', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness(SCENE, 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('the greedy choice fails: the best-scored grasp is from the top, and with it no place is found', () => {
    const object = h.ctx.world.object(REQUEST.object)!;
    const { ranked } = rankGraspChoices(h.ctx, object, {
      effector: REQUEST.effector,
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    });
    const best = holdClasses(object, ranked)[0]!;
    expect(best.choices[0]).toBe(ranked[0]);
    expect(ranked[0]!.approach.dot(UP)).toBeLessThan(-0.9);
    const rejected: Rejection[] = [];
    const fields = travelFields(h.ctx);
    const chain = chainForClass(
      h.ctx,
      fields,
      new Map(),
      object,
      REQUEST,
      best,
      'slot',
      basePose2D(h.ctx.robot),
      rejected,
    );
    expect(chain).toBeUndefined();
    expect(rejected.filter((r) => r.stage === 'place').length).toBeGreaterThan(0);
  });

  it('the planner chooses a side grasp, and says why the top grasp was rejected', () => {
    const plan = solvePickAndPlace(h.ctx, REQUEST);
    const choice = plan.pick!.motion.choice;
    expect(Math.abs(choice.approach.dot(UP))).toBeLessThan(0.1);
    expect(plan.cost.graspQuality).toBeLessThan(1);
    const top = plan.rejected.filter((r) => r.grasp.includes('+z face'));
    expect(top.map((r) => r.stage)).toContain('place');
  });
});
