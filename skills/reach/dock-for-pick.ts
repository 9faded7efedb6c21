import { type Observable, defer, of } from 'rxjs';
import { z } from 'zod';
import type { Pose2D } from '../../src/math/pose.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { basePose2D } from '../arm/robot-frames.ts';
import { requireObject } from '../grasp.ts';
import { planPickMotion } from '../planning/pick-motion.ts';
import type { PickPlacePlan } from '../planning/pick-place-plan.ts';
import { choiceNow } from '../planning/planned-pick.ts';
import { PLAN } from '../planning/plan-key.ts';
import { navigableTo } from '../navigate.ts';
import { ARRIVAL_TOLERANCE_RAD } from './arrival-tolerance.ts';
import { redock$, redockPose } from './redock.ts';

/**
 * Headings tried at the planned stand-off, turned off the planned one, rad: the planned heading, then one and two
 * arrival tolerances either side (a pick at the edge of the arm's reach may keep its margin only turned a little).
 */
const PLANNED_TURNS_RAD = [0, 1, -1, 2, -2].map((k) => k * ARRIVAL_TOLERANCE_RAD);

/** Input of `dockForPick`. */
export const DockForPickInput = z.strictObject({ object: z.string().min(1) });

/**
 * Makes sure the planned pick is in reach from where the base actually stopped (lift set). A stand-off the planner
 * found at the edge of the arm's reach can be lost to the few millimetres the base docks off it; then the pick
 * motion is solved again from the planned stand-off itself and at headings a little either side of it, then for the
 * base shifted toward (or away from) the object, and the base re-docks at the first of them from which the pick works
 * with a margin around it (as `dockForPlace` does for a place). Succeeds at once without a planned pick, a base, or
 * when the pick already works from here; when nothing nearby helps it succeeds too and `grasp` reports why the pick
 * is out of reach.
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
      const planned = plan.pick.standOff.basePose;
      const better = redockPose(
        base,
        object.poseInWorld.position,
        (pose) => pickWorksFrom(ctx, object, plan, pose),
        planned ? PLANNED_TURNS_RAD.map((turn) => ({ ...planned, yawRad: planned.yawRad + turn })) : [],
        (pose) => navigableTo(ctx, base, pose),
      );
      if (!better) return of({ message: 'out of reach, and no nearby base pose helps', data: { ...base } });
      return redock$(ctx, base, better);
    }),
});

/** Whether the plan's pick motion solves with the base at `basePose`, seeded from the plan's own joints. */
function pickWorksFrom(ctx: SkillContext, object: KnownObject, plan: PickPlacePlan, basePose: Pose2D): boolean {
  const planned = plan.pick!.motion;
  const seed = planned.ready ?? planned.preGrasp;
  return typeof planPickMotion(ctx, object, choiceNow(object, planned.choice), { basePose }, seed) !== 'string';
}
