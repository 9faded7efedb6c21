import { Quaternion, Vector3 } from 'three';
import { findProduct } from '../../scenes/catalog.ts';
import type { ToteFixture, ResolvedFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import type { Robot } from '../../hardware/robot.ts';
import { APPROACH_ACCURACY_M, armsFor, limitsOf } from '../../skills/arm/effectors.ts';
import { handBoxes } from '../../skills/grasping/approach-check.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import { composePoses, type Pose } from '../../src/math/pose.ts';

/** Least room kept between two items of a row, m. */
export const TOTE_GAP_M = 0.02;
/** Room between an item and the long wall it is picked over, m: it stands clear of the wall, not against it. */
const WALL_GAP_M = 0.01;
/** Least room kept between an item and the tote's end walls, m: the arm comes in beside an end item too. */
const END_GAP_M = 0.04;
/** Least room kept between the two rows, m. */
const ROW_GAP_M = 0.03;

/** The robot's effectors the layout is sized for: the gripper's full opening and the suction cup's diameter. */
export interface ToteHands {
  readonly gripperMaxWidthM: number;
  readonly suctionDiameterM: number;
}

/** One product laid into a tote. */
export interface ToteItem {
  readonly sku: string;
  readonly poseInWorld: Pose;
  /** The long wall of the tote the item is picked over: its pick face looks out over it (tote frame, -y or +y). */
  readonly row: 'near' | 'far';
  /** Free room the open hand needs beside the item along the row, on each side, m. */
  readonly besideM: number;
}

/** How far the open hand reaches sideways from its grasp axis (fingers or palm, whichever is wider), m. */
export function handHalfWidthM(effector: 'gripper' | 'suction', hands: ToteHands): number {
  const boxes = handBoxes(effector, effector === 'gripper' ? hands.gripperMaxWidthM : 0);
  const cupHalfM = effector === 'suction' ? hands.suctionDiameterM / 2 : 0;
  return Math.max(cupHalfM, ...boxes.map((b) => b.halfExtentsM[1]));
}

/** How long the corridor a horizontal approach sweeps is, from the grasp point back to the hand's far end, m. */
export function approachCorridorM(effector: 'gripper' | 'suction', hands: ToteHands): number {
  const boxes = handBoxes(effector, effector === 'gripper' ? hands.gripperMaxWidthM : 0);
  const handDepthM = Math.max(...boxes.map((b) => b.halfExtentsM[2] - b.centreInTool.z));
  return PICK_DISTANCES.approachDistanceM + handDepthM;
}

/**
 * The heading (about z, in the tote frame) that turns a product's pick face toward `outwardRad`, the direction of
 * the wall it is picked over: the face the shelf place wants held. A box the cup takes shows its front (+x, the face
 * the cup holds while it pushes the item into its facing); a box the gripper takes shows its +y side (the fingers
 * close across its depth, front and back, as the shelf places of the 1 L cartons want); a round body shows its
 * front too (the gripper closes across it from any side).
 */
export function pickFaceYawRad(sku: string, outwardRad: number): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const sideTaken = product.shape.kind === 'box' && product.preferredEffector === 'gripper';
  return sideTaken ? outwardRad - Math.PI / 2 : outwardRad;
}

/**
 * The room one product needs beside it along its row, on each side, m: the open hand's half width (cup, or palm
 * and fingers) past the item's half extent along the row, plus the arm's approach accuracy (the hand may come
 * down that far off its plan).
 */
export function besideNeedM(sku: string, alongM: number, hands: ToteHands): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  return Math.max(0, handHalfWidthM(product.preferredEffector, hands) + APPROACH_ACCURACY_M - alongM / 2);
}

/**
 * Lays products into an open stock tray in two rows, one along each long wall, each item upright with its pick face
 * (`pickFaceYawRad`) looking out over the wall it stands by, so the robot standing at that side of the cart takes
 * it with a straight reach: the cup on its front, or the fingers across it, over the tray's low lip. An item far
 * from the side the robot stands at would be out of a horizontal reach, and one whose pick face looks at a wall or
 * a neighbour cannot be taken at all. Gaps along a row are sized from the robot's hands (`besideNeedM`). Products
 * are taken in order while they fit (the near row first); the rest are returned in `left` (the tote is refilled
 * when it runs empty).
 */
export function layOutTote(
  tote: ResolvedFixture & ToteFixture,
  skus: readonly string[],
  hands: ToteHands,
): { placed: ToteItem[]; left: string[] } {
  const [ix, iy] = tote.innerSizeM;
  const placed: ToteItem[] = [];
  const left: string[] = [];
  const rows = [
    { row: 'near' as const, outwardRad: -Math.PI / 2, sign: -1, usedM: 0, lastBesideM: 0, deepestM: 0 },
    { row: 'far' as const, outwardRad: Math.PI / 2, sign: 1, usedM: 0, lastBesideM: 0, deepestM: 0 },
  ];
  for (const sku of skus) {
    const product = findProduct(sku);
    if (!product) throw new Error(`unknown product '${sku}'`);
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    const fit = rows
      .map((r) => {
        const yawRad = pickFaceYawRad(sku, r.outwardRad);
        const c = Math.abs(Math.cos(yawRad));
        const s = Math.abs(Math.sin(yawRad));
        const alongM = c * dx + s * dy;
        const acrossM = s * dx + c * dy;
        const besideM = besideNeedM(sku, alongM, hands);
        const startM = r.usedM + Math.max(r.usedM === 0 ? END_GAP_M : TOTE_GAP_M, r.lastBesideM, besideM);
        return { r, yawRad, alongM, acrossM, besideM, startM };
      })
      .find(({ r, alongM, acrossM, besideM, startM }) => {
        const other = rows.find((o) => o !== r)!;
        const fitsAlong = startM + alongM + Math.max(END_GAP_M, besideM) <= ix + 1e-9;
        const fitsAcross = WALL_GAP_M + acrossM + ROW_GAP_M + other.deepestM <= iy + 1e-9;
        return fitsAlong && fitsAcross;
      });
    if (!fit) {
      left.push(sku);
      continue;
    }
    const { r, yawRad, alongM, acrossM, besideM, startM } = fit;
    r.usedM = startM + alongM;
    r.lastBesideM = besideM;
    r.deepestM = Math.max(r.deepestM, WALL_GAP_M + acrossM);
    const x = -ix / 2 + startM + alongM / 2;
    const y = r.sign * (iy / 2 - WALL_GAP_M - acrossM / 2);
    const inTote = {
      position: new Vector3(x, y, tote.wallThicknessM + dz / 2 + 0.001),
      quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yawRad),
    };
    placed.push({ sku, poseInWorld: composePoses(tote.poseInWorld, inTote), row: r.row, besideM });
  }
  return { placed, left };
}

/** The hands a robot's effectors give the layout: its gripper's opening and pad clearance, its cup's diameter. */
export function toteHandsOf(robot: Robot): ToteHands {
  const limits = armsFor(robot, 'auto').map((entry) => limitsOf(entry));
  const gripper = limits.find((l) => l.gripperMaxWidthM !== undefined);
  const cup = limits.find((l) => l.suctionDiameterM !== undefined);
  if (!gripper || !cup) throw new Error(`the robot needs a gripper and a suction cup to restock from a tote`);
  return {
    gripperMaxWidthM: gripper.gripperMaxWidthM!,
    suctionDiameterM: cup.suctionDiameterM!,
  };
}
