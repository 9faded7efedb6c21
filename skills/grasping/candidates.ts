import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Pose } from '../../src/math/pose.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';

/** Which kind of end effector a grasp is for. */
export type EffectorKind = 'gripper' | 'suction';

/**
 * One way to hold an object, in the object's frame. The tool frame follows the robots' convention: z along the
 * approach (into the object), y along the finger motion, origin at the grasp point (between the pads, or on the
 * cup face).
 */
export interface GraspCandidate {
  readonly effector: EffectorKind;
  readonly toolInObject: Pose;
  /** Object width between the pads (gripper only), m. */
  readonly widthM?: number;
  /** Geometric quality 0..1: contact area, margin in the opening, depth of the hold. */
  readonly quality: number;
  readonly label: string;
}

/** What the effectors can take: gripper opening and finger length, cup diameter. */
export interface EffectorLimits {
  readonly gripperMaxWidthM?: number;
  readonly suctionDiameterM?: number;
  /**
   * Free space the open pads need on each side of the object, m: the hand's approach accuracy (how far off the
   * planned grasp the pads may come down) plus a contact margin. 8 mm when not given.
   */
  readonly padClearanceM?: number;
}

/** Pad clearance when the caller knows nothing of the robot's accuracy, m. */
const DEFAULT_PAD_CLEARANCE_M = 0.008;
/**
 * How deep the pads reach past the grasp point toward the object's far side, m (pads end 15 mm past it). The
 * palm then just meets the face the fingers enter by; it may push the object into the table while the fingers
 * close, which is why `grasp` tares the wrist in free air before it closes.
 */
const GRASP_DEPTH_M = 0.035;
/** A suction face must be wider than the cup by this much on each side, m. */
const SUCTION_MARGIN_M = 0.004;
const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)] as const;

/** A tool pose from approach (z) and closing (y) directions and a grasp point, all in the object frame. */
export function toolFrame(point: Vector3, approach: Vector3, closing: Vector3): Pose {
  const z = approach.clone().normalize();
  const y = closing
    .clone()
    .sub(z.clone().multiplyScalar(closing.dot(z)))
    .normalize();
  const x = y.clone().cross(z);
  const quaternion = new Quaternion().setFromRotationMatrix(new Matrix4().makeBasis(x, y, z));
  return { position: point.clone(), quaternion };
}

/**
 * Every grasp the geometry allows, unranked: antipodal pairs of parallel box faces or cylinder sides that fit
 * the opening, and flat faces (or round caps) large enough for the cup. Meshes are treated as their bounds.
 *
 * @example
 * graspCandidates({ kind: 'cylinder', radiusM: 0.033, heightM: 0.115 }, { gripperMaxWidthM: 0.1 })
 */
export function graspCandidates(shape: ObjectShape, limits: EffectorLimits): GraspCandidate[] {
  const round = shape.kind === 'cylinder' || shape.kind === 'capsule' || shape.kind === 'sphere';
  return round ? roundCandidates(shape, limits) : boxCandidates(shapeHalfExtents(shape), limits);
}

function boxCandidates(half: readonly [number, number, number], limits: EffectorLimits): GraspCandidate[] {
  const out: GraspCandidate[] = [];
  for (let n = 0; n < 3; n++) {
    for (const sign of [1, -1]) {
      const normal = AXES[n]!.clone().multiplyScalar(sign);
      const approach = normal.clone().negate();
      const depth = Math.max(0, half[n]! - GRASP_DEPTH_M);
      const point = normal.clone().multiplyScalar(depth);
      const faceName = `${sign > 0 ? '+' : '-'}${'xyz'[n]}`;
      const others = [0, 1, 2].filter((i) => i !== n);
      const max = limits.gripperMaxWidthM;
      for (const c of max === undefined ? [] : others) {
        const widthM = 2 * half[c]!;
        if (widthM + 2 * (limits.padClearanceM ?? DEFAULT_PAD_CLEARANCE_M) > max!) continue;
        const along = others.find((i) => i !== c)!;
        // Wider contact faces and a deeper hold are better; a width near the opening leaves no margin for error.
        const quality =
          0.4 * Math.min(1, (2 * half[along]!) / 0.06) +
          0.3 * Math.min(1, half[n]! / GRASP_DEPTH_M) +
          0.3 * (1 - widthM / max!);
        for (const flip of [1, -1]) {
          const closing = AXES[c]!.clone().multiplyScalar(flip);
          out.push({
            effector: 'gripper',
            toolInObject: toolFrame(point, approach, closing),
            widthM,
            quality,
            label: `gripper ${faceName} face, close along ${'xyz'[c]}${flip > 0 ? '' : ' (flipped)'}`,
          });
        }
      }
      const cup = limits.suctionDiameterM;
      if (cup === undefined) continue;
      const faceMinM = 2 * Math.min(...others.map((i) => half[i]!));
      if (faceMinM < cup + 2 * SUCTION_MARGIN_M) continue;
      const facePoint = normal.clone().multiplyScalar(half[n]!);
      const quality = 0.6 + 0.4 * Math.min(1, faceMinM / (3 * cup));
      for (let k = 0; k < 4; k++) {
        const closing = AXES[others[0]!]!.clone().applyAxisAngle(normal, (k * Math.PI) / 2);
        out.push({
          effector: 'suction',
          toolInObject: toolFrame(facePoint, approach, closing),
          quality,
          label: `suction ${faceName} face #${k}`,
        });
      }
    }
  }
  return out;
}

