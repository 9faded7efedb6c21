import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { ParallelGripper, SuctionCup } from '../../hardware/end-effector.ts';
import type { Robot } from '../../hardware/robot.ts';
import type { EffectorKind, EffectorLimits } from '../grasping/candidates.ts';

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

/** The limits candidate generation needs for one arm's effector. */
export function limitsOf(entry: ArmWithEffector): EffectorLimits {
  return entry.kind === 'gripper'
    ? { gripperMaxWidthM: entry.gripper.widthRangeM[1] }
    : { suctionDiameterM: entry.cup.diameterM };
}
