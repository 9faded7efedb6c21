import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { allFixtureBoxes } from '../../scenes/fixture-geometry.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { findIntersections } from '../../scenes/scene-checks.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';

const SHIPPED = ['scenes/tabletop.yaml', 'scenes/retail-aisle.yaml', 'scenes/grasp-bin.yaml'];

function place(scene: ResolvedScene, name: string) {
  const found = scene.places.find((p) => p.name === name);
  if (!found) throw new Error(`no place ${name}`);
  return found;
}

describe('shipped scenes', () => {
  it.each(SHIPPED)('%s loads with no object touching a fixture or another object', async (file) => {
    const scene = await loadScene(file);
    expect(scene.objects.length).toBeGreaterThan(0);
    expect(findIntersections(scene.objects, allFixtureBoxes(scene.fixtures))).toEqual([]);
  });

  it('tabletop: a UR arm on the table top with a box, a can, a bottle and two targets', async () => {
    const scene = await loadScene('scenes/tabletop.yaml');
    expect(scene.robots).toHaveLength(1);
    expect(scene.robots[0]!.urdfPath).toBe('hardware/robots/ur-arm.urdf');
    expect(scene.robots[0]!.basePoseInWorld.position.z).toBeCloseTo(0.75, 9);
    expect(scene.objects.map((o) => o.type ?? o.shape.kind).sort()).toEqual(['bottle-500ml', 'box', 'can-330ml']);
    // Every object rests on the table top: its bottom face at the top's height.
    for (const o of scene.objects) {
      const halfHeight = shapeBoundsM(o.shape)[2] / 2;
      expect(o.poseInWorld.position.z - halfHeight).toBeCloseTo(0.75, 9);
    }
    expect(scene.places.filter((p) => p.tags.includes('target')).map((p) => p.name)).toEqual(['target/a', 'target/b']);
  });

  it('retail-aisle: two 4-level shelves across an aisle of at least 1.5 m, 150-200 products', async () => {
    const scene = await loadScene('scenes/retail-aisle.yaml');
    const shelves = scene.fixtures.filter((f) => f.kind === 'shelf');
    expect(shelves).toHaveLength(2);
    for (const s of shelves) if (s.kind === 'shelf') expect(s.boardHeightsM).toHaveLength(4);
    const fronts = shelves.map((s) =>
      s.kind === 'shelf' ? s.poseInWorld.position.x - Math.sign(s.poseInWorld.position.x) * (s.depthM / 2) : 0,
    );
    expect(Math.abs(fronts[0]! - fronts[1]!)).toBeGreaterThanOrEqual(1.5);
    const products = scene.objects.filter((o) => o.type !== undefined);
    expect(products.length).toBeGreaterThanOrEqual(150);
    expect(products.length).toBeLessThanOrEqual(200);
    expect(scene.objects.filter((o) => o.id.startsWith('stock-tote/')).length).toBeGreaterThan(0);
    expect(scene.robots[0]!.urdfPath).toBe('hardware/robots/wheeled-humanoid.urdf');
  });

  it('retail-aisle: generates a named slot per level and slot, on the board, with stocked/empty tags', async () => {
    const scene = await loadScene('scenes/retail-aisle.yaml');
    const slots = scene.places.filter((p) => p.tags.includes('shelf-slot'));
    expect(slots).toHaveLength(2 * 4 * 6);
    const slot = place(scene, 'aisle-a/level-2/slot-3');
    expect(slot.poseInWorld.position.z).toBeCloseTo(0.6, 9);
    // aisle-a is turned to face -x: its slots lie between its back (x = 1.2) and front (x = 0.8).
    expect(slot.poseInWorld.position.x).toBeGreaterThan(0.8);
    expect(slot.poseInWorld.position.x).toBeLessThan(1.2);
    expect(slot.tags).toContain('stocked');
    expect(place(scene, 'aisle-a/level-2/slot-6').tags).toContain('empty');
    expect(slots.filter((s) => s.tags.includes('empty')).length).toBeGreaterThanOrEqual(4);
    // Items of a slot sit inside its footprint, on its board.
    const items = scene.objects.filter((o) => o.tags.includes('aisle-a/level-2/slot-3'));
    expect(items).toHaveLength(6);
    for (const item of items) {
      const offset = item.poseInWorld.position.clone().sub(slot.poseInWorld.position);
      expect(Math.abs(offset.y)).toBeLessThan(slot.sizeM![1] / 2);
      expect(offset.z).toBeCloseTo(0.205 / 2, 9);
    }
  });

  it('retail-aisle: a base stand-off in front of each shelf faces it', async () => {
    const scene = await loadScene('scenes/retail-aisle.yaml');
    const stand = place(scene, 'stand/aisle-a');
    expect(stand.poseInWorld.position.toArray()).toEqual([
      expect.closeTo(0.35, 9),
      expect.closeTo(0, 9),
      expect.closeTo(0, 9),
    ]);
    // The base's forward axis (+x) points at the shelf (world +x for aisle-a).
    const forward = new Vector3(1, 0, 0).applyQuaternion(stand.poseInWorld.quaternion);
    expect(forward.x).toBeCloseTo(1, 9);
    const standB = place(scene, 'stand/aisle-b');
    expect(new Vector3(1, 0, 0).applyQuaternion(standB.poseInWorld.quaternion).x).toBeCloseTo(-1, 9);
  });

  it('grasp-bin: 10-15 objects, all within the bin walls and on or above its floor', async () => {
    const scene = await loadScene('scenes/grasp-bin.yaml');
    expect(scene.robots).toEqual([]);
    expect(scene.objects.length).toBeGreaterThanOrEqual(10);
    expect(scene.objects.length).toBeLessThanOrEqual(15);
    const bin = place(scene, 'bin');
    expect(bin.poseInWorld.position.z).toBeCloseTo(0.01, 9);
    expect(scene.objects.some((o) => o.shape.kind === 'mesh' && o.meshVerticesM !== undefined)).toBe(true);
    for (const o of scene.objects) {
      const [x, y, z] = shapeBoundsM(o.shape);
      const e = new Vector3(x / 2, y / 2, z / 2);
      // World half extents of the rotated bounding box (only right-angle rotations or yaw here).
      const r = o.poseInWorld.quaternion;
      const ex = [new Vector3(e.x, 0, 0), new Vector3(0, e.y, 0), new Vector3(0, 0, e.z)].map((v) =>
        v.applyQuaternion(r),
      );
      const half = [0, 1, 2].map((i) => ex.reduce((s, v) => s + Math.abs(v.getComponent(i)), 0));
      const c = o.poseInWorld.position;
      expect(c.z - half[2]!).toBeGreaterThanOrEqual(0.01 - 1e-9);
      expect(Math.abs(c.x) + half[0]!).toBeLessThanOrEqual(0.2 + 1e-9);
      expect(Math.abs(c.y) + half[1]!).toBeLessThanOrEqual(0.15 + 1e-9);
    }
  });

  it('loads a mesh object: scaled, centred, mass from the material density', async () => {
    const scene = await loadScene('test/fixtures/scenes/mesh-object.yaml');
    const crate = scene.objects[0]!;
    expect(crate.shape).toEqual({
      kind: 'mesh',
      file: 'test/fixtures/scenes/cube.obj',
      boundsM: [expect.closeTo(0.1, 6), expect.closeTo(0.1, 6), expect.closeTo(0.1, 6)],
    });
    expect(crate.massKg).toBeCloseTo(600 * 0.001, 6);
    expect(Math.max(...crate.meshVerticesM!)).toBeCloseTo(0.05, 6);
  });
});
