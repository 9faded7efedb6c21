import { EMPTY, type Observable, concat, defer, of } from 'rxjs';
import type { SkillContext } from '../../src/skill/context.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import { navigate } from '../navigate.ts';
import { HELD } from '../arm/held-objects.ts';
import { searchLift } from '../arm/lift-search.ts';
import { reachableStandOffs, reachProblem, ReachGoalInput, type ReachGoal } from './reach.ts';
import { PLAN } from '../planning/plan-key.ts';
import { tuckIdleArms$ } from './tuck-idle-arms.ts';
import { liftKeepingLevel$, standUpLevel$ } from './level-lift.ts';
import { basePose2D } from '../arm/robot-frames.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { StandOff } from '../planning/stand-offs.ts';
import { resolvePlaceTarget } from '../placing/place-target.ts';
import type { SkillPorts } from '../../src/skill/blackboard.ts';
import { ARRIVAL_TOLERANCE_M, ARRIVAL_TOLERANCE_RAD, arrivalTolerance } from './arrival-tolerance.ts';

function describe(goal: ReachGoal): string {
  return goal.kind === 'grasp' ? `grasp '${goal.object}'` : `place '${goal.object}'`;
}

/**
 * A place goal needs the hold on its object (`held/<object>`); every reach reads the holds to know which arms are
 * free, and follows the object's plan (`plan/<object>`) when there is one.
 */
function reachPorts(goal: ReachGoal): SkillPorts {
  const optionalInputs = [HELD.all, PLAN.of(goal.object).name];
  return goal.kind === 'place' ? { inputs: [HELD.of(goal.object).name], optionalInputs } : { optionalInputs };
}

/** The planned stand-off for this goal, when the object's plan is for it; `'held'` when the plan skips the pick. */
function plannedStandOff(ctx: SkillContext, goal: ReachGoal): StandOff | 'held' | undefined {
  const plan = ctx.blackboard.get(PLAN.of(goal.object));
  if (!plan) return undefined;
  if (goal.kind === 'grasp') return plan.pick ? plan.pick.standOff : 'held';
  return resolvePlaceTarget(ctx.world, goal.target, 0).name === plan.targetName ? plan.place.standOff : undefined;
}

/**
 * Moves the base, when the robot has one, to a stand-off from which the goal is in reach (with some lift height),
 * by running `navigate` as its run-time child, idle arms folded in first. Succeeds at once when the goal is already
 * in reach or the robot has no base; fails `unreachable` when no stand-off works.
 *
 * @example
 * runSkill(goWithinReach({ kind: 'grasp', object: 'stock-tote/can-330ml-3', effector: 'gripper' }), ctx)
 */
export const goWithinReach = defineSkill({
  name: 'goWithinReach',
  description: 'drive the base to a stand-off from which an object (to grasp) or a target (to place at) is in reach',
  input: ReachGoalInput,
  ports: reachPorts,
  run: (goal, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      if (!ctx.robot.parts.base) return of({ message: 'fixed base', data: { goal: describe(goal) } });
      const planned = plannedStandOff(ctx, goal);
      if (planned === 'held') return of({ message: 'already held', data: { goal: describe(goal) } });
      if (planned?.basePose) {
        // The planned stand-off: the plan checked the whole chain from there, with every idle arm folded in.
        const { basePose } = planned;
        const data = { planned: true, x: basePose.x, y: basePose.y, yawRad: basePose.yawRad, robust: planned.robust };
        return concat(
          standUpToWalk$(ctx, goal, basePose),
          tuckIdleArms$(ctx),
          of({ message: 'stand-off', data }),
          runChild(
            navigate({ goal: planned.place ? planned.place.name : basePose, ...arrivalTolerance(planned.robust) }),
            ctx,
            0,
          ),
        );
      }
      const { workPoint, arm, feasible } = reachProblem(ctx, goal);
      if (searchLift(ctx, arm, workPoint.z, feasible))
        return of({ message: 'in reach', data: { goal: describe(goal) } });
      // Fold the idle arms in before the stand-off search (its sweep checks start from the arms' joints) and
      // before the base drives, docks and the lift moves beside a shelf.
      const drive$ = defer((): Observable<ProgressUpdate> => {
        const [best] = reachableStandOffs(ctx, goal);
        if (!best)
          throw new SkillFailure('unreachable', `no base stand-off puts ${describe(goal)} within reach`, {
            detail: { goal },
          });
        const { basePose } = best;
        const data = {
          ...(best.place ? { place: best.place.name } : {}),
          x: basePose.x,
          y: basePose.y,
          yawRad: basePose.yawRad,
          robust: best.robust,
          ...(best.liftHeightM === undefined ? {} : { liftHeightM: best.liftHeightM }),
        };
        return concat(
          standUpToWalk$(ctx, goal, basePose),
          of({ message: 'stand-off', data }),
          runChild(
            navigate({ goal: best.place ? best.place.name : basePose, ...arrivalTolerance(best.robust) }),
            ctx,
            0,
          ),
        );
      });
      return concat(tuckIdleArms$(ctx), drive$);
    }),
});

/** A load carried away from here rides the stand-up level (`standUpLevel$`), before the walk would stand up. */
function standUpToWalk$(ctx: SkillContext, goal: ReachGoal, to: Pose2D): Observable<ProgressUpdate> {
  const from = basePose2D(ctx.robot);
  const walks =
    from !== undefined &&
    (Math.hypot(to.x - from.x, to.y - from.y) > ARRIVAL_TOLERANCE_M ||
      Math.abs(Math.atan2(Math.sin(to.yawRad - from.yawRad), Math.cos(to.yawRad - from.yawRad))) >
        ARRIVAL_TOLERANCE_RAD);
  return walks && goal.kind === 'place' ? standUpLevel$(ctx, ctx.blackboard.get(HELD.of(goal.object))) : EMPTY;
}

/**
 * Sets the torso lift so the goal is in reach from where the base stands (the present height when it already
 * is); succeeds without motion on robots without a lift. Fails `unreachable` when no height works.
 *
 * @example
 * runSkill(setLiftFor({ kind: 'place', object: 'can-1', target: 'aisle-a/level-4/slot-6' }), ctx)
 */
export const setLiftFor = defineSkill({
  name: 'setLiftFor',
  description: 'set the torso lift so an object (to grasp) or a target (to place at) is in reach from here',
  input: ReachGoalInput,
  ports: reachPorts,
  run: (goal, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const lift = ctx.robot.parts.lift;
      const planned = plannedStandOff(ctx, goal);
      if (planned === 'held') return of({ message: 'already held' });
      // A held load rides the squat level (a biped's waist bends with its lift; `liftKeepingLevel$`).
      const hold = goal.kind === 'place' ? ctx.blackboard.get(HELD.of(goal.object)) : undefined;
      if (planned && lift && planned.liftHeightM !== undefined)
        return liftKeepingLevel$(ctx, lift, hold, planned.liftHeightM, { planned: true });
      const { workPoint, arm, feasible } = reachProblem(ctx, goal);
      const hit = searchLift(ctx, arm, workPoint.z, feasible, { maxTries: 21 });
      if (!hit)
        throw new SkillFailure('unreachable', `${describe(goal)} is out of reach from here at every lift height`, {
          detail: { goal },
        });
      if (!lift || hit.liftHeightM === undefined) return EMPTY;
      return liftKeepingLevel$(ctx, lift, hold, hit.liftHeightM, {});
    }),
});
