import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Vector3 } from 'three';
import { readFileSync } from 'node:fs';
import {
  besideNeedM,
  handHalfWidthM,
  layOutTote,
  pickFaceYawRad,
  takersOf,
  TOTE_GAP_M,
  tooWideForGrippers,
  type ToteHands,
} from '../../apps/restock/tote-layout.ts';
import { APPROACH_ACCURACY_M } from '../../skills/arm/effectors.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';
import { productObject } from '../../apps/restock/stock-items.ts';
import { objectsIn, stockCounts, stockPlace } from '../../skills/restock/stock.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { findProduct } from '../../scenes/catalog.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import type { ResolvedFixture, ToteFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import { BIPED_URDF_PATH } from '../../scenes/with-biped.ts';
import { ratedHoldForceN } from '../../sim/effectors/suction-cup.ts';

const STORE = fileURLToPath(new URL('../../scenes/store.yaml', import.meta.url));
const WHEELED_URDF = fileURLToPath(new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url));

/** A robot's hands, read from its URDF: each gripper's opening and each cup's diameter, with its arm's side. */
function handsOf(urdfPath: string): ToteHands {
  const { extras } = parseUrdf(readFileSync(urdfPath, 'utf8'), urdfPath);
  const side = (arm: string): 'left' | 'right' => (arm.startsWith('left') ? 'left' : 'right');
  return [
    ...extras.grippers.map((g) => ({ kind: 'gripper' as const, sizeM: g.maxWidthM, side: side(g.arm) })),
    ...extras.suctionCups.map((c) => ({
      kind: 'suction' as const,
      sizeM: c.diameterM,
      side: side(c.arm),
      holdForceN: ratedHoldForceN(c.vacuumKPa, c.diameterM),
    })),
  ];
}

const WHEELED = handsOf(WHEELED_URDF);
const BIPED = handsOf(BIPED_URDF_PATH);

/** Each placed item in the tote frame: its box along and across the tote, and its axes. */
async function layOut(skus: readonly string[], hands: ToteHands) {
  const scene = await loadScene(STORE);
  const tote = scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
  const { placed, left } = layOutTote(tote, skus, hands);
  const inverse = tote.poseInWorld.quaternion.clone().invert();
  const items = placed.map((p) => {
    const product = findProduct(p.sku)!;
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    const local = p.poseInWorld.position.clone().sub(tote.poseInWorld.position).applyQuaternion(inverse);
    const q = p.poseInWorld.quaternion.clone().premultiply(inverse);
    const axisX = new Vector3(1, 0, 0).applyQuaternion(q);
    const axisY = new Vector3(0, 1, 0).applyQuaternion(q);
    const alongM = Math.abs(axisX.x) * dx + Math.abs(axisY.x) * dy;
    const acrossM = Math.abs(axisX.y) * dx + Math.abs(axisY.y) * dy;
    return {
      item: p,
      product,
      axisX,
      axisY,
      x0: local.x - alongM / 2,
      x1: local.x + alongM / 2,
      y0: local.y - acrossM / 2,
      y1: local.y + acrossM / 2,
      z0: local.z - dz / 2,
      alongM,
    };
  });
  return { items, left, tote };
}

const SKUS = [
  'juice-carton-1l',
  'can-330ml',
  'pasta-box',
  'sauce-jar',
  'pudding-box',
  'gelatin-box',
  'cereal-box',
  'detergent-bottle',
  'jar',
];

