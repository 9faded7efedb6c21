import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type StoreSession } from '../../../apps/restock/store-session.ts';
import { productObject } from '../../../apps/restock/stock-items.ts';
import { layOutTote, toteHandsOf } from '../../../apps/restock/tote-layout.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';

// The restocking demo (seeds 1 and 8) gave up on pudding and gelatin boxes: the cup centred on a box's front sat
// 44 mm (pudding) or 36 mm (gelatin) over the board, its rim below the top of the shelf's 30 mm front lip, and the
// box stands right behind the lip, so the hand could not come down to the place (`sweep: left_suction_cup hits
// aisle-b/lip-4`) at any stand-off. A side face now also takes the cup as high as its seal fits.

const FACING = 'aisle-b/level-4/slot-3/facing-1';

describe('a short box held by the cup on its front goes into a slot behind the front lip', () => {
  let store: StoreSession;
  let itemId: string;
  beforeAll(async () => {
    store = await openStore({
      planogramPath: new URL('../../../scenes/store-planogram.yaml', import.meta.url).pathname,
      seed: 1,
      initialFill: 1,
      emptyFacings: [FACING],
    });
    const tote = store.scene.fixtures.find((f) => f.id === 'stock-tote');
    if (tote?.kind !== 'tote') throw new Error('the store has no tote');
    const [item] = layOutTote(tote, ['pudding-box'], toteHandsOf(store.robot)).placed;
    itemId = store.newItemId('stock', 'pudding-box');
    store.simulation.addObject(productObject(store.scene, 'pudding-box', itemId, item!.poseInWorld, []));
    store.simulation.sim.runFor(300);
  });
  afterAll(() => store.free());

  it('plans the pick from the tote and the place into the facing with the cup high on the front', () => {
    const plan = solvePickAndPlace(
      { robot: store.robot, world: store.world, services: store.services },
      { object: itemId, target: FACING, effector: 'suction' },
    );
    expect(plan.effector).toBe('suction');
    expect(plan.pick?.motion.choice.candidate.label).toMatch(/^suction \+x face high #/);
  });
});
