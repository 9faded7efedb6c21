import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { readFileSync } from 'node:fs';
import {
  approachCorridorM,
  handHalfWidthM,
  layOutTote,
  TOTE_GAP_M,
  type ToteHands,
} from '../../apps/restock/tote-layout.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { objectsIn, stockCounts, stockPlace } from '../../skills/restock/stock.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { findProduct } from '../../scenes/catalog.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';

const STORE = fileURLToPath(new URL('../../scenes/store.yaml', import.meta.url));
const URDF = fileURLToPath(new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url));

/** The demo robot's hands, read from its URDF: the right gripper's opening and the left cup's diameter. */
function demoHands(): ToteHands {
  const { extras } = parseUrdf(readFileSync(URDF, 'utf8'), URDF);
  return {
    gripperMaxWidthM: extras.grippers[0]!.maxWidthM,
    suctionDiameterM: extras.suctionCups[0]!.diameterM,
  };
}

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
    const { placed, left } = layOutTote(tote, skus, demoHands());
    expect(placed.length + left.length).toBe(skus.length);
    expect(placed.length).toBeGreaterThanOrEqual(2);
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
    const { placed } = layOutTote(tote, skus, demoHands());
    const objects = placed.map((p, i) => productObject(scene, p.sku, `stock/${i}`, p.poseInWorld, []));
    const world = new InMemoryWorldModel(objects, scene.places);
    expect(objectsIn(world, stockPlace(world, 'stock-tote')).map((o) => o.type)).toEqual(placed.map((p) => p.sku));
    expect(Object.fromEntries(stockCounts(world, 'stock-tote'))).toEqual(
      Object.fromEntries(placed.map((p) => [p.sku, placed.filter((q) => q.sku === p.sku).length])),
    );
  });
});

describe('tote clearance', () => {
  /** Each placed item's footprint along the tote's long axis, in the tote frame, in placing order. */
  async function layOut(skus: readonly string[]) {
    const scene = await loadScene(STORE);
    const tote = scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
    const hands = demoHands();
    const { placed, left } = layOutTote(tote, skus, hands);
    const inverse = tote.poseInWorld.quaternion.clone().invert();
    const spans = placed.map((p) => {
      const product = findProduct(p.sku)!;
      const [, dy] = shapeBoundsM(product.shape);
      const x = p.poseInWorld.position.clone().sub(tote.poseInWorld.position).applyQuaternion(inverse).x;
      return { sku: p.sku, product, x0: x - dy / 2, x1: x + dy / 2, widthM: dy };
    });
    return { spans, left, hands, halfLengthM: tote.innerSizeM[0] / 2 };
  }

  it('leaves the open hand room beside every item, and a whole approach corridor on the side the gripper takes it from', async () => {
    // The demo's reproductions: the 1 L carton is too wide for the gripper across its face, the jar and cans are
    // gripped from the side, the boxes take the cup.
    const skus = [
      'juice-carton-1l',
      'can-330ml',
      'sauce-jar',
      'pasta-box',
      'pudding-box',
      'pudding-box',
      'gelatin-box',
    ];
    const { spans, left, hands, halfLengthM } = await layOut(skus);
    expect(spans.length).toBeGreaterThanOrEqual(2);
    expect(spans.length + left.length).toBe(skus.length);
    // The hand is sized from the effector: the gripper's half opening at least, the palm wider still.
    expect(handHalfWidthM('gripper', hands)).toBeGreaterThan(hands.gripperMaxWidthM / 2);
    expect(handHalfWidthM('suction', hands)).toBeGreaterThanOrEqual(hands.suctionDiameterM / 2);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      const lowM = s.x0 - (i === 0 ? -halfLengthM : spans[i - 1]!.x1);
      const highM = (i === spans.length - 1 ? halfLengthM : spans[i + 1]!.x0) - s.x1;
      const effector = s.product.preferredEffector;
      const besideM = handHalfWidthM(effector, hands) - s.widthM / 2;
      expect(lowM, `${s.sku} room toward -x`).toBeGreaterThanOrEqual(besideM - 1e-9);
      expect(highM, `${s.sku} room toward +x`).toBeGreaterThanOrEqual(besideM - 1e-9);
      // The gripper's side grasp comes from the item's +y side, which faces -x: its whole corridor is free there.
      if (effector === 'gripper') {
        expect(lowM, `${s.sku} approach corridor`).toBeGreaterThanOrEqual(approachCorridorM('gripper', hands) - 1e-9);
      }
    }
    expect(spans.map((s) => s.sku)).toContain('juice-carton-1l');
  });
});
