import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePlaceTarget } from '../../../skills/placing/place-target.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import { simHarness, type SimHarness } from '../e2e/sim-harness.ts';

// Demo seed 5 at 9:09: a place into a facing failed and let a 500 ml can go lying in it; the retry into the same
// facing slid the next can in over it and knocked it (1.5 cm, 40°), a collision. Built here in the retail aisle: a
// can from the tote is laid on its side where the planned place would stand the next one. The place's sweeps follow
// the arm's links, not the load, so the plan went ahead; what stands in the spot is now seen and the place refused.
const TARGET = 'aisle-a/level-1/slot-6';
const OBJECT = 'stock-tote/can-330ml-3';
const LYING = 'stock-tote/can-330ml-5';

describe('a place into a spot something already lies in', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await simHarness('retail-aisle.yaml', 'picker', 1);
  });
  afterAll(() => h.simulation.free());

  it('is planned while the spot is free', () => {
    const plan = solvePickAndPlace(h.ctx, { object: OBJECT, target: TARGET, effector: 'auto' });
    expect(plan.targetName).toBe(TARGET);
  });

  it('is refused, naming what lies there, once a can lies in the spot', () => {
    const goal = resolvePlaceTarget(h.ctx.world, TARGET, 0.033);
    const lying = h.simulation.objects.get(LYING)!;
    const body = h.simulation.sim.body(lying.bodyHandle);
    // On its side, its axis along the slot's depth, where the upright can would stand.
    const turn = new Quaternion().setFromAxisAngle(new Vector3(-goal.outward.y, goal.outward.x, 0), Math.PI / 2);
    const at = goal.surfacePoint.clone().add(new Vector3(0, 0, 0.034));
    body.setTranslation({ x: at.x, y: at.y, z: at.z }, true);
    body.setRotation({ x: turn.x, y: turn.y, z: turn.z, w: turn.w }, true);
    body.setLinvel({ x: 0, y: 0, z: 0 }, true);
    body.setAngvel({ x: 0, y: 0, z: 0 }, true);
    h.simulation.sim.runFor(1000);
    const settled = h.ctx.world.object(LYING)!.poseInWorld.position;
    expect(settled.distanceTo(at)).toBeLessThan(0.03);

    let failure: unknown;
    try {
      solvePickAndPlace(h.ctx, { object: OBJECT, target: TARGET, effector: 'auto' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SkillFailure);
    const { reason, message } = failure as SkillFailure;
    expect(reason).toBe('unreachable');
    expect(message).toMatch(new RegExp(`object ${LYING} stands where it would rest|stands in its way into the slot`));
  });
});
