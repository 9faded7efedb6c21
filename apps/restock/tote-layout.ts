import { Quaternion, Vector3 } from 'three';
import { findProduct } from '../../scenes/catalog.ts';
import type { ToteFixture, ResolvedFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import type { Robot } from '../../hardware/robot.ts';
import { armsFor, limitsOf } from '../../skills/arm/effectors.ts';
import { handBoxes } from '../../skills/grasping/approach-check.ts';
import { PICK_DISTANCES } from '../../skills/planning/pick-motion.ts';
import { composePoses, type Pose } from '../../src/math/pose.ts';

/** Least room kept between an item and a tote wall or its neighbour, m: a finger fits between. */
export const TOTE_GAP_M = 0.05;
/** Least room kept between an item and the tote's end walls, m. */
const WALL_MARGIN_M = 0.06;
/** Least room between an item and the long wall behind it, m: a finger of a top grasp goes down there. */
const BACK_GAP_M = 0.05;

/** The robot's effectors the layout is sized for: the gripper's full opening and the suction cup's diameter. */
export interface ToteHands {
  readonly gripperMaxWidthM: number;
  readonly suctionDiameterM: number;
}

/** One product laid into a tote. */
export interface ToteItem {
  readonly sku: string;
  readonly poseInWorld: Pose;
  /** Free room the item's grasp needs beside it along the tote's long axis, m: toward -x and toward +x. */
  readonly clearanceM: readonly [number, number];
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
 * The room one product needs on each side along the tote's long axis (its facing width runs along it), m: the
 * open hand's half width beside it (cup or palm and fingers). A product the gripper takes needs, on the -x side (its
 * +y side, turned a quarter, where the shelf places want it held: the demo's plans of the 1 L carton and the sauce
 * jar wanted that side), a whole side-approach corridor instead.
 */
export function clearanceNeedM(sku: string, hands: ToteHands): [number, number] {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const alongM = shapeBoundsM(product.shape)[1];
  const effector = product.preferredEffector;
  const besideM = Math.max(0, handHalfWidthM(effector, hands) - alongM / 2);
  return effector === 'suction' ? [besideM, besideM] : [approachCorridorM(effector, hands), besideM];
}

/**
 * Lays products into an open tote in one row along its far long wall, each standing upright turned a quarter (its
 * facing width along the tote, its +y side toward -x) so the robot at the near side has open room in front of it.
 * Gaps are sized from the robot's hands (`clearanceNeedM`), not fixed: the open hand fits beside each item and a side grasp
 * along the row gets its whole approach corridor. Products are taken in order while they fit; the rest are
 * returned in `left` (the tote is refilled when it runs empty).
 */
export function layOutTote(
  tote: ResolvedFixture & ToteFixture,
  skus: readonly string[],
  hands: ToteHands,
): { placed: ToteItem[]; left: string[] } {
  const [ix, iy] = tote.innerSizeM;
  const placed: ToteItem[] = [];
  const left: string[] = [];
  const turn = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), Math.PI / 2);
  // Where the free room beside the last item placed ends (its +x need), measured from the -x inner wall.
  let usedM = 0;
  let lastNeedM = WALL_MARGIN_M;
  for (const sku of skus) {
    const product = findProduct(sku);
    if (!product) throw new Error(`unknown product '${sku}'`);
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    const [needLowM, needHighM] = clearanceNeedM(sku, hands);
    const gapM = Math.max(placed.length === 0 ? WALL_MARGIN_M : TOTE_GAP_M, lastNeedM, needLowM);
    const startM = usedM + gapM;
    const fits = startM + dy + Math.max(WALL_MARGIN_M, needHighM) <= ix + 1e-9;
    const backM = Math.max(BACK_GAP_M, handHalfWidthM(product.preferredEffector, hands) - dx / 2);
    if (!fits || backM + dx > iy) {
      left.push(sku);
      continue;
    }
    const x = -ix / 2 + startM + dy / 2;
    const y = iy / 2 - backM - dx / 2;
    usedM = startM + dy;
    lastNeedM = needHighM;
    const inTote = { position: new Vector3(x, y, tote.wallThicknessM + dz / 2 + 0.001), quaternion: turn.clone() };
    placed.push({
      sku,
      poseInWorld: composePoses(tote.poseInWorld, inTote),
      clearanceM: [needLowM, needHighM],
    });
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
