import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { loadScene } from '../../scenes/load-scene.ts';
import { SET_DOWN_TAG, setDownSpotUnder, setDownTargets } from '../../skills/restock/set-down.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import type { KnownObject } from '../../src/world/world-model.ts';

const STORE = fileURLToPath(new URL('../../scenes/store.yaml', import.meta.url));

function can(id: string, x: number, y: number, z: number): KnownObject {
  return {
    id,
    shape: { kind: 'cylinder', radiusM: 0.033, heightM: 0.115 },
    poseInWorld: { position: new Vector3(x, y, z), quaternion: new Quaternion() },
    massKg: 0.35,
    friction: 0.5,
    tags: [],
  };
}

describe('set-down spots of the store (scenes/store.yaml)', () => {
  it('declares a set-down ledge past the far end of each unit, and the nearest free point on it comes first', async () => {
    const scene = await loadScene(STORE);
    const spots = scene.places.filter((p) => p.tags.includes(SET_DOWN_TAG));
    expect(spots.map((p) => p.name).sort()).toEqual(['set-down/end-ledge-a', 'set-down/end-ledge-b']);
    // A can held by aisle-a's first slot, low: the ledge past that end first, at its nearest free point.
    const held = can('held', 0.7, -0.75, 0.25);
    const world = new InMemoryWorldModel([held], scene.places);
    const [first, second] = setDownTargets(world, held).map(
      (t) => new Vector3(...(t as { position: number[] }).position),
    );
    expect(first!.x).toBeGreaterThan(0.8);
    expect(first!.z).toBeCloseTo(0.35, 6);
    expect(Math.hypot(first!.x - 0.7, first!.y + 0.75)).toBeLessThan(0.3);
    expect(second!.x).toBeLessThan(-0.8);
    // Inside the ledge, the can's footprint and a gap clear of its edges.
    expect(first!.y).toBeLessThan(-0.92 - 0.033);
    expect(first!.x).toBeLessThan(1.2 - 0.033);
  });

  it('sets an item down clear of what already stands on a ledge, and gives nothing for a full or too small one', async () => {
    const scene = await loadScene(STORE);
    const held = can('held', 0.7, -0.75, 0.25);
    const empty = new InMemoryWorldModel([held], scene.places);
    const [was] = setDownTargets(empty, held) as { position: [number, number, number] }[];
    const there = can('there', was!.position[0], was!.position[1], 0.41);
    const world = new InMemoryWorldModel([held, there], scene.places);
    const [now] = setDownTargets(world, held) as { position: [number, number, number] }[];
    const apartM = Math.hypot(now!.position[0] - was!.position[0], now!.position[1] - was!.position[1]);
    expect(apartM).toBeGreaterThan(2 * 0.033 + 0.02);
    const big = { ...held, shape: { kind: 'box' as const, sizeM: [0.5, 0.5, 0.2] as const } };
    expect(setDownTargets(new InMemoryWorldModel([big], scene.places), big)).toEqual([]);
  });

  it('tells an item standing on a set-down ledge (the staff clear it) from one beside it or on the floor', async () => {
    const scene = await loadScene(STORE);
    const world = new InMemoryWorldModel([], scene.places);
    const halfM = 0.115 / 2;
    expect(setDownSpotUnder(world, can('on', 0.95, -1.05, 0.35 + halfM))?.name).toBe('set-down/end-ledge-a');
    expect(setDownSpotUnder(world, can('floor', 0.95, -1.05, halfM))).toBeUndefined();
    expect(setDownSpotUnder(world, can('beside', 0.6, -1.05, 0.35 + halfM))).toBeUndefined();
  });
});
