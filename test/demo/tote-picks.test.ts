import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { layOutTote, toteHandsOf } from '../../apps/restock/tote-layout.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { findProduct } from '../../scenes/catalog.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { rankGraspChoices } from '../../skills/grasping/plan-grasp.ts';
import { holdClasses } from '../../skills/planning/hold-classes.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import { solvePickAndPlace } from '../../skills/planning/pick-place-planner.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// Products no plan could take out of the tote at c28dd7b (seeds 1 and 4): a 1 L carton for the gripper to a low
// shelf (its side grasp lay below the 8 cm walls), a pasta box whose cup goes on its front (the face the layout
// turned to the far wall) to a level-2 slot.
const SKUS = ['juice-carton-1l', 'pasta-box'];

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
  it('plans every one of them whole, pick to facing, with the grasp the shelf place needs', () => {
    const scene = { robot: store.robot, world: store.world, services: store.services };
    const grasps = SKUS.map((sku, i) => {
      const plan = solvePickAndPlace(scene, {
        object: ids[i]!,
        target: targets[i]!,
        effector: findProduct(sku)!.preferredEffector,
      });
      const approach = plan.pick!.motion.choice.approach;
      return { sku, effector: plan.effector, level: Math.abs(approach.z) < 0.2 };
    });
    // Both are taken from the side (level approaches): over the tray's lip, not down into it.
    expect(grasps).toEqual([
      { sku: 'juice-carton-1l', effector: 'gripper', level: true },
      { sku: 'pasta-box', effector: 'suction', level: true },
    ]);
  }, 120_000);

  it('counts a cup on one face as one hold class, so the front face is tried besides the top', () => {
    const scene = { robot: store.robot, world: store.world, services: store.services };
    const pasta = store.world.object(ids[1]!)!;
    const { ranked } = rankGraspChoices(scene, pasta, {
      effector: 'suction',
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    });
    const classes = holdClasses(pasta, ranked);
    const faces = classes.map((c) => c.choices[0]!.approach);
    // One class per face: no two classes approach from the same direction.
    for (let i = 0; i < faces.length; i++)
      for (let j = i + 1; j < faces.length; j++) expect(faces[i]!.dot(faces[j]!)).toBeLessThan(0.99);
    // The front face (looking out over the tray's near wall, toward -y) is among the first four tried.
    const outward = new Vector3(0, -1, 0);
    expect(faces.slice(0, 4).some((a) => a.dot(outward) < -0.99)).toBe(true);
  });
});
