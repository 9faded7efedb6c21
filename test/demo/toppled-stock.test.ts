import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { StoreLife } from '../../apps/restock/store-life.ts';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import { layOutTote, toteHandsOf } from '../../apps/restock/tote-layout.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import type { StoreEvent } from '../../apps/restock/store-events.ts';
import { coolDownFacing, isCoolingDown } from '../../skills/restock/memory.ts';
import { isUpright, objectsIn, stockPlace } from '../../skills/restock/stock.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';

const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
// Seed 3 at c28dd7b: a 500 ml bottle lay on its side in the tote, every grasp of the pasta box beside it was
// refused, and the robot waited out the pasta facing's ten-minute cool-down with the bottle still there.
const PASTA_FACING = 'aisle-b/level-2/slot-1/facing-1';

let store: StoreSession;
let life: StoreLife;
const events: TelemetryEvent[] = [];
let bottleId: string;
let pastaId: string;

beforeAll(async () => {
  store = await openStore({ planogramPath: PLANOGRAM, seed: 3, initialFill: 1, emptyFacings: [PASTA_FACING] });
  const tote = store.scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
  const { placed } = layOutTote(tote, ['pasta-box', 'bottle-500ml'], toteHandsOf(store.robot));
  const [pasta, bottle] = placed;
  pastaId = store.newItemId('stock', 'pasta-box');
  bottleId = store.newItemId('stock', 'bottle-500ml');
  store.simulation.addObject(productObject(store.scene, 'pasta-box', pastaId, pasta!.poseInWorld, []));
  // The bottle lying on its side where it stood (its radius above the tote's floor), as a knock leaves it.
  const onSide = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI / 2);
  const lying = bottle!.poseInWorld.position.clone();
  lying.z -= 0.205 / 2 - 0.065 / 2;
  store.simulation.addObject(
    productObject(store.scene, 'bottle-500ml', bottleId, { position: lying, quaternion: onSide }, []),
  );
  store.simulation.sim.runFor(500);
  coolDownFacing(store.world, PASTA_FACING, store.simulation.sim.timeMs + 600_000);
  life = new StoreLife(
    store,
    { emit: (e) => events.push({ ...e, seq: events.length, wallTimeMs: 0 }) },
    { shopperItemsPerHour: 0, refillCheckMs: 5000 },
  );
  life.start();
  store.simulation.sim.runFor(6000);
}, 120_000);

afterAll(() => {
  life?.stop();
  store?.free();
});

describe('a knocked-over item in the tote (robot away from the cart)', () => {
  it('is taken out by staff within one refill check, as a logged tidy event', () => {
    expect(store.world.object(bottleId)).toBeUndefined();
    const tidies = events
      .map((e) => e.data?.['store'] as StoreEvent | undefined)
      .filter((s): s is Extract<StoreEvent, { kind: 'tidy' }> => s?.kind === 'tidy');
    expect(tidies).toEqual([{ kind: 'tidy', removed: [bottleId], why: 'knocked over in the tote' }]);
  });

  it('leaves the upright stock beside it, and the facing given up for that stock is tried again', () => {
    const pasta = store.world.object(pastaId)!;
    expect(isUpright(pasta)).toBe(true);
    expect(objectsIn(store.world, stockPlace(store.world, store.stockPlace)).map((o) => o.id)).toEqual([pastaId]);
    expect(isCoolingDown(store.world, PASTA_FACING, store.simulation.sim.timeMs)).toBe(false);
  });
});
