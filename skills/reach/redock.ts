import { type Observable, concat, of } from 'rxjs';
import type { Pose2D } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { runChild } from '../../src/skill/run.ts';
import { navigate } from '../navigate.ts';
import { arrivalTolerance } from './arrival-tolerance.ts';

/** Shifts of the base toward (+) or away from (−) the work, m, nearest first. */
const SHIFTS_M = [0.01, 0.02, -0.01, 0.03, 0.04, -0.02, 0.05, 0.06];
/**
 * How far around a shifted pose the stage must still work, m: more than the base's docking error, and enough that the
 * arm's own Cartesian moves (solved far tighter than the plan's IK, and a suction cup's guarded descent runs 2 cm
 * past the grasp) are not at the edge of its reach: a pick that worked 1 cm closer still stalled 0.8 mm short.
 */
const MARGIN_M = 0.01;

/** A base pose to re-dock at: its shift along the line to the work from where the search started, m. */
export interface Redock {
  readonly pose: Pose2D;
  readonly shiftM: number;
}

/**
 * The nearest base pose from which a stage `works`, with `MARGIN_M` of it working either side along and across the
 * line to `work`: first each of `first` (a planned stand-off, its heading and all) shifted by 0, then `from` shifted
 * along the line from it to `work` (same heading) by each of the shifts, nearest first. `work` is the point the
 * stage reaches to (the object to pick, the spot to place at). A pose must also be `drivable` (the base can be driven
 * there: a shift toward a shelf can leave less room than the base's footprint needs). Undefined when no pose tried works.
 */
export function redockPose(
  from: Pose2D,
  work: { readonly x: number; readonly y: number },
  works: (basePose: Pose2D) => boolean,
  first: readonly Pose2D[] = [],
  drivable: (basePose: Pose2D) => boolean = () => true,
): Redock | undefined {
  const tries: { origin: Pose2D; shiftM: number }[] = [
    ...first.map((origin) => ({ origin, shiftM: 0 })),
    ...SHIFTS_M.map((shiftM) => ({ origin: from, shiftM })),
  ];
  for (const { origin, shiftM } of tries) {
    const dx = work.x - origin.x;
    const dy = work.y - origin.y;
    const norm = Math.hypot(dx, dy);
    if (norm < 1e-6) continue;
    const [ux, uy] = [dx / norm, dy / norm];
    const at = (along: number, across = 0): Pose2D => ({
      x: origin.x + ux * along - uy * across,
      y: origin.y + uy * along + ux * across,
      yawRad: origin.yawRad,
    });
    const pose = at(shiftM);
    if (!works(pose)) continue;
    const margins = [at(shiftM + MARGIN_M), at(shiftM - MARGIN_M), at(shiftM, MARGIN_M), at(shiftM, -MARGIN_M)];
    if (margins.every(works) && drivable(pose)) return { pose, shiftM };
  }
  return undefined;
}

/**
 * The re-dock itself: a progress naming where from and where to, then `navigate` to the pose with the tight
 * tolerances of an exact stand-off (the base corrects holonomically by a few centimetres).
 */
export function redock$(ctx: SkillContext, from: Pose2D, to: Redock): Observable<ProgressUpdate> {
  return concat(
    of({ message: 're-dock', data: { from: { ...from }, to: { ...to.pose }, shiftM: to.shiftM } }),
    runChild(navigate({ goal: to.pose, ...arrivalTolerance(false) }), ctx, 0),
  );
}
