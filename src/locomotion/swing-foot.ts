import { wrapAngle } from '../math/pose.ts';
import type { FootPlacement } from './support-polygon.ts';
import { smoothstep } from './smoothstep.ts';

/** Fractions of the swing spent lifting, moving over and setting down (overlapping at the ends). */
const LIFT_END = 0.35;
const MOVE_START = 0.2;
const MOVE_END = 0.8;
const LOWER_START = 0.65;

/**
 * The swing foot at `phase` (0 → 1) of a step from `from` to `to`: it lifts straight up to the apex (the higher
 * surface plus `clearanceM`) before moving over, so a step up clears the edge, and sets down flat. `liftM` is the
 * sole's height above the surface it left or lands on.
 */
export function swingFoot(
  from: FootPlacement,
  to: FootPlacement,
  phase: number,
  clearanceM: number,
): FootPlacement & { liftM: number } {
  const apex = Math.max(from.zM, to.zM) + clearanceM;
  const move = smoothstep((phase - MOVE_START) / (MOVE_END - MOVE_START));
  let z: number;
  if (phase <= LIFT_END) z = from.zM + (apex - from.zM) * smoothstep(phase / LIFT_END);
  else if (phase >= LOWER_START) z = to.zM + (apex - to.zM) * smoothstep((1 - phase) / (1 - LOWER_START));
  else z = apex;
  const surface = move < 0.5 ? from.zM : to.zM;
  return {
    x: from.x + (to.x - from.x) * move,
    y: from.y + (to.y - from.y) * move,
    zM: z,
    yawRad: from.yawRad + wrapAngle(to.yawRad - from.yawRad) * move,
    liftM: z - surface,
  };
}
