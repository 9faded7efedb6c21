import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { layOutTote, toteHandsOf } from '../../apps/restock/tote-layout.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { findProduct } from '../../scenes/catalog.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { solvePickAndPlace } from '../../skills/planning/pick-place-planner.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// A product no plan could take out of the tote at c28dd7b (seeds 1 and 4): a 1 L carton for the gripper to a low
// shelf, whose side grasp lay below the 8 cm walls (and whose gripped side faced along the row, into a corridor the
// wrist hit the end wall in). With it, a pasta box beside it in the tray (left hand's end of the row).
const SKUS = ['juice-carton-1l', 'pasta-box'];
const PLANNED = 1;

let store: StoreSession;
const ids: string[] = [];
const targets: string[] = [];

beforeAll(async () => {
  const probe = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 0 });
  for (const sku of SKUS) targets.push(probe.planogram.facings.find((f) => f.sku === sku)!.name);
  probe.free();
  store = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 1, emptyFacings: targets });
  const tote = store.scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
  const { placed, left } = layOutTote(tote, SKUS, toteHandsOf(store.robot));
  expect(left).toEqual([]);
  for (const item of placed) {
    const id = store.newItemId('stock', item.sku);
    store.simulation.addObject(productObject(store.scene, item.sku, id, item.poseInWorld, []));
    ids.push(id);
  }
  store.simulation.sim.runFor(500);
}, 120_000);

afterAll(() => store?.free());

describe('picking from the stock tray (planner, sim scene)', () => {
  it('plans the carton whole, pick to facing, with the side grasp the shelf place needs', () => {
    const scene = { robot: store.robot, world: store.world, services: store.services };
    const grasps = SKUS.slice(0, PLANNED).map((sku, i) => {
      const plan = solvePickAndPlace(scene, {
        object: ids[i]!,
        target: targets[i]!,
        effector: findProduct(sku)!.preferredEffector,
      });
      const approach = plan.pick!.motion.choice.approach;
      return { sku, effector: plan.effector, level: Math.abs(approach.z) < 0.2 };
    });
    // Taken from the side (a level approach): over the tray's lip, not down into it.
    expect(grasps).toEqual([{ sku: 'juice-carton-1l', effector: 'gripper', level: true }]);
  }, 120_000);
});
