import { expect } from 'vitest';
import { jitterYaw, tasks } from '../../../bench/multi-pick.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { ikSolveCount } from '../../../skills/arm/reachability.ts';
import type { PickPlacePlan } from '../../../skills/planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { seededRandom } from '../../../src/math/random.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

/** One pick of the multi-pick bench's three-in-a-row task, planned from the aisle's start. */
export interface BenchPickCase {
  readonly h: SimHarness;
  readonly plan: PickPlacePlan;
  /** IK solves the plan took. */
  readonly solves: number;
}

/**
 * Plans pick `index` of the multi-pick bench's three-in-a-row task for `seed` (the bench's scene, its cans' yaw
 * jittered as the bench does) from the aisle's start, and checks it is the pick the test names.
 */
export async function planBenchPick(
  seed: number,
  index: number,
  expected: { readonly object: string; readonly target: string },
): Promise<BenchPickCase> {
  const base = await loadScene(new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname);
  const task = tasks(base, ['three'], 1, seed)[0]!;
  const jittered = jitterYaw(
    base,
    seededRandom(task.seed),
    task.picks.map((p) => p.object),
  );
  const h = await simHarnessFor(jittered, 'picker', task.seed);
  const { object, target } = task.picks[index]!;
  expect({ object, target }).toEqual(expected);
  const before = ikSolveCount();
  const plan = solvePickAndPlace(h.ctx, { object, target, effector: 'auto' });
  return { h, plan, solves: ikSolveCount() - before };
}
