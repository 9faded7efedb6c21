import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armSweepHit } from '../../skills/arm/arm-sweep.ts';
import { executeThrough } from '../../skills/arm/motion.ts';
import { basePose2D, latest } from '../../skills/arm/robot-frames.ts';
import { PLAN } from '../../skills/planning/plan-key.ts';
import { solvePickAndPlace } from '../../skills/planning/pick-place-planner.ts';
import { goWithinReach, setLiftFor } from '../../skills/reach/reach-skills.ts';
import { isFolded, tuckIdleArms$ } from '../../skills/reach/tuck-idle-arms.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { runInSim, simHarness, type SimHarness } from '../skills/e2e/sim-harness.ts';

// An idle hand left around an item with its fingers open: the tuck sweeps the fingers where they stand (their
// opening read from the gripper). A hand with no straight way out (backing out, the base backing off, or empty
// fingers closed) past the base's footprint used to make every later drive a refusal (demo seed 8 before: a drive
// with the hand in a shelf knocked 12; seed 10 then refused every drive from 9:55); it now takes a planned joint
// path around what blocks it. A robot with no way at all is tested in trapped-arm.test.ts.
const OBJECT = 'stock-tote/can-330ml-3';

let h: SimHarness;
beforeAll(async () => {
  h = await simHarness('retail-aisle.yaml', 'picker', 1);
}, 120_000);
afterAll(() => h?.simulation.free());

describe('tucking an idle arm before a drive (Rapier sim, sim time)', () => {
  it('leaves the hand around a can, fingers open, nothing held', () => {
    const plan = solvePickAndPlace(h.ctx, { object: OBJECT, target: 'aisle-a/level-1/slot-6', effector: 'gripper' });
    h.ctx.blackboard.set(PLAN.of(OBJECT), plan);
    const goal = { kind: 'grasp', object: OBJECT, effector: 'gripper' } as const;
    expect(runInSim(h, goWithinReach(goal), 60_000).outcome.failure).toBeUndefined();
    expect(runInSim(h, setLiftFor(goal), 60_000).outcome.failure).toBeUndefined();
    h.ctx.blackboard.delete(PLAN.of(OBJECT));
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === plan.armName)!;
    const gripper = arm.endEffector!;
    if (gripper.kind !== 'parallel-gripper') throw new Error('expected a gripper');
    const approach = plan.pick!.motion.approach;
    const reach = fromObservable('reach', () => executeThrough(arm, approach, 'approach', 0.3));
    expect(runInSim(h, reach, 30_000).outcome.failure).toBeUndefined();
    const q = arm.currentState().positions;
    // Where the fingers stand counts: as the gripper opened them they clear the can; closed they stand inside it.
    const [minM, maxM] = gripper.widthRangeM;
    const opening = (latest(gripper.width$)!.widthM - minM) / (maxM - minM);
    expect(opening).toBeGreaterThan(0.3);
    expect(opening).toBeLessThan(1);
    expect(armSweepHit(h.ctx, arm, [q], {}, [], { fingers: true, fingerOpening: opening })).toBeUndefined();
    expect(armSweepHit(h.ctx, arm, [q], {}, [], { fingers: true, fingerOpening: 0 })?.hit.what).toBe(
      `object ${OBJECT}`,
    );
  });

  it('takes a planned way in around the can, the base and the can unmoved, when no straight way in is clear', () => {
    // The closed fingers would close on the can (grasp it), backing out or the base backing off would sweep the
    // open fingers through it or the tote's wall, and the hand stands past the base's footprint: a joint path
    // planned around them (fingers as they stand in every sweep) takes the hand out, then the arm folds.
    const before = basePose2D(h.ctx.robot)!;
    const can = h.ctx.world.object(OBJECT)!.poseInWorld.position.clone();
    const run = runInSim(
      h,
      fromObservable('tuck', (ctx) => tuckIdleArms$(ctx)),
    );
    expect(run.outcome.failure).toBeUndefined();
    expect(run.events.map((e) => e.message)).toContain('planned a way in around what blocks the fold');
    const arm = h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    expect(isFolded(h.ctx.robot, arm)).toBe(true);
    const after = basePose2D(h.ctx.robot)!;
    expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeLessThan(0.005);
    expect(h.ctx.world.object(OBJECT)!.poseInWorld.position.distanceTo(can)).toBeLessThan(0.005);
  });
});
