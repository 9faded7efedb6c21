import type { Arm } from '../../hardware/arm.ts';
import type { PostureLoad } from '../../hardware/posture-balance.ts';
import type { FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

/**
 * Why the robot would refuse to move `arm` through `path` (arm joint vectors, `arm.jointNames` order) with the
 * other joints as `overrides` holds them (the lift, the other arm), `payloadKg` in the hand: a posture on it whose
 * static balance is below what the base declares it needs (`MobileBase.postureBalance`). Undefined when every
 * posture is balanced, or when the base declares no such limit (a wheeled base cannot tip this way).
 */
export function postureBalanceRefusal(
  scene: PlanningScene,
  arm: Arm,
  path: readonly (readonly number[])[],
  overrides: FrameOverrides,
  payloadKg = 0,
): string | undefined {
  const balance = scene.robot.parts.base?.postureBalance;
  if (balance === undefined) return undefined;
  const loads: PostureLoad[] = payloadKg > 0 ? [{ link: arm.tipLink, massKg: payloadKg }] : [];
  let worstM = Infinity;
  for (const q of path) {
    const joints = { ...overrides.joints, ...Object.fromEntries(arm.jointNames.map((name, i) => [name, q[i]!])) };
    worstM = Math.min(worstM, balance.marginM(joints, loads));
    if (worstM < balance.requiredMarginM) break;
  }
  if (worstM >= balance.requiredMarginM) return undefined;
  const where = Number.isFinite(worstM) ? `${(worstM * 1000).toFixed(1)} mm inside its feet` : 'beyond its legs';
  return `balance: a posture puts the static CoM ${where} (${balance.requiredMarginM * 1000} mm needed)`;
}
