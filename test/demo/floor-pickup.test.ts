import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickUpFromFloor } from '../../apps/restock/staff-assist.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { openStore, type StoreSession } from '../../apps/restock/store-session.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';

// A bottle a failed place dropped lies on the floor beside the robot. Navigation plans around fixtures, not
// products, so the base drove into it on its next drive (demo seed 1 at 13:01, seed 10 at 11:45). A worker picks
// it up as soon as the robot's hands are clear of it, not at the three-minute tidy that leaves items near the robot.
const PLANOGRAM = fileURLToPath(new URL('../../scenes/store-planogram.yaml', import.meta.url));
const LYING = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), Math.PI / 2);

let store: StoreSession;
beforeAll(async () => {
  store = await openStore({ planogramPath: PLANOGRAM, seed: 1, initialFill: 0.85 });
}, 120_000);
afterAll(() => store?.free());

describe('staff pick up what lies on the floor (Rapier sim)', () => {
  it('once the hands are clear of it, and nothing else', () => {
    const bus = new TelemetryBus(() => 0);
    const events: TelemetryEvent[] = [];
    bus.events$.subscribe((e) => events.push(e));
    const dropped = 'stock/bleach-bottle-900';
    const position = new Vector3(0.4, -0.2, 0.05);
    store.simulation.addObject(
      productObject(store.scene, 'bleach-bottle', dropped, { position, quaternion: LYING }, []),
    );
    const others = store.world.objects().filter((o) => o.id !== dropped).length;
    store.simulation.sim.runUntil(() => false, 500);
    pickUpFromFloor(store, bus, store.simulation.sim.timeMs, () => true);
    expect(store.world.object(dropped)).toBeDefined();
    pickUpFromFloor(store, bus, store.simulation.sim.timeMs, () => false);
    expect(store.world.object(dropped)).toBeUndefined();
    expect(store.world.objects()).toHaveLength(others);
    expect(events.map((e) => e.data?.['store'])).toEqual([
      { kind: 'tidy', removed: [dropped], why: 'picked up off the floor' },
    ]);
  });
});
