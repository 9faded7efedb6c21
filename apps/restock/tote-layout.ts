import { Quaternion, Vector3 } from 'three';
import { findProduct } from '../../scenes/catalog.ts';
import type { ToteFixture, ResolvedFixture } from '../../scenes/schema.ts';
import { shapeBoundsM } from '../../scenes/shape-geometry.ts';
import type { Robot } from '../../hardware/robot.ts';
import { APPROACH_ACCURACY_M, PAD_CLEARANCE_M, armsFor, limitsOf } from '../../skills/arm/effectors.ts';
import { handBoxes } from '../../skills/grasping/approach-check.ts';
import { composePoses, type Pose } from '../../src/math/pose.ts';

/** Least room kept between two items of a row, m. */
export const TOTE_GAP_M = 0.02;
/** Room between an item and the long wall it is picked over, m: it stands clear of the wall, not against it. */
const WALL_GAP_M = 0.01;
/** Least room kept between an item and the tote's end walls, m: the arm comes in beside an end item too. */
const END_GAP_M = 0.04;
/**
 * Extra room beside an item the gripper takes, m: its side grasps of a round body come from up to 45° off the
 * wall's normal, and the palm of a hand turned so reaches farther along the row than one coming in square.
 */
const TURNED_HAND_M = 0.04;
/** Least room kept between the two rows, m. */
const ROW_GAP_M = 0.03;

/** One hand of the robot as the layout sizes room for it. */
export interface ToteHand {
  readonly kind: 'gripper' | 'suction';
  /** The gripper's full opening, or the cup's diameter, m. */
  readonly sizeM: number;
  /** The side of the robot the arm is on; undefined when the arm's name does not say. */
  readonly side?: 'left' | 'right';
  /** A cup's rated hold (vacuum × area), N; undefined for a gripper, or a cup whose rating is not known. */
  readonly holdForceN?: number;
}

/** The robot's hands the layout is sized for (at least one). */
export type ToteHands = readonly ToteHand[];

/** One product laid into a tote. */
export interface ToteItem {
  readonly sku: string;
  readonly poseInWorld: Pose;
  /** The long wall of the tote the item is picked over: its pick face looks out over it (tote frame, -y or +y). */
  readonly row: 'near' | 'far';
  /** The effector the layout expects to take it (its preferred one, else the robot's other kind). */
  readonly effector: 'gripper' | 'suction';
  /** Free room the open hand needs beside the item along the row, on each side, m. */
  readonly besideM: number;
}

/**
 * How many times its weight a cup must hold, as friction on a box's front (the load in shear), to take a box the
 * gripper would: a juice carton (1.05 kg, friction 0.5) in the wheeled robot's 58 N cup, 2.8; a bleach bottle
 * (1.13 kg, 0.45) 2.3 and a detergent bottle (1.6 kg, 0.4) 1.5 stay with the gripper. Chosen with the demo's seeds
 * 4 and 8: taken on the cup, a detergent bottle's place was refused once held (its as-held place stood on the lip)
 * and a bleach bottle's cup places into aisle-b/level-1/slot-6 were refused by the unit's side, leaving a gripper
 * hold along the row that closed empty and knocked it out of the tote.
 */
const CUP_SHEAR_MARGIN = 2.5;

/** Standard gravity, m/s². */
const GRAVITY_MPS2 = 9.81;

/**
 * The hands that will take a product: those of its preferred effector kind, or, on a robot without that kind (a
 * biped with a gripper on each arm takes boxes the cup would), those of the kind it has. A box the gripper would
 * take but cannot close across face-on (`tooWideForGrippers`) goes to a cup that holds it `CUP_SHEAR_MARGIN` times
 * over: the fingers could only close across its depth from a side, a hold that stands it a quarter turn off its
 * facing in a slot with neighbours (a juice carton's low slots leave no room to take it from above), while the cup
 * on its front pushes it in in line.
 */