describe.each([
  ['the wheeled humanoid (cup left, gripper right)', WHEELED],
  ['the biped (a gripper on each arm, no cup)', BIPED],
])('layOutTote for %s', (_name, hands) => {
  it('stands products in two rows, one along each long wall, inside the tray and clear of each other', async () => {
    const { items, left, tote } = await layOut(SKUS, hands);
    expect(items.length + left.length).toBe(SKUS.length);
    // The one-row layout it replaces held two items of these; the hands' room decides how many fit.
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(new Set(items.map((i) => i.item.row))).toEqual(new Set(['near', 'far']));
    const [ix, iy] = tote.innerSizeM;
    for (const b of items) {
      expect(b.x0).toBeGreaterThanOrEqual(-ix / 2);
      expect(b.x1).toBeLessThanOrEqual(ix / 2);
      expect(b.y0).toBeGreaterThanOrEqual(-iy / 2);
      expect(b.y1).toBeLessThanOrEqual(iy / 2);
      expect(b.z0).toBeGreaterThanOrEqual(tote.wallThicknessM);
      // Each stands by the wall of its row.
      if (b.item.row === 'near') expect(b.y0).toBeLessThan(-iy / 2 + 0.02);
      else expect(b.y1).toBeGreaterThan(iy / 2 - 0.02);
    }
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!;
        const b = items[j]!;
        const overlapX = a.x0 < b.x1 && b.x0 < a.x1;
        const overlapY = a.y0 < b.y1 && b.y0 < a.y1;
        expect(overlapX && overlapY, `${a.item.sku} and ${b.item.sku} overlap`).toBe(false);
      }
    }
  });

  it('turns each pick face out over its wall: the front for the cup and round bodies, the +y side for gripped boxes', async () => {
    const { items } = await layOut(SKUS, hands);
    for (const b of items) {
      const outward = new Vector3(0, b.item.row === 'near' ? -1 : 1, 0);
      const sideTaken = b.product.shape.kind === 'box' && b.item.effector === 'gripper';
      const face = sideTaken ? b.axisY : b.axisX;
      expect(face.dot(outward), `${b.item.sku} pick face`).toBeCloseTo(1, 9);
      const yawRad = pickFaceYawRad(b.item.sku, b.item.effector, Math.atan2(outward.y, outward.x));
      expect(Math.cos(yawRad)).toBeCloseTo(b.axisX.x, 9);
      expect(Math.sin(yawRad)).toBeCloseTo(b.axisX.y, 9);
    }
  });

  it("leaves the open hand (and the arm's approach accuracy) room beside every item along its row", async () => {
    const { items, tote } = await layOut(SKUS, hands);
    const halfLengthM = tote.innerSizeM[0] / 2;
    for (const row of ['near', 'far'] as const) {
      const inRow = items.filter((b) => b.item.row === row).sort((a, b) => a.x0 - b.x0);
      inRow.forEach((b, k) => {
        const lowM = b.x0 - (k === 0 ? -halfLengthM : inRow[k - 1]!.x1);
        const highM = (k === inRow.length - 1 ? halfLengthM : inRow[k + 1]!.x0) - b.x1;
        const takers = takersOf(b.item.sku, hands);
        const needM = besideNeedM(takers.hands, b.alongM);
        // At least the open hand's half width (and the arm's accuracy) past the item's half extent along the row.
        const handM = Math.max(...takers.hands.map(handHalfWidthM)) + APPROACH_ACCURACY_M - b.alongM / 2;
        expect(needM).toBeGreaterThanOrEqual(handM - 1e-9);
        expect(b.item.besideM).toBeCloseTo(needM, 9);
        expect(lowM, `${b.item.sku} room toward -x`).toBeGreaterThanOrEqual(Math.max(needM, TOTE_GAP_M) - 1e-9);
        expect(highM, `${b.item.sku} room toward +x`).toBeGreaterThanOrEqual(Math.max(needM, TOTE_GAP_M) - 1e-9);
      });
    }
  });

  it('counts every laid-out product as stock in the tray, tall packs standing out of it included', async () => {
    const scene = await loadScene(STORE);
    const tote = scene.fixtures.find((f) => f.id === 'stock-tote') as ResolvedFixture & ToteFixture;
    const skus = ['cereal-box', 'juice-carton-1l', 'chips-can', 'tuna-can', 'bottle-500ml'];
    const { placed } = layOutTote(tote, skus, hands);
    expect(placed.length).toBeGreaterThanOrEqual(3);
    const objects = placed.map((p, i) => productObject(scene, p.sku, `stock/${i}`, p.poseInWorld, []));
    const world = new InMemoryWorldModel(objects, scene.places);
    expect(objectsIn(world, stockPlace(world, 'stock-tote')).map((o) => o.type)).toEqual(placed.map((p) => p.sku));
    expect(Object.fromEntries(stockCounts(world, 'stock-tote'))).toEqual(
      Object.fromEntries(placed.map((p) => [p.sku, placed.filter((q) => q.sku === p.sku).length])),
    );
  });
});

