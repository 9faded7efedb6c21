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
/**
 * Extra room beside an item the gripper takes, m: its side grasps of a round body come from up to 45° off the
 * wall's normal, and the palm of a hand turned so reaches farther along the row than one coming in square (seed 1
 * at 19ceeab: the gripper's base hit the pasta box beside a chips can taken from 135°).
 */
const TURNED_HAND_M = 0.04;
/** Least room kept between the two rows, m. */
const ROW_GAP_M = 0.03;

/** The robot's effectors the layout is sized for: the gripper's full opening and the suction cup's diameter. */
export interface ToteHands {
  readonly gripperMaxWidthM: number;
  readonly suctionDiameterM: number;
  /** Which arm holds the cup (the other holds the gripper). */
  readonly cupArm: 'left' | 'right';
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
 * down that far off its plan), and for the gripper room for a hand turned up to 45° (`TURNED_HAND_M`).
 */
export function besideNeedM(sku: string, alongM: number, hands: ToteHands): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const turnedM = product.preferredEffector === 'gripper' ? TURNED_HAND_M : 0;
  return Math.max(0, handHalfWidthM(product.preferredEffector, hands) + APPROACH_ACCURACY_M + turnedM - alongM / 2);
}

/**
 * Lays products into an open stock tray in two rows, one along each long wall, each item upright with its pick face
 * (`pickFaceYawRad`) looking out over the wall it stands by, so the robot standing at that side of the cart takes
 * it with a straight reach: the cup on its front, or the fingers across it, over the tray's low lip. An item far
 * from the side the robot stands at would be out of a horizontal reach, and one whose pick face looks at a wall or
 * a neighbour cannot be taken at all. Gaps along a row are sized from the robot's hands (`besideNeedM`); each
 * hand's items stand at its own end of a row. Products are taken in order while they fit (the near row first); the rest are returned in `left` (the tote is refilled
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
  // Each row fills from both ends: the items of the robot's left hand from its left (seen from the side the robot
  // picks the row from), those of its right hand from its right, so no load is carried across its neighbours.
  const rows = [
    { row: 'near' as const, outwardRad: -Math.PI / 2, sign: -1, leftEnd: -1, ends: [new RowEnd(), new RowEnd()] },
    { row: 'far' as const, outwardRad: Math.PI / 2, sign: 1, leftEnd: 1, ends: [new RowEnd(), new RowEnd()] },
  ];
  const deepestM = (r: (typeof rows)[number]): number => Math.max(...r.ends.map((e) => e.deepestM));
  for (const sku of skus) {
    const product = findProduct(sku);
    if (!product) throw new Error(`unknown product '${sku}'`);
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    const onLeft = (product.preferredEffector === 'suction') === (hands.cupArm === 'left');
    const fit = rows
      .map((r) => {
        const yawRad = pickFaceYawRad(sku, r.outwardRad);
        const c = Math.abs(Math.cos(yawRad));
        const s = Math.abs(Math.sin(yawRad));
        const alongM = c * dx + s * dy;
        const acrossM = s * dx + c * dy;
        const besideM = besideNeedM(sku, alongM, hands);
        // End 0 grows from -x, end 1 from +x.
        const endSign = onLeft ? r.leftEnd : -r.leftEnd;
        const end = r.ends[endSign < 0 ? 0 : 1]!;
        const other = r.ends[endSign < 0 ? 1 : 0]!;
        const startM = end.usedM + Math.max(end.usedM === 0 ? END_GAP_M : TOTE_GAP_M, end.lastBesideM, besideM);
        const middleM =
          other.usedM === 0 ? Math.max(END_GAP_M, besideM) : Math.max(TOTE_GAP_M, besideM, other.lastBesideM);
        const fitsAlong = startM + alongM + middleM + other.usedM <= ix + 1e-9;
        const otherRow = rows.find((o) => o !== r)!;
        const fitsAcross = WALL_GAP_M + acrossM + ROW_GAP_M + deepestM(otherRow) <= iy + 1e-9;
        return { r, end, endSign, yawRad, alongM, acrossM, besideM, startM, fits: fitsAlong && fitsAcross };
      })
      .find((f) => f.fits);
    if (!fit) {
      left.push(sku);
      continue;
    }
    const { r, end, endSign, yawRad, alongM, acrossM, besideM, startM } = fit;
    end.usedM = startM + alongM;
    end.lastBesideM = besideM;
    end.deepestM = Math.max(end.deepestM, WALL_GAP_M + acrossM);
    const x = endSign * (ix / 2 - startM - alongM / 2);
    const y = r.sign * (iy / 2 - WALL_GAP_M - acrossM / 2);
    const inTote = {
      position: new Vector3(x, y, tote.wallThicknessM + dz / 2 + 0.001),
      quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), yawRad),
    };
    placed.push({ sku, poseInWorld: composePoses(tote.poseInWorld, inTote), row: r.row, besideM });
  }
  return { placed, left };
}

/** One end of a row as it fills toward the middle: how far in it reaches and what the last item needs beside it. */
class RowEnd {
  usedM = 0;
  lastBesideM = 0;
  deepestM = 0;
}

/** The hands a robot's effectors give the layout: its gripper's opening and pad clearance, its cup's diameter. */
export function toteHandsOf(robot: Robot): ToteHands {
  const entries = armsFor(robot, 'auto');
  const limits = entries.map((entry) => limitsOf(entry));
  const gripper = limits.find((l) => l.gripperMaxWidthM !== undefined);
  const cup = limits.find((l) => l.suctionDiameterM !== undefined);
  if (!gripper || !cup) throw new Error(`the robot needs a gripper and a suction cup to restock from a tote`);
  const cupEntry = entries.find((e) => e.kind === 'suction')!;
  return {
    gripperMaxWidthM: gripper.gripperMaxWidthM!,
    suctionDiameterM: cup.suctionDiameterM!,
    cupArm: cupEntry.arm.name.startsWith('right') ? 'right' : 'left',
  };
}