export function takersOf(sku: string, hands: ToteHands): { kind: 'gripper' | 'suction'; hands: ToteHand[] } {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const weightN = product.massKg * GRAVITY_MPS2;
  const cups = hands.filter(
    (h) => h.kind === 'suction' && (h.holdForceN ?? 0) * product.friction >= CUP_SHEAR_MARGIN * weightN,
  );
  const toCup = product.preferredEffector === 'gripper' && tooWideForGrippers(sku, hands);
  const preferred = toCup && cups.length > 0 ? cups : hands.filter((h) => h.kind === product.preferredEffector);
  const taking = preferred.length > 0 ? preferred : [...hands];
  const kind = taking[0]?.kind;
  if (kind === undefined) throw new Error('the robot has no hand to take stock from a tote');
  return { kind, hands: taking.filter((h) => h.kind === kind) };
}

/**
 * Whether no gripper of the robot closes across the box's face-on width (its y extent) with the pads' clearance
 * (`limitsOf`'s) on each side: a juice carton's 95 mm face in a 100 mm gripper. False for round bodies and for a
 * robot without a gripper.
 */
export function tooWideForGrippers(sku: string, hands: ToteHands): boolean {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const grippers = hands.filter((h) => h.kind === 'gripper');
  if (product.shape.kind !== 'box' || grippers.length === 0) return false;
  const faceM = shapeBoundsM(product.shape)[1];
  return grippers.every((g) => faceM + 2 * PAD_CLEARANCE_M > g.sizeM);
}

/** How far an open hand reaches sideways from its grasp axis (fingers or palm, whichever is wider), m. */
export function handHalfWidthM(hand: ToteHand): number {
  const boxes = handBoxes(hand.kind, hand.kind === 'gripper' ? hand.sizeM : 0);
  const cupHalfM = hand.kind === 'suction' ? hand.sizeM / 2 : 0;
  return Math.max(cupHalfM, ...boxes.map((b) => b.halfExtentsM[1]));
}

/**
 * The heading (about z, in the tote frame) that turns a product's pick face toward `outwardRad`, the direction of
 * the wall it is picked over: the face the shelf place wants held. A box the cup takes shows its front (+x, the
 * face the cup holds while it pushes the item into its facing); a box the gripper takes shows its +y side (the
 * fingers close across its depth, front and back, as the shelf places want a box held); a round body shows its
 * front (the gripper closes across it from any side).
 */
export function pickFaceYawRad(sku: string, effector: 'gripper' | 'suction', outwardRad: number): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`unknown product '${sku}'`);
  const sideTaken = product.shape.kind === 'box' && effector === 'gripper';
  return sideTaken ? outwardRad - Math.PI / 2 : outwardRad;
}

/**
 * The room one product needs beside it along its row, on each side, m: the widest open hand that takes it (cup,
 * or palm and fingers) past the item's half extent along the row, plus the arm's approach accuracy (the hand may
 * come down that far off its plan), and for the gripper room for a hand turned up to 45° (`TURNED_HAND_M`).
 */
export function besideNeedM(takers: readonly ToteHand[], alongM: number): number {
  const turnedM = takers.some((h) => h.kind === 'gripper') ? TURNED_HAND_M : 0;
  const handM = Math.max(...takers.map(handHalfWidthM));
  return Math.max(0, handM + APPROACH_ACCURACY_M + turnedM - alongM / 2);
}

/** One end of a row as it fills toward the middle: how far in it reaches and what its last item needs beside it. */
class RowEnd {
  usedM = 0;
  lastBesideM = 0;
  deepestM = 0;
}