describe('the hands that take each product', () => {
  it("the wheeled humanoid takes each product with its preferred effector; each hand's items stand at its own end of a row", async () => {
    const { items } = await layOut(SKUS, WHEELED);
    for (const b of items) {
      const cupped = b.item.sku === 'juice-carton-1l';
      expect(b.item.effector, b.item.sku).toBe(cupped ? 'suction' : b.product.preferredEffector);
    }
    const cupSide = WHEELED.find((h) => h.kind === 'suction')!.side;
    expect(cupSide).toBe('left');
    for (const row of ['near', 'far'] as const) {
      // Picked from the near side the robot faces +y (its left is -x); from the far side it faces -y.
      const leftward = row === 'near' ? -1 : 1;
      const inRow = items.filter((b) => b.item.row === row);
      const cupped = inRow.filter((b) => b.item.effector === 'suction').map((b) => leftward * (b.x0 + b.x1));
      const gripped = inRow.filter((b) => b.item.effector === 'gripper').map((b) => leftward * (b.x0 + b.x1));
      if (cupped.length > 0 && gripped.length > 0) expect(Math.min(...cupped)).toBeGreaterThan(Math.max(...gripped));
    }
  });

  it('the biped, with no cup, takes the boxes a cup would with a gripper, and the tray is sized for its fingers', async () => {
    expect(BIPED.map((h) => h.kind)).toEqual(['gripper', 'gripper']);
    const { items } = await layOut(SKUS, BIPED);
    const cupPreferred = items.filter((b) => b.product.preferredEffector === 'suction');
    expect(cupPreferred.length).toBeGreaterThan(0);
    for (const b of items) expect(b.item.effector).toBe('gripper');
    // A box the cup would take on its front is turned so the fingers close across its depth instead.
    for (const b of cupPreferred) {
      const outward = new Vector3(0, b.item.row === 'near' ? -1 : 1, 0);
      expect(b.axisY.dot(outward), b.item.sku).toBeCloseTo(1, 9);
    }
    // Either hand may take each item: the rows fill from both ends.
    const nearXs = items.filter((b) => b.item.row === 'near').map((b) => b.x0 + b.x1);
    expect(Math.min(...nearXs)).toBeLessThan(0);
    expect(Math.max(...nearXs)).toBeGreaterThan(0);
  });

  it('gives the cup a box the gripper cannot close across face-on, stood front out (a juice carton: 95 mm in 100 mm)', async () => {
    expect(tooWideForGrippers('juice-carton-1l', WHEELED)).toBe(true);
    // Too wide too, but too heavy for the 58 N cup to hold 2.5 times over by friction on its front: the gripper's.
    for (const sku of ['bleach-bottle', 'detergent-bottle']) {
      expect(tooWideForGrippers(sku, WHEELED), sku).toBe(true);
      expect(takersOf(sku, WHEELED).kind, sku).toBe('gripper');
    }
    // A cup whose rating is not known takes nothing the gripper would.
    const unrated = WHEELED.map(({ holdForceN: _unused, ...h }) => h);
    expect(takersOf('juice-carton-1l', unrated).kind).toBe('gripper');
    expect(tooWideForGrippers('mustard-bottle', WHEELED)).toBe(false);
    expect(tooWideForGrippers('milk-carton-1l', WHEELED)).toBe(false);
    expect(tooWideForGrippers('can-330ml', WHEELED)).toBe(false);
    const { items } = await layOut(['juice-carton-1l', 'can-330ml', 'juice-carton-1l'], WHEELED);
    const juice = items.filter((b) => b.item.sku === 'juice-carton-1l');
    expect(juice.length).toBe(2);
    for (const b of juice) {
      expect(b.item.effector).toBe('suction');
      const outward = new Vector3(0, b.item.row === 'near' ? -1 : 1, 0);
      expect(b.axisX.dot(outward)).toBeCloseTo(1, 9);
    }
    // The biped has no cup: its grippers take the carton across its depth, side out, as before.
    const biped = await layOut(['juice-carton-1l'], BIPED);
    expect(biped.items[0]!.item.effector).toBe('gripper');
    expect(biped.items[0]!.axisY.dot(new Vector3(0, biped.items[0]!.item.row === 'near' ? -1 : 1, 0))).toBeCloseTo(
      1,
      9,
    );
  });

  it('names the robot without a hand', () => {
    expect(() => takersOf('can-330ml', [])).toThrow(/no hand/);
    expect(() => takersOf('no-such-thing', WHEELED)).toThrow(/unknown product 'no-such-thing'/);
  });
});
