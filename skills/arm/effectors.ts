import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { ParallelGripper, SuctionCup } from '../../hardware/end-effector.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { EffectorKind, EffectorLimits } from '../grasping/candidates.ts';
import { POSITION_TOLERANCE_M } from './reachability.ts';

/** An arm and what it carries. */
export type ArmWithEffector =
  | { readonly arm: Arm; readonly kind: 'gripper'; readonly gripper: ParallelGripper }
  | { readonly arm: Arm; readonly kind: 'suction'; readonly cup: SuctionCup };

/** What a skill may ask for: one effector kind, or whichever the geometry favours. */
export type EffectorChoice = EffectorKind | 'auto';

/** The `effector` input of the skills that grasp: `auto` (what the object suits), `gripper` or `suction`. */
export const EffectorInput = z.enum(['auto', 'gripper', 'suction']).default('auto');

/** Arms whose mounted effector matches the choice, in the robot's arm order. */
export function armsFor(robot: Robot, choice: EffectorChoice): ArmWithEffector[] {
  const out: ArmWithEffector[] = [];
  for (const arm of robot.parts.arms) {
    const effector = arm.endEffector;
    if (effector?.kind === 'parallel-gripper' && choice !== 'suction')
      out.push({ arm, kind: 'gripper', gripper: effector });
    if (effector?.kind === 'suction-cup' && choice !== 'gripper') out.push({ arm, kind: 'suction', cup: effector });
  }
  return out;
}

/** Gap kept between an open pad and the object beyond the approach accuracy, m. */
const PAD_CONTACT_MARGIN_M = 0.001;

/**
 * How far from the planned grasp the hand may come down, m: grasp poses are solved to `POSITION_TOLERANCE_M`,
 * and the base, the lift and the arm are re-read (not dead-reckoned) before the approach is solved, so their
 * docking and tracking errors do not add to it.
 */
export const APPROACH_ACCURACY_M = POSITION_TOLERANCE_M;

/** The room a gripper's open pads keep from a box's faces on each side, m. */
export const PAD_CLEARANCE_M = APPROACH_ACCURACY_M + PAD_CONTACT_MARGIN_M;

/**
 * How far past the planned face a cup's guarded approach must reach, at the arm's own accuracy, m: the cup seats
 * within a few mm of touching. A planned pick checks it, and the approach may stop there at the edge of reach.
 */
export const CUP_LEAST_PRESS_M = 0.004;

/**
 * The limits candidate generation needs for one arm's effector: the opening, the cup, and the pad clearance sized
 * from the approach accuracy (a 70 mm box fits an 85 mm gripper: 2 × 4 mm of clearance, not 2 × 8 mm).
 */
export function limitsOf(entry: ArmWithEffector): EffectorLimits {
  return entry.kind === 'gripper'
    ? { gripperMaxWidthM: entry.gripper.widthRangeM[1], padClearanceM: PAD_CLEARANCE_M }
    : { suctionDiameterM: entry.cup.diameterM };
}
