import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { StoreLife } from '../../apps/restock/store-life.ts';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import type { StoreEvent } from '../../apps/restock/store-events.ts';
import { HELD } from '../../skills/arm/held-objects.ts';
import { objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// Seed 6 at 97607bd: a 500 ml bottle slipped from the gripper and fell through the floor; falling on (12 km down),
// it counted as knocked by each of the next three tries, which had not touched it.
const FALLEN = 'stock/bottle-500ml-fallen';

let store: StoreSession;
const events: TelemetryEvent[] = [];

beforeAll(async () => {
  store = await openStore({
    planogramPath: PLANOGRAM,
    seed: 1,
    initialFill: 1,
    emptyFacings: ['aisle-a/level-2/slot-1/facing-1'],
  });
  // Under the floor, beside the robot (the three-minute tidy leaves items near the robot alone).
  const under = { position: new Vector3(0.2, -0.6, -2), quaternion: new Quaternion() };
  store.simulation.addObject(productObject(store.scene, 'bottle-500ml', FALLEN, under, []));
  // Still held, as far as the robot knows: it slipped out of a hand that waited, stuck with it, for staff (demo
  // seed 9 on an intermediate build: the robot then waited for ever with a hand it thought busy).
  store.blackboard.set(HELD.of(FALLEN), {
    objectId: FALLEN,
    armName: 'right',
    effector: 'gripper',
    objectInTool: under,
    payloadN: 5,
    restQuaternion: new Quaternion(),
    gripWidthM: 0.06,
  });
  const life = new StoreLife(
    store,
    { emit: (e) => events.push({ ...e, seq: events.length, wallTimeMs: 0 }) },
    { shopperItemsPerHour: 0 },
  );
  life.start();
  store.simulation.sim.runFor(200);
  life.stop();
}, 120_000);

afterAll(() => store?.free());

describe('items that fell out of the store', () => {
  it('leave the sim at once, near the robot too, logged as tidied, and no hand holds them any more', () => {
    expect(store.world.object(FALLEN)).toBeUndefined();
    expect(store.blackboard.get(HELD.of(FALLEN))).toBeUndefined();
    const tidies = events
      .map((e) => (e as { data?: { store?: StoreEvent } }).data?.store)
      .filter((d): d is Extract<StoreEvent, { kind: 'tidy' }> => d?.kind === 'tidy');
    expect(tidies).toEqual([{ kind: 'tidy', removed: [FALLEN], why: 'fell out of the store' }]);
  });

  it('leave everything else where it is: the shelves and the tray just refilled', () => {
    expect(objectsIn(store.world, stockPlace(store.world, store.stockPlace)).length).toBeGreaterThan(0);
    expect(store.world.objects().filter((o) => o.id.startsWith('shelf/')).length).toBeGreaterThan(50);
  });
});
