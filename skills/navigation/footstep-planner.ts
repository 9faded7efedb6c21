import type { Footstep } from '../../hardware/mobile-base.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import { yawError } from './follower.ts';
import type { PolylinePath } from './polyline-path.ts';

export interface FootstepOptions {
  /** Advance of the body centre per step, m (a biped's `limits.maxStepLengthM`). */
  readonly maxStepLengthM: number;
  /** Lateral distance between the feet, m. */
  readonly stanceWidthM?: number;
  /** Largest heading change of one step when turning on the spot, rad. */
  readonly maxTurnPerStepRad?: number;
}

/**
 * Footsteps along a path: turn on the spot to face each leg, walk it in equal steps no longer than the limit,
 * turn to the goal heading, and close with the feet side by side so the body ends centred on the goal.
 * Feet alternate, left first; each foot lands half the stance width to its side of the body centre.
 */
export function planFootsteps(
  path: PolylinePath,
  start: Pose2D,
  goalYawRad: number,
  options: FootstepOptions,
): Footstep[] {
  const stanceM = options.stanceWidthM ?? 0.2;
  const maxTurnRad = options.maxTurnPerStepRad ?? 0.3;
  const maxStepM = Math.max(options.maxStepLengthM, 1e-3);
  const centres: Pose2D[] = [];
  let current: Pose2D = { x: start.x, y: start.y, yawRad: start.yawRad };
  const turnTo = (yawRad: number): void => {
    const error = yawError(yawRad, current.yawRad);
    const steps = Math.ceil(Math.abs(error) / maxTurnRad - 1e-9);
    for (let i = 1; i <= steps; i++) centres.push({ ...current, yawRad: current.yawRad + (error * i) / steps });
    current = { ...current, yawRad };
  };
  for (let i = 0; i < path.points.length - 1; i++) {
    const a = path.points[i]!;
    const b = path.points[i + 1]!;
    const legM = a.distanceTo(b);
    if (legM < 1e-6) continue;
    turnTo(Math.atan2(b.y - a.y, b.x - a.x));
    const steps = Math.ceil(legM / maxStepM - 1e-9);
    for (let k = 1; k <= steps; k++) {
      current = { x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps, yawRad: current.yawRad };
      centres.push(current);
    }
  }
  turnTo(goalYawRad);
  const footsteps: Footstep[] = [];
  let foot: Footstep['foot'] = 'left';
  for (const centre of centres) {
    footsteps.push({ foot, pose: beside(centre, foot, stanceM) });
    foot = foot === 'left' ? 'right' : 'left';
  }
  // The closing step brings the trailing foot level with the leading one.
  const last = centres[centres.length - 1] ?? current;
  footsteps.push({ foot, pose: beside(last, foot, stanceM) });
  return footsteps;
}

function beside(centre: Pose2D, foot: Footstep['foot'], stanceM: number): Pose2D {
  const side = foot === 'left' ? 1 : -1;
  const offset = (side * stanceM) / 2;
  return {
    x: centre.x - Math.sin(centre.yawRad) * offset,
    y: centre.y + Math.cos(centre.yawRad) * offset,
    yawRad: centre.yawRad,
  };
}
