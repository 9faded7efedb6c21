import type { Arm } from '../../hardware/arm.ts';
import { armBaseInWorld, currentJoints, type FrameOverrides } from './robot-frames.ts';
import type { PlanningScene } from './planning-scene.ts';

/** Shoulder height above the work point that suits a top-down reach, m. */
const SHOULDER_ABOVE_WORK_M = 0.3;
const LIFT_STEP_M = 0.05;

/**
 * Lift heights to try for work at height `workZM`: the present one first (no motion needed), then the range
 * in steps, nearest first to the height that puts the arm's shoulder `SHOULDER_ABOVE_WORK_M` above the work.
 */
export function liftCandidates(
  scene: PlanningScene,
  arm: Arm,
  workZM: number,
  base?: FrameOverrides['basePose'],
): number[] {
  const lift = scene.robot.parts.lift;
  if (!lift) return [];
  const nowM = currentJoints(scene.robot)[lift.jointName] ?? lift.heightRangeM[0];
  const shoulderZ = armBaseInWorld(scene, arm, base ? { basePose: base } : {}).elements[14];
  const idealM = nowM + (workZM + SHOULDER_ABOVE_WORK_M - shoulderZ);
  const [lo, hi] = lift.heightRangeM;
  const heights = liftSteps(lo, hi);
  heights.sort((a, b) => Math.abs(a - idealM) - Math.abs(b - idealM));
  return [nowM, ...heights.filter((h) => Math.abs(h - nowM) > 1e-6)];
}

/** The first lift height (and its result) at which `solve` finds a solution; robots without a lift try once. */
export function searchLift<T>(
  scene: PlanningScene,
  arm: Arm,
  workZM: number,
  solve: (overrides: FrameOverrides) => T | undefined,
  options: { readonly basePose?: FrameOverrides['basePose']; readonly maxTries?: number } = {},
): { readonly result: T; readonly liftHeightM?: number } | undefined {
  const lift = scene.robot.parts.lift;
  const base = options.basePose ? { basePose: options.basePose } : {};
  if (!lift) {
    const result = solve(base);
    return result === undefined ? undefined : { result };
  }
  for (const h of liftCandidates(scene, arm, workZM, options.basePose).slice(0, options.maxTries ?? 8)) {
    const result = solve({ ...base, joints: { [lift.jointName]: h } });
    if (result !== undefined) return { result, liftHeightM: h };
  }
  return undefined;
}

/**
 * Lift heights for work at height `workZM` with the base at `base`, nearest first to the height that puts the
 * shoulder `shoulderAboveWorkM` above the work, whatever the lift's height now (for plans made ahead).
 */
export function liftHeightsFor(
  scene: PlanningScene,
  arm: Arm,
  workZM: number,
  base?: FrameOverrides['basePose'],
  shoulderAboveWorkM = SHOULDER_ABOVE_WORK_M,
): number[] {
  const lift = scene.robot.parts.lift;
  if (!lift) return [];
  const [lo, hi] = lift.heightRangeM;
  const wantedM = workZM + shoulderAboveWorkM;
  // Each height's own shoulder: a lift with a follower (a biped's waist pitching with its squat) lowers the shoulder
  // faster than itself once the follower moves, so the height that suits is not read off a straight line.
  const shoulderZ = (h: number): number =>
    armBaseInWorld(scene, arm, { ...(base ? { basePose: base } : {}), joints: { [lift.jointName]: h } }).elements[14];
  return liftSteps(lo, hi)
    .map((h) => ({ h, offM: Math.abs(shoulderZ(h) - wantedM) }))
    .sort((a, b) => a.offM - b.offM)
    .map((x) => x.h);
}

/**
 * The lift's range from `loM` in `LIFT_STEP_M` steps, its top `hiM` among them even when the range is not a whole
 * number of steps (a biped's 0.5–0.93 m: its tallest stance, the one a high shelf needs, was never tried).
 */
export function liftSteps(loM: number, hiM: number): number[] {
  const heights: number[] = [];
  for (let h = loM; h < hiM - 1e-6; h += LIFT_STEP_M) heights.push(h);
  heights.push(hiM);
  return heights;
}
