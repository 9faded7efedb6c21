import type { Quaternion } from 'three';
import { Vector3 } from 'three';
import { TRIAL_PROTOCOL } from './protocol.ts';

// When the palm carries the load (`palm_contact`), judged alike by the trials (run-chunk.ts) and the MuJoCo referee
// (apps/verify/mujoco-replay.ts): not on any touch, but when the palm's normal force stays above a share of the
// weight's part along the approach (the part a palm can carry) through a whole check window.

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

/**
 * Counts, step by step, how long the palm has carried its share of the load. `carrying` is true once the palm's
 * normal force has stayed above `TRIAL_PROTOCOL.palmLoadShare` of the weight into the palm for a whole check window.
 */
export class PalmLoadWatch {
  private run = 0;
  private readonly thresholdN: number;

  constructor(weightIntoPalm: number) {
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
}