/**
 * Lays products into an open stock tray in two rows, one along each long wall, each item upright with its pick
 * face (`pickFaceYawRad`) looking out over the wall it stands by, so the robot standing at that side of the cart
 * takes it with a straight, level reach over the tray's low lip: the cup on its front, or the fingers across it at
 * the height the shelf places hold it. (An item whose pick face looks at a wall or a neighbour, or a side grasp
 * under a wall's top, cannot be taken at all.) Gaps along a row are sized from the hands that take each item
 * (`besideNeedM`); a hand's items stand at its own end of a row (seen from the side the row is picked from), so no
 * load is carried across its neighbours; items either hand may take fill whichever end has used less. Products
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
  // leftEnd: the tote's x sign of the robot's left end of the row, seen from where the row is picked.
  const rows = [
    { row: 'near' as const, outwardRad: -Math.PI / 2, sign: -1, leftEnd: -1, ends: [new RowEnd(), new RowEnd()] },
    { row: 'far' as const, outwardRad: Math.PI / 2, sign: 1, leftEnd: 1, ends: [new RowEnd(), new RowEnd()] },
  ];
  const deepestM = (r: (typeof rows)[number]): number => Math.max(...r.ends.map((e) => e.deepestM));
  for (const sku of skus) {
    const product = findProduct(sku);
    if (!product) throw new Error(`unknown product '${sku}'`);
    const [dx, dy, dz] = shapeBoundsM(product.shape);
    const takers = takersOf(sku, hands);
    const sides = new Set(takers.hands.map((h) => h.side));
    const side = sides.size === 1 ? [...sides][0] : undefined;
    const fit = rows
      .flatMap((r) => {
        const yawRad = pickFaceYawRad(sku, takers.kind, r.outwardRad);
        const c = Math.abs(Math.cos(yawRad));
        const s = Math.abs(Math.sin(yawRad));
        const alongM = c * dx + s * dy;
        const acrossM = s * dx + c * dy;
        const besideM = besideNeedM(takers.hands, alongM);
        // End 0 grows from -x, end 1 from +x. A hand's items go to its own end; either hand's to the emptier end.
        const endSigns =
          side === undefined
            ? r.ends[0]!.usedM <= r.ends[1]!.usedM
              ? [-1, 1]
              : [1, -1]
            : [side === 'left' ? r.leftEnd : -r.leftEnd];
        return endSigns.map((endSign) => {
          const end = r.ends[endSign < 0 ? 0 : 1]!;
          const other = r.ends[endSign < 0 ? 1 : 0]!;
          const startM = end.usedM + Math.max(end.usedM === 0 ? END_GAP_M : TOTE_GAP_M, end.lastBesideM, besideM);
          const middleM =
            other.usedM === 0 ? Math.max(END_GAP_M, besideM) : Math.max(TOTE_GAP_M, besideM, other.lastBesideM);
          const fitsAlong = startM + alongM + middleM + other.usedM <= ix + 1e-9;
          const otherRow = rows.find((o) => o !== r)!;
          const fitsAcross = WALL_GAP_M + acrossM + ROW_GAP_M + deepestM(otherRow) <= iy + 1e-9;
          return { r, end, endSign, yawRad, alongM, acrossM, besideM, startM, fits: fitsAlong && fitsAcross };
        });
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
    placed.push({
      sku,
      poseInWorld: composePoses(tote.poseInWorld, inTote),
      row: r.row,
      effector: takers.kind,
      besideM,
    });
  }
  return { placed, left };
}

/**
 * The hands a robot's effectors give the layout: each gripper's opening and each cup's diameter, with the side of
 * the robot its arm is on (read from the arm's name, `left…` or `right…`).
 */
export function toteHandsOf(robot: Robot): ToteHands {
  const hands = armsFor(robot, 'auto').map((entry): ToteHand => {
    const limits = limitsOf(entry);
    const side = entry.arm.name.startsWith('left') ? 'left' : entry.arm.name.startsWith('right') ? 'right' : undefined;
    return {
      kind: entry.kind,
      sizeM: entry.kind === 'gripper' ? limits.gripperMaxWidthM! : limits.suctionDiameterM!,
      ...(side ? { side } : {}),
      ...(entry.kind === 'suction' ? { holdForceN: entry.cup.ratedHoldForceN } : {}),
    };
  });
  if (hands.length === 0) throw new Error('the robot needs a gripper or a suction cup to restock from a tote');
  return hands;
}
