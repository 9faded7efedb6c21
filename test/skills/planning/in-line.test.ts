import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSession } from '../../../apps/restock/store-session.ts';
import { withBiped } from '../../../scenes/with-biped.ts';
import { placesInLine } from '../../../skills/planning/in-line.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { inTote, planningScene, storeWithEmptyFacing } from '../../helpers/store-case.ts';

// The biped's store episode of seed 5 (bench/biped-store.ts): a sugar box (38 x 89 x 175 mm) from the tote into
// aisle-b/level-2/slot-3. The biped has two grippers and no cup; held from above its hand lacks room under the board
// above, so its side holds come first, and the four tried first (either arm, the +y and -y faces, grasp score 0.89)
// all put the box's 89 mm face along the slot's depth: main plans it a quarter turn off its facing, and the place
// leaves it there, 1 mm off and upright but 89.8° out of line ("in the facing, out of line", not restocked). The
// hold on its +x face (score 0.60, a class main never reached) puts it in line, and its chain costs less.
const FACING = 'aisle-b/level-2/slot-3/facing-1';

describe('a box is placed in line with its facing when a hold does that (biped, store seed 5, a sugar box)', () => {
  let store: StoreSession;
  beforeAll(async () => {
    store = await storeWithEmptyFacing(5, FACING, 1, withBiped);
  }, 120_000);
  afterAll(() => store?.free());

  it('plans a hold that places the box at its facing heading', () => {
    const box = inTote(store, 'sugar-box');
    const plan = solvePickAndPlace(planningScene(store), { object: box.id, target: FACING, effector: 'auto' });
    expect(placesInLine(store.world, box, plan)).toBe(true);
    expect(plan.pick!.motion.choice.candidate.label).toMatch(/^gripper [+-]x face, close along y/);
  }, 120_000);
});
