import { Vector3 } from 'three';
import type { ParallelGripper } from '../../hardware/end-effector.ts';
import { composePoses, invertPose, type Pose } from '../../src/math/pose.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { padPatch, type PadPatch } from './pad-patch.ts';
import { GRAVITY_MPS2 } from './wrench.ts';

/** Margin over the force that just holds: carrying accelerates the payload, and friction estimates are rough. */
const SAFETY_FACTOR = 2.5;
/** Below this the pads do not settle on a surface reliably, N. */
const MIN_GRIP_FORCE_N = 10;
/** Friction is taken within these bounds: the pads are rubber (μ 1, the contact takes the lower of the two). */
const FRICTION_RANGE = [0.1, 1] as const;

/** How a squeeze was sized. */
export interface GripSqueeze {
  /** The squeeze to command, N: the holding force × the safety factor, within the gripper's range. */
  readonly forceN: number;
  /** The squeeze that just holds the object still in the pads, N. */
  readonly holdN: number;
  /** Moment of the weight about the closing axis, through the pads' contact patch, N·m. */
  readonly torqueNm: number;
  /** The contact patch, when the grasp and the pads were known. */
  readonly patch?: PadPatch;
}

/**
 * The squeeze that holds `object` by friction with two pads, or a `no-grasp` failure when no force within the
 * gripper's rating holds it.
 *
 * Each pad carries half the weight's load along the pad face and half its moment about the closing axis, taken
 * through the pad's contact patch (an off-centre grasp: a carton held by its near end, the weight acting a few cm
 * deeper). A pad pressing with F resists a load f and a twist t together while (f / μF)² + (t / μFρ)² ≤ 1, the
 * elliptic limit surface of a patch whose torsional friction is μ·F·ρ (ρ the patch's mean distance from its
 * centroid). So F ≥ √(f² + (t/ρ)²) / μ, then the safety factor, clipped to the gripper's range. Without the grasp
 * and the pads' geometry the moment is unknown and the weight alone sizes it (F ≥ m·g / 2μ).
 *
 * @example
 * gripSqueezeFor({ massKg: 0.35, friction: 0.4, ... }, gripper) // forceN ≈ 10.7 N
 */
export function gripSqueezeFor(
  object: Pick<KnownObject, 'id' | 'massKg' | 'friction'> & Partial<Pick<KnownObject, 'shape' | 'poseInWorld'>>,
  gripper: Pick<ParallelGripper, 'maxForceN' | 'pads'>,
  toolInWorld?: Pose,
): GripSqueeze {
  const mu = Math.max(FRICTION_RANGE[0], Math.min(object.friction, FRICTION_RANGE[1]));
  const weightInWorld = new Vector3(0, 0, -object.massKg * GRAVITY_MPS2);
  const { pads } = gripper;
  let holdN = weightInWorld.length() / 2 / mu;
  let torqueNm = 0;
  let patch: PadPatch | undefined;
  if (toolInWorld !== undefined && pads !== undefined && object.shape && object.poseInWorld) {
    const objectInTool = composePoses(invertPose(toolInWorld), object.poseInWorld);
    patch = padPatch(object.shape, objectInTool, pads);
    if (patch === undefined) {
      throw new SkillFailure('no-grasp', `the pads do not reach '${object.id}' at this grasp`, {
        detail: { objectId: object.id },
      });
    }
    const weight = weightInWorld.applyQuaternion(toolInWorld.quaternion.clone().invert());
    // The weight acts at the centre of mass (the object's origin); the pads push at the patch centroid.
    const leverX = objectInTool.position.x - patch.centroidM[0];
    const leverZ = objectInTool.position.z - patch.centroidM[1];
    torqueNm = leverZ * weight.x - leverX * weight.z;
    const perPadLoadN = Math.hypot(weight.x, weight.z) / 2;
    const perPadTwistNm = Math.abs(torqueNm) / 2;
    const twistAsLoadN = perPadTwistNm === 0 ? 0 : perPadTwistNm / patch.torsionRadiusM;
    holdN = Math.hypot(perPadLoadN, twistAsLoadN) / mu;
  }
  if (!(holdN <= gripper.maxForceN)) {
    const why =
      torqueNm === 0
        ? `its weight needs ${holdN.toFixed(1)} N of squeeze at μ ${mu}`
        : `its weight and its ${(torqueNm * 1000).toFixed(0)} N·mm moment about the pads need ` +
          `${holdN.toFixed(1)} N of squeeze at μ ${mu}`;
    throw new SkillFailure(
      'no-grasp',
      `no squeeze holds '${object.id}': ${why}, the gripper gives ${gripper.maxForceN} N`,
      {
        detail: { objectId: object.id, holdN, maxForceN: gripper.maxForceN, torqueNm },
      },
    );
  }
  const forceN = Math.min(gripper.maxForceN, Math.max(MIN_GRIP_FORCE_N, SAFETY_FACTOR * holdN));
  return { forceN, holdN, torqueNm, ...(patch === undefined ? {} : { patch }) };
}

/**
 * The squeeze force for `object` (see `gripSqueezeFor`), N; throws a `no-grasp` failure when none holds it.
 *
 * @example
 * gripForceFor({ massKg: 0.35, friction: 0.4, ... }, gripper) // ≈ 10.7 N
 */
export function gripForceFor(
  object: Parameters<typeof gripSqueezeFor>[0],
  gripper: Parameters<typeof gripSqueezeFor>[1],
  toolInWorld?: Pose,
): number {
  return gripSqueezeFor(object, gripper, toolInWorld).forceN;
}
