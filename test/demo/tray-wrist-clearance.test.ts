import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { layOutTote, toteHandsOf } from '../../apps/restock/tote-layout.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { solveWaypoints } from '../../skills/arm/reachability.ts';
import { stowJoints } from '../../skills/arm/postures.ts';
import { wristBelowClearance } from '../../skills/arm/table-clearance.ts';
import { rankGraspChoices } from '../../skills/grasping/plan-grasp.ts';
import { armMap } from '../../skills/planning/carry-stage.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import { standOffTries } from '../../skills/planning/stand-offs.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));

let store: StoreSession;
let boxId: string;

beforeAll(async () => {
  store = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 1 });
  const tote = store.scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
  // An 89 mm pudding box: the cup on its front puts the wrist level with its middle, 45 mm over the tray's floor.
  const [item] = layOutTote(tote, ['pudding-box'], toteHandsOf(store.robot)).placed;
  boxId = store.newItemId('stock', 'pudding-box');
  store.simulation.addObject(productObject(store.scene, 'pudding-box', boxId, item!.poseInWorld, []));
  store.simulation.sim.runFor(300);
}, 120_000);

afterAll(() => store?.free());

describe('wrist clearance over a low tray (cup on the front of a short box)', () => {
  it('counts a wrist held out past the tray edge as clear, where a support assumed under it made it too low', () => {
    const scene = { robot: store.robot, world: store.world, services: store.services };
    const noQuery = { ...scene, services: { ...store.services, sceneQuery: undefined } };
    const box = store.world.object(boxId)!;
    const supportZM = box.poseInWorld.position.z - shapeHalfExtents(box.shape)[2];
    const { ranked } = rankGraspChoices(scene, box, {
      effector: 'suction',
      approachDistanceM: PICK_DISTANCES.approachDistanceM,
    });
    // The cup on the front, which looks out over the tray's near wall (-y).
    const front = ranked.filter((c) => c.approach.y > 0.99);
    expect(front.length).toBeGreaterThan(0);
    const arm = front[0]!.entry.arm;
    const joints: Record<string, number> = {};
    for (const a of store.robot.parts.arms) Object.assign(joints, armMap(a, stowJoints(store.robot, a)));
    let heldOut = 0;
    for (const at of standOffTries(scene, arm, box.poseInWorld.position, {
      joints,
      maxStandOffs: 6,
      liftsPerStandOff: 3,
      shoulderAboveWorkM: 0.2,
    })) {
      for (const choice of front) {
        const q = solveWaypoints(scene, arm, [choice.graspInWorld], at.overrides)?.[0];
        if (!q) continue;
        // Assumed under every link (no scene query), the support makes the wrist too low at this grasp ...
        const assumed = wristBelowClearance(noQuery, arm, q, supportZM, at.overrides);
        if (!assumed) continue;
        // ... but the tray ends a few cm in front of the box, and the wrist hangs in the air beyond it.
        expect(wristBelowClearance(scene, arm, q, supportZM, at.overrides)).toBeUndefined();
        heldOut += 1;
      }
    }
    expect(heldOut).toBeGreaterThan(0);
  }, 120_000);
});
