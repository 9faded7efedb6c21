import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import type { Rejection } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// The 1 l carton of best-grasp-blocks-place, with a second carton standing 2 cm beside it on the cart: the cup's
// way in to the face toward the neighbour is blocked (true, and found first), but the plan fails because the holds
// that were tried further could not be picked from any stand-off tried (found last). The refusal names the
// alternatives that came furthest first, so whoever reads why tries failed (the demo's failures by product, with
// the latest message) reads the real cause.
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const TARGET = 'aisle-a/level-1/slot-6';
const STAGE_REACHED: Record<Rejection['stage'], number> = { grasp: 0, pick: 1, carry: 2, place: 3, cost: 4 };

describe('a refusal lists the alternatives that came furthest first', () => {
  let h: SimHarness;
  beforeAll(async () => {
    const scene = await loadScene(new URL(`../../../scenes/${SCENE}`, import.meta.url).pathname);
    const carton = scene.objects.find((o) => o.id === 'carton')!;
    // The carton stands turned 90°: its faces look along the world's x, 70 mm across.
    const position = carton.poseInWorld.position.clone().setX(carton.poseInWorld.position.x + 0.09);
    const neighbour = { ...carton, id: 'neighbour', poseInWorld: { ...carton.poseInWorld, position } };
    h = await simHarnessFor({ ...scene, objects: [...scene.objects, neighbour] }, 'picker', 1);
  }, 60_000);
  afterAll(() => h.simulation.free());

  it('refuses the cup pick-and-place with the failed picks first, the blocked grasps last', () => {
    let failure: unknown;
    try {
      solvePickAndPlace(h.ctx, { object: 'carton', target: TARGET, effector: 'suction' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SkillFailure);
    const { reason, message, detail } = failure as SkillFailure;
    expect(reason).toBe('unreachable');
    const rejected = (detail as { rejected: Rejection[] }).rejected;
    // Both kinds are there: grasps the neighbour blocks, and holds that were tried further (their picks).
    expect(rejected.some((r) => r.stage === 'grasp' && /neighbour/.test(r.reason))).toBe(true);
    expect(rejected.some((r) => r.stage !== 'grasp')).toBe(true);
    const reached = rejected.map((r) => STAGE_REACHED[r.stage]);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(rejected[0]!.stage).not.toBe('grasp');
    expect(message).toMatch(/^no feasible pick-and-place of 'carton' to 'aisle-a\/level-1\/slot-6': [^;(]* \(pick\): /);
  });
});
