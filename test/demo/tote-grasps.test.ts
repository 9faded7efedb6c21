import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { StoreLife } from '../../apps/restock/store-life.ts';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import type { StoreEvent } from '../../apps/restock/store-events.ts';
import { toteHandsOf } from '../../apps/restock/tote-layout.ts';
import { withBiped } from '../../scenes/with-biped.ts';
import { rankGraspChoices } from '../../skills/grasping/plan-grasp.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import { isUpright, objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// Products the old 8 cm tote hid from a level grasp (seeds 1-3 at 9e18b91: `stock-tote/wall-py` blocked them):
// cartons and jars the gripper takes, boxes the cup takes on their front, a can.
const EMPTY = [
  'aisle-a/level-1/slot-6/facing-1',
  'aisle-a/level-3/slot-1/facing-1',
  'aisle-b/level-2/slot-1/facing-1',
  'aisle-b/level-1/slot-5/facing-1',
  'aisle-b/level-2/slot-3/facing-1',
  'aisle-b/level-4/slot-3/facing-1',
];

/** A store with those facings empty, its tote filled by the store's own refill (laid out for the robot's hands). */
async function refilledStore(biped: boolean): Promise<{ store: StoreSession; refill: StoreEvent | undefined }> {
  const store = await openStore({
    planogramPath: PLANOGRAM,
    seed: 1,
    initialFill: 1,
    emptyFacings: EMPTY,
    ...(biped ? { robotFor: withBiped } : {}),
  });
  const events: TelemetryEvent[] = [];
  const life = new StoreLife(
    store,
    { emit: (e) => events.push({ ...e, seq: events.length, wallTimeMs: 0 }) },
    { shopperItemsPerHour: 0 },
  );
  life.start();
  // The refill comes at once; half a second lets the items settle on the tray's floor.
  store.simulation.sim.runFor(500);
  life.stop();
  const refill = events
    .map((e) => (e as { data?: { store?: StoreEvent } }).data?.store)
    .find((d): d is StoreEvent => d?.kind === 'tote-refill');
  return { store, refill };
}

describe.each([
  ['the wheeled humanoid', false],
  ['the biped (two grippers, no cup)', true],
])('the stock tray laid out for %s (sim, seed 1)', (_name, biped) => {
  let store: StoreSession;
  let refill: StoreEvent | undefined;

  beforeAll(async () => {
    ({ store, refill } = await refilledStore(biped));
  }, 120_000);

  afterAll(() => store?.free());

  it("fills the tray from the store's refill, every item standing after it settles", () => {
    const kinds = toteHandsOf(store.robot).map((h) => h.kind);
    expect(kinds.includes('suction')).toBe(!biped);
    expect(refill?.kind).toBe('tote-refill');
    const inTray = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    expect(inTray.length).toBeGreaterThanOrEqual(4);
    expect(inTray.length).toBe(refill?.kind === 'tote-refill' ? refill.added : -1);
    for (const o of inTray) expect(isUpright(o), o.id).toBe(true);
  });

  it('leaves every item a level grasp through its open side, over the lip, and a top grasp: no wall or neighbour blocks them', () => {
    const scene = { robot: store.robot, world: store.world, services: store.services };
    const tray = stockPlace(store.world, store.stockPlace).poseInWorld.position;
    const inTray = objectsIn(store.world, stockPlace(store.world, store.stockPlace));
    let level = 0;
    for (const item of inTray) {
      // The hand comes in from the tray's side the item stands by (the row's long wall), moving inward.
      const inward = new Vector3(0, Math.sign(tray.y - item.poseInWorld.position.y), 0);
      const { ranked } = rankGraspChoices(scene, item, {
        effector: biped ? 'gripper' : 'auto',
        approachDistanceM: PICK_DISTANCES.approachDistanceM,
      });
      const levelGrasps = ranked.filter((c) => Math.abs(c.approach.z) < 0.2 && c.approach.dot(inward) > 0.9);
      const topGrasps = ranked.filter((c) => c.approach.z < -0.9);
      expect(topGrasps.length, `${item.id}: a grasp from above`).toBeGreaterThan(0);
      // A gripper's palm reaches 3.5 cm above and below a level grasp: on a pack under 10 cm it would meet the
      // lip, so the fingers take those from above (the cup takes any box on its front).
      const heightM = 2 * shapeHalfExtents(item.shape)[2];
      if (heightM > 0.1 || !biped)
        expect(levelGrasps.length, `${item.id}: a level grasp from its row's side`).toBeGreaterThan(0);
      if (levelGrasps.length > 0) level++;
    }
    expect(level).toBeGreaterThanOrEqual(4);
  });
});
