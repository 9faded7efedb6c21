import { type Observable, concat, defer, of } from 'rxjs';
import { z } from 'zod';
import type { Pose2D } from '../../src/math/pose.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { runChild } from '../../src/skill/run.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { basePose2D } from '../arm/robot-frames.ts';
import { requireObject } from '../grasp.ts';
import { navigate } from '../navigate.ts';
import { planPickMotion } from '../planning/pick-motion.ts';
import type { PickPlacePlan } from '../planning/pick-place-plan.ts';
import { choiceNow } from '../planning/planned-pick.ts';
import { PLAN } from '../planning/plan-key.ts';
import { arrivalTolerance } from './reach-skills.ts';

/** Input of `dockForPick`. */
export const DockForPickInput = z.strictObject({ object: z.string().min(1) });

/** Shifts of the base toward (+) or away from (−) the object tried, m, nearest first. */
const SHIFTS_M = [0.01, 0.02, -0.01, 0.03, 0.04, -0.02, 0.05, 0.06];
/**
 * How far around a shifted pose the pick must still work, m: more than the base's docking error, and enough that the
 * arm's own Cartesian moves (solved far tighter than the plan's IK, and a suction cup's guarded descent runs 2 cm
 * past the grasp) are not at the edge of its reach: a pick that worked 1 cm closer still stalled 0.8 mm short.
 */
const MARGIN_M = 0.01;

/**
 * Makes sure the planned pick is in reach from where the base actually stopped (lift set). A stand-off the planner
 * found at the edge of the arm's reach can be lost to the few millimetres the base docks off it; then the pick
 * motion is solved again for the base shifted toward (or away from) the object, and the base re-docks at the
 * nearest shift from which the pick works with a margin around it. Succeeds at once without a planned pick, a
 * base, or when the pick already works from here; when no shift helps it succeeds too and `grasp` reports why the
 * pick is out of reach.
 *
 * @example
 * runSkill(dockForPick({ object: 'stock-tote/tuna-can-3' }), ctx)
 */
export const dockForPick = defineSkill({
  name: 'dockForPick',
  description: 'check the planned pick from where the base stopped; re-dock a little closer when it is out of reach',
  input: DockForPickInput,
  ports: ({ object }) => ({ optionalInputs: [PLAN.of(object).name] }),
  run: ({ object: objectId }, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const plan = ctx.blackboard.get(PLAN.of(objectId));
      const base = basePose2D(ctx.robot);
      if (!plan?.pick || !base) return of({ message: 'nothing to check' });
      const object = requireObject(ctx, objectId);
      if (pickWorksFrom(ctx, object, plan, base)) return of({ message: 'in reach' });
      const better = nudgedBasePose(ctx, object, plan, base);
      if (!better) return of({ message: 'out of reach, and no nearby base pose helps', data: { ...base } });
      return concat(
        of({ message: 're-dock', data: { from: { ...base }, to: { ...better.pose }, shiftM: better.shiftM } }),
        runChild(navigate({ goal: better.pose, ...arrivalTolerance(false) }), ctx, 0),
      );
    }),
});

/** Whether the plan's pick motion solves with the base at `basePose`, seeded from the plan's own joints. */
function pickWorksFrom(ctx: SkillContext, object: KnownObject, plan: PickPlacePlan, basePose: Pose2D): boolean {
  const planned = plan.pick!.motion;
  const seed = planned.ready ?? planned.preGrasp;
  return typeof planPickMotion(ctx, object, choiceNow(object, planned.choice), { basePose }, seed) !== 'string';
}

/**
 * The nearest base pose along the line from the base to the object (same heading) from which the pick works, also
 * `MARGIN_M` either side along and across that line.
 */
function nudgedBasePose(
  ctx: SkillContext,
  object: KnownObject,
  plan: PickPlacePlan,
  base: Pose2D,
): { pose: Pose2D; shiftM: number } | undefined {
  const target = object.poseInWorld.position;
  const dx = target.x - base.x;
  const dy = target.y - base.y;
  const norm = Math.hypot(dx, dy);
  if (norm < 1e-6) return undefined;
  const [ux, uy] = [dx / norm, dy / norm];
  const at = (along: number, across = 0): Pose2D => ({
    x: base.x + ux * along - uy * across,
    y: base.y + uy * along + ux * across,
    yawRad: base.yawRad,
  });
  for (const shiftM of SHIFTS_M) {
    const pose = at(shiftM);
    if (!pickWorksFrom(ctx, object, plan, pose)) continue;
    const margins = [at(shiftM + MARGIN_M), at(shiftM - MARGIN_M), at(shiftM, MARGIN_M), at(shiftM, -MARGIN_M)];
    if (margins.every((p) => pickWorksFrom(ctx, object, plan, p))) return { pose, shiftM };
  }
  return undefined;
}