const ROUND_SAMPLES = 8;
/** A round body this many diameters tall (or more) is "tall": taken from the side, high up. */
const TALL_RATIO = 2.5;
/** Side grasps of tall bodies sit this far below the top, so the hand and wrist stay high above the support, m. */
const TALL_SIDE_FROM_TOP_M = 0.05;

function roundCandidates(
  shape: Extract<ObjectShape, { kind: 'cylinder' | 'capsule' | 'sphere' }>,
  limits: EffectorLimits,
): GraspCandidate[] {
  const out: GraspCandidate[] = [];
  const r = shape.radiusM;
  const halfZ = shapeHalfExtents(shape)[2];
  const z = new Vector3(0, 0, 1);
  const max = limits.gripperMaxWidthM;
  const fits = max !== undefined && 2 * r + 2 * (limits.padClearanceM ?? DEFAULT_PAD_CLEARANCE_M) <= max;
  for (let k = 0; k < ROUND_SAMPLES; k++) {
    const angle = (2 * Math.PI * k) / ROUND_SAMPLES;
    const radial = new Vector3(Math.cos(angle), Math.sin(angle), 0);
    const tangent = z.clone().cross(radial);
    if (fits) {
      const margin = 1 - (2 * r) / max;
      // From above: the pads close across the diameter near the top.
      const topPoint = z.clone().multiplyScalar(Math.max(0, halfZ - GRASP_DEPTH_M));
      out.push({
        effector: 'gripper',
        toolInObject: toolFrame(topPoint, z.clone().negate(), radial),
        widthM: 2 * r,
        quality: 0.7 + 0.3 * margin,
        label: `gripper top, closing at ${Math.round((angle * 180) / Math.PI)}°`,
      });
      // From the side: the pads close across the diameter, the fingers horizontal; at mid height, or high up on a
      // tall body (the wrist then clears the support), with the hand either way up (one of them keeps the wrist high).
      if (shape.kind !== 'sphere') {
        const tall = 2 * halfZ >= TALL_RATIO * 2 * r;
        const heightM = tall ? Math.max(0, halfZ - TALL_SIDE_FROM_TOP_M) : 0;
        const sidePoint = radial
          .clone()
          .multiplyScalar(Math.max(0, r - GRASP_DEPTH_M))
          .setZ(heightM);
        for (const flip of tall ? [1, -1] : [1]) {
          const label = `gripper side at ${Math.round((angle * 180) / Math.PI)}°${flip > 0 ? '' : ' (flipped)'}`;
          out.push({
            effector: 'gripper',
            toolInObject: toolFrame(sidePoint, radial.clone().negate(), tangent.clone().multiplyScalar(flip)),
            widthM: 2 * r,
            quality: 0.75 + 0.25 * margin,
            label,
          });
        }
      }
    }
    const cup = limits.suctionDiameterM;
    if (cup !== undefined && shape.kind === 'cylinder' && 2 * r >= cup + 2 * SUCTION_MARGIN_M) {
      // The flat cap seals; the curved side does not.
      out.push({
        effector: 'suction',
        toolInObject: toolFrame(z.clone().multiplyScalar(halfZ), z.clone().negate(), radial),
        quality: 0.5,
        label: `suction top cap #${k}`,
      });
    }
  }
  return out;
}
