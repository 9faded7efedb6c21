import { Quaternion, Vector3 } from 'three';
import { findProduct } from '../../scenes/catalog.ts';
import type { ToteFixture, ResolvedFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import { composePoses, type Pose } from '../../src/math/pose.ts';

/** Room kept between an item and a tote wall or its neighbour, m: a finger fits between. */
export const TOTE_GAP_M = 0.05;
/** Room kept between an item and the tote's end walls, m. */
const WALL_MARGIN_M = 0.06;
/** Room kept between a row's items and the tote's long centre line, m: the two rows stand back to back. */
const CENTRE_GAP_M = 0.02;
/** Preferred room between a row's items and the long centre line, m: the fingers of a top grasp fit behind. */
const ROW_OFFSET_M = 0.04;
/** Least room between an item and the long wall behind it, m: a finger goes down there. */
const BACK_GAP_M = 0.05;

/** One product laid into a tote. */
export interface ToteItem {
  readonly sku: string;
  readonly poseInWorld: Pose;
}

/**
 * Lays products into an open tote in two rows back to back along its long centre line, with finger room to the
 * walls, so each row is picked from its own side of the cart. Each product stands upright with its wide face along the tote's long axis: a robot facing the tote
 * holds it as it will face the aisle when the robot faces a shelf. Products are taken in order while they fit;
 * the rest are returned in `left`.
 */
export function layOutTote(
  tote: ResolvedFixture & ToteFixture,
  skus: readonly string[],
): { placed: ToteItem[]; left: string[] } {
  const [ix, iy] = tote.innerSizeM;
  // Each row fills from the -x end; `used` is how far along x it is filled.
  const rows = [
    { side: -1, used: 0 },
    { side: 1, used: 0 },
  ];
  const placed: ToteItem[] = [];
  const left: string[] = [];
  const turn = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2);
  for (const sku of skus) {
    const product = findProduct(sku);
    if (!product) throw new Error(`unknown product '${sku}'`);
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    // Turned a quarter: the product's width (y) runs along the tote's x, its depth (x) across.
    const alongM = dy;
    const acrossM = dx;
    const row = rows
      .filter((r) => WALL_MARGIN_M + r.used + alongM + WALL_MARGIN_M <= ix + 1e-9)
      .sort((a, b) => a.used - b.used)[0];
    if (row === undefined || CENTRE_GAP_M + acrossM + BACK_GAP_M > iy / 2) {
      left.push(sku);
      continue;
    }
    const x = -ix / 2 + WALL_MARGIN_M + row.used + alongM / 2;
    // Far enough off the centre line that a gripper closing across the tote clears the row behind: the
    // pick-and-place planner rejects a grasp whose fingers would touch a neighbour.
    const centreY = Math.min(ROW_OFFSET_M + acrossM / 2, iy / 2 - BACK_GAP_M - acrossM / 2);
    const y = row.side * centreY;
    row.used += alongM + TOTE_GAP_M;
    const inTote = { position: new Vector3(x, y, tote.wallThicknessM + dz / 2 + 0.001), quaternion: turn.clone() };
    placed.push({ sku, poseInWorld: composePoses(tote.poseInWorld, inTote) });
  }
  return { placed, left };
}
