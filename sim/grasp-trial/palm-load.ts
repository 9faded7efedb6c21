import type { Matrix4, Quaternion } from 'three';
import { Vector3 } from 'three';
import { PARALLEL_JAW_LAW } from '../effectors/parallel-jaw.ts';
import type { SimShape } from '../shapes.ts';
import { padPatchesKnown, weightOnPads } from './pads-carry.ts';
import { TRIAL_PROTOCOL } from './protocol.ts';
import type { ParallelJawModel } from './types.ts';

// When the palm carries the load (`palm_contact`), judged alike by the trials (run-chunk.ts) and the MuJoCo referee
// (apps/verify/mujoco-replay.ts): not on any touch, but when the palm's normal force stays above a share of the
// weight's part along the approach (the part a palm can carry) through a whole check window, and the pads alone could
// not carry the object where it sits.

/**
 * The weight's part pressing the object into the palm, N: m·g along −z of the gripper frame (+z is the approach,
 * from the palm out to the pads), 0 when gravity pulls the object away from the palm.
 */
export function weightIntoPalmN(gravityInGripper: { readonly z: number }, massKg: number): number {
  return Math.max(0, -gravityInGripper.z) * massKg;
}

/** Gravity (m/s²) in the gripper's frame, for a gripper turned `gripperRotation` in a world with `gravity`. */
export function gravityInGripper(
  gravity: { readonly x: number; readonly y: number; readonly z: number },
  gripperRotation: Quaternion,
): Vector3 {
  return new Vector3(gravity.x, gravity.y, gravity.z).applyQuaternion(gripperRotation.clone().invert());
}

/** What the palm judge knows of a trial besides each engine's palm force: all of it shared by both engines. */
export interface PalmJudgeInput {
  readonly jaw: ParallelJawModel;
  readonly shape: SimShape;
  /** Gravity in the gripper's frame, m/s² (`gravityInGripper`). */
  readonly gravityInGripperMps2: Vector3;
  readonly massKg: number;
  /** The object surface's μ (the pads' contacts take min(μ, the pads' own)). */
  readonly friction: number;
  /** The commanded squeeze per pad, N (the trial's effort). */
  readonly squeezeN: number;
}

/**
 * The palm judge (`palm_contact`, protocol 7): counts, step by step, how long the palm has carried its share of the
 * load, and fails a grasp when it has through a whole check window and the pads alone could not carry the object
 * where it sits. `carrying` is true once the palm's normal force has stayed above `TRIAL_PROTOCOL.palmLoadShare` of
 * the weight into the palm for a whole check window (each engine's own reading). An object on both the palm and the
 * pads is statically undetermined, so how an engine splits its load between them is no judge's business: Rapier left
 * it on the palm where MuJoCo handed it to the pads. What decides is whether the pads alone could carry it, from what
 * both engines share (`fails`).
 */
export class PalmLoadWatch {
  private run = 0;
  private readonly thresholdN: number;

  constructor(private readonly input: PalmJudgeInput) {
    const weightIntoPalm = weightIntoPalmN(input.gravityInGripperMps2, input.massKg);
    // Gravity pulling away from the palm: nothing for the palm to carry, so no force is its load.
    this.thresholdN = weightIntoPalm > 0 ? TRIAL_PROTOCOL.palmLoadShare * weightIntoPalm : Infinity;
  }

  /** The palm's normal force on the object over the step just taken, N. */
  step(palmForceN: number): void {
    this.run = palmForceN > this.thresholdN ? this.run + 1 : 0;
  }

  get carrying(): boolean {
    return this.run >= TRIAL_PROTOCOL.checkEverySteps;
  }

  /**
   * Whether the grasp fails `palm_contact` at a check, the object at `objectInGripper()` (its shape's frame in the
   * gripper's, read only when the palm is carrying): the palm carrying, and the weight there over what the pads' friction carries alone, its force and its
   * moment about the closing axis through the pads' patches on their limit surface, with the commanded squeeze and
   * the most spin friction the patches give (pads-carry.ts). The patches are found for boxes and cylinders; on other
   * shapes the palm carrying fails the grasp, as in protocols 5-6.
   */
  fails(objectInGripper: () => Matrix4): boolean {
    if (!this.carrying) return false;
    const { jaw, shape, gravityInGripperMps2, massKg, friction, squeezeN } = this.input;
    if (!padPatchesKnown(shape)) return true;
    const weightN = gravityInGripperMps2.clone().multiplyScalar(massKg);
    const mu = Math.min(friction, PARALLEL_JAW_LAW.padFriction);
    return weightOnPads(jaw, shape, objectInGripper(), weightN, squeezeN, mu) > 1;
  }
}
