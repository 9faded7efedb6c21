import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { layOutTote, toteHandsOf } from '../../apps/restock/tote-layout.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { solvePickAndPlace, type PickPlacePlan } from '../../skills/planning/pick-place-planner.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// The bottom shelf level: the board above leaves no room for a grasp from above, so the 1 L carton (too wide for
// the gripper across its face) must be held across its depth from its side, or by the cup on its front.
const FACING = 'aisle-a/level-1/slot-5/facing-1';

let store: StoreSession;
let plan: PickPlacePlan | Error;

beforeAll(async () => {
  store = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 1, emptyFacings: [FACING] });
  const tote = store.scene.fixtures.find((f) => f.id === store.stockPlace) as ResolvedFixture & ToteFixture;
  // The tote as the demo's refill lays it when the carton is the one product short.
  const { placed } = layOutTote(tote, ['juice-carton-1l'], toteHandsOf(store.robot));
  const ids = placed.map((item) => {
    const id = store.newItemId('stock', item.sku);
    store.simulation.addObject(productObject(store.scene, item.sku, id, item.poseInWorld, []));
    return id;
  });
  try {
    plan = solvePickAndPlace(store, { object: ids[0]!, target: FACING, effector: 'auto' });
  } catch (error) {
    plan = error as Error;
  }
}, 300_000);

afterAll(() => store?.free());

describe('stock presented so the hands can take it (Rapier scene query, the planner as the restock runs it)', () => {
  it('plans the 1 L carton from the tote into the bottom shelf level', () => {
    expect(plan instanceof Error ? plan.message : 'planned').toBe('planned');
    const chain = plan as PickPlacePlan;
    expect(chain.targetName).toBe(FACING);
    expect(chain.pick?.motion.choice.candidate.label).toMatch(/gripper [+-]y face|suction \+x face/);
  });
});
