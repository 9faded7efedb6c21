import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jitterYaw, tasks } from '../../../bench/multi-pick.ts';
import { loadScene } from '../../../scenes/load-scene.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { seededRandom } from '../../../src/math/random.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// The multi-pick bench's seed 128: the second pick's plan took a stand-off behind the cart from which the top grasp
// of a can cleared the tote's far wall only with the base exactly there (`robust: false`). The base docked 3 mm
// off, `dockForPick` found no nearby pose that helped, and the grasp's sweep put the gripper into the wall. A pick
// that works only at its exact stand-off is now taken only when no robust one completes a chain.

describe('the planner prefers a pick that survives the docking error (multi-pick seed 128)', () => {
  let h: SimHarness;
  let picks: ReturnType<typeof tasks>[number]['picks'];
  beforeAll(async () => {
    const base = await loadScene(new URL('../../../scenes/retail-aisle.yaml', import.meta.url).pathname);
    const task = tasks(base, ['three'], 1, 128)[0]!;
    picks = task.picks;
    const jittered = jitterYaw(
      base,
      seededRandom(task.seed),
      picks.map((p) => p.object),
    );
    const taken = new Set(picks.slice(0, 1).map((p) => p.object));
    // Where the first pick's place left the base (its stand-off at aisle-a/level-1/slot-6).
    const robots = jittered.robots.map((r) => ({
      ...r,
      basePoseInWorld: {
        position: new Vector3(0.377, -0.934, 0),
        quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 0.783),
      },
    }));
    h = await simHarnessFor(
      { ...jittered, robots, objects: jittered.objects.filter((o) => !taken.has(o.id)) },
      'picker',
      128,
    );
  });
  afterAll(() => h.simulation.free());

  it('plans the second pick from a stand-off that stays feasible a docking error off', () => {
    const { object, target } = picks[1]!;
    expect(object).toBe('stock-tote/can-330ml-8');
    const plan = solvePickAndPlace(h.ctx, { object, target, effector: 'auto' });
    expect(plan.pick?.standOff.robust).toBe(true);
  });
});
