import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { layOutTote, TOTE_GAP_M } from '../../apps/restock/tote-layout.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { objectsIn, stockCounts, stockPlace } from '../../skills/restock/stock.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { findProduct } from '../../scenes/catalog.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';

const STORE = fileURLToPath(new URL('../../scenes/store.yaml', import.meta.url));

describe('layOutTote', () => {
  it('stands products in two rows inside the tote, wide face along it, with finger room between them', async () => {
    const scene = await loadScene(STORE);
    const tote = scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
    const skus = [
      'can-330ml',
      'cereal-box',
      'jar',
      'tea-box',
      'coffee-can',
      'can-330ml',
      'detergent-bottle',
      'jar',
      'sugar-box',
      'juice-carton-1l',
      'can-250ml-slim',
      'jar',
    ];
    const { placed, left } = layOutTote(tote, skus);
    expect(placed.length + left.length).toBe(skus.length);
    expect(placed.length).toBeGreaterThanOrEqual(5);
    const inverse = tote.poseInWorld.quaternion.clone().invert();
    const boxes = placed.map((p) => {
      const [dx, dy, dz] = shapeBoundsM(findProduct(p.sku)!.shape);
      const local = p.poseInWorld.position.clone().sub(tote.poseInWorld.position).applyQuaternion(inverse);
      // Turned a quarter: the product's width runs along the tote's x.
      const axisY = new Vector3(0, 1, 0).applyQuaternion(p.poseInWorld.quaternion).applyQuaternion(inverse);
      expect(Math.abs(axisY.x)).toBeCloseTo(1, 9);
      return {
        x0: local.x - dy / 2,
        x1: local.x + dy / 2,
        y0: local.y - dx / 2,
        y1: local.y + dx / 2,
        z0: local.z - dz / 2,
      };
    });
    const [ix, iy] = tote.innerSizeM;
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(-ix / 2);
      expect(b.x1).toBeLessThanOrEqual(ix / 2);
      expect(b.y0).toBeGreaterThanOrEqual(-iy / 2 + 0.05 - 1e-9);
      expect(b.y1).toBeLessThanOrEqual(iy / 2 - 0.05 + 1e-9);
      expect(b.z0).toBeGreaterThanOrEqual(tote.wallThicknessM);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const sameRow = a.y0 < b.y1 && b.y0 < a.y1;
        if (sameRow) expect(Math.max(b.x0 - a.x1, a.x0 - b.x1)).toBeGreaterThanOrEqual(TOTE_GAP_M - 1e-9);
      }
    }
  });

  it('counts every laid-out product as stock in the tote, tall packs sticking out of the tray included', async () => {
    const scene = await loadScene(STORE);
    const tote = scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
    const skus = ['cereal-box', 'juice-carton-1l', 'chips-can', 'tuna-can', 'bottle-500ml'];
    const { placed } = layOutTote(tote, skus);
    const objects = placed.map((p, i) => productObject(scene, p.sku, `stock/${i}`, p.poseInWorld, []));
    const world = new InMemoryWorldModel(objects, scene.places);
    expect(objectsIn(world, stockPlace(world, 'stock-tote')).map((o) => o.type)).toEqual(placed.map((p) => p.sku));
    expect(Object.fromEntries(stockCounts(world, 'stock-tote'))).toEqual(
      Object.fromEntries(placed.map((p) => [p.sku, placed.filter((q) => q.sku === p.sku).length])),
    );
  });
});
