import { EMPTY, type Observable, concat, defer, of } from 'rxjs';
import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { executeThrough } from '../arm/motion.ts';
import { HELD, type HeldObject } from '../arm/held-objects.ts';
import { planCarry, type CarryPlan } from '../arm/carry-plan.ts';
import { plannedCarryFromHere } from '../arm/planned-carry.ts';
import { armJoints, basePose2D, currentJoints } from '../arm/robot-frames.ts';
import { driveSweepHit } from '../arm/drive-sweep.ts';
import { holdAsSeen } from '../placing/plan-place.ts';
import { PLAN } from '../planning/plan-key.ts';
import { armMap, last } from '../planning/carry-stage.ts';
import { placeStillFits } from '../planning/place-stage.ts';
import type { PickPlacePlan } from '../planning/pick-place-plan.ts';
import { solvePickAndPlace } from '../planning/pick-place-planner.ts';
import { standUpLevel$ } from './level-lift.ts';

/** Input of `stowForCarry`: the held object. */
export const StowForCarryInput = z.strictObject({ object: z.string().min(1) });

/**
 * Draws the arm holding `object` in to a carry pose close to the body, keeping the object's orientation, before
 * the base drives: first straight up until the load clears what is around it (a tote's walls, a shelf's lip), then
 * in level and down to the carry pose, inside the base's footprint. With a plan (`plan/<object>`), the planned carry
 * is what runs, when it still holds from where the arm is with the load as the grasp actually left it, and the
 * planned place still fits that hold; otherwise the carry and the place are planned again from here for the hold as
 * seen (`solvePickAndPlace` from the held state) and the new plan replaces the old one. Without a plan, the carry is
 * planned from here (`planCarry`). A long drive without a carry posture is refused by the re-plan (`unreachable`). Skipped
 * (success) for fixed robots; fails `precondition-failed` when the object is not held.
 *
 * @example
 * runSkill(stowForCarry({ object: 'stock-tote/can-330ml-3' }), ctx)
 */
export const stowForCarry = defineSkill({
  name: 'stowForCarry',
  description: 'raise the held object clear and draw the arm in to a carry pose inside the footprint',
  input: StowForCarryInput,
  ports: ({ object }) => ({
    inputs: [HELD.of(object).name],
    optionalInputs: [PLAN.of(object).name],
    outputs: [PLAN.of(object).name],
  }),
  run: ({ object }, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const recorded = ctx.blackboard.get(HELD.of(object));
      if (!recorded) throw new SkillFailure('precondition-failed', `'${object}' is not held; grasp it first`);
      const arm = findArm(ctx.robot, recorded.armName);
      if (!ctx.robot.parts.base || !arm) return EMPTY;
      const planned = ctx.blackboard.get(PLAN.of(object));
      // A plan whose carry starts where a levelled stand-up ends: the stand-up first, the carry judged after it.
      if (planned?.standsUpFirst)
        return concat(
          standUpLevel$(ctx, holdAsSeen(ctx, arm, recorded)),
          defer(() => carryFromHere(ctx, object, arm, recorded)),
        );
      return carryFromHere(ctx, object, arm, recorded);
    }),
});

/**
 * The carry from where the arm is: the plan's, when it still holds with the load as held now, else planned again
 * (with the place) from here, or without a plan planned from here.
 */
function carryFromHere(ctx: SkillContext, object: string, arm: Arm, recorded: HeldObject): Observable<ProgressUpdate> {
  const hold = holdAsSeen(ctx, arm, recorded);
  const chain = ctx.blackboard.get(PLAN.of(object));
  // No plan, or one that carries the load a short way as it is: the rise and carry (if any) planned from here.
  if (!chain?.carry?.carry) {
    const plan = planCarry(ctx, arm, hold);
    const standOff = chain?.place.standOff.basePose;
    const from = basePose2D(ctx.robot);
    if (!plan.carry && standOff && from) {
      // Held out as it is, the load and the arm pass the products along the drive: swept first, refused when they
      // would meet one (the re-plan from the held state then looks for a stand-off whose drive is clear).
      const joints = { ...currentJoints(ctx.robot), ...armMap(arm, last([armJoints(arm), ...plan.rise])) };
      const hit = driveSweepHit(ctx, arm, hold, from, standOff, { joints });
      if (hit)
        throw new SkillFailure(
          'blocked',
          `no carry posture, and the drive with '${object}' held out would meet the scene: ${hit}`,
          {
            detail: { object, standOff },
          },
        );
    }
    return carry$(arm, plan, 'planned from here');
  }
  const stale = staleReason(ctx, arm, hold, chain, chain.carry);
  if (stale === undefined) return carry$(arm, chain.carry, 'as planned');
  // The carry and the place planned again from here, for the hold as it is: a refusal fails here, before the drive.
  const replanned = solvePickAndPlace(ctx, { object, target: chain.target, effector: hold.effector, hold });
  ctx.blackboard.set(PLAN.of(object), replanned);
  const why = of({ message: 're-planned the carry and place for the hold as seen', data: { reason: stale } });
  return concat(why, replanned.carry ? carry$(arm, replanned.carry, 're-planned') : EMPTY);
}

/**
 * Why the plan's carry or place no longer holds from here with the load as held now, or undefined when both do:
 * the carry from the arm's actual joints (`plannedCarryFromHere`), then the place from the planned stand-off with
 * the arm in the carry posture (`placeStillFits`).
 */
function staleReason(
  ctx: SkillContext,
  arm: Arm,
  hold: HeldObject,
  chain: PickPlacePlan,
  planned: CarryPlan,
): string | undefined {
  // A plan made with the object in the hand started its carry from where the arm was then: here.
  const plannedStart = chain.pick ? last(chain.pick.motion.retreat) : armJoints(arm);
  const carried = plannedCarryFromHere(ctx, arm, hold, planned, plannedStart);
  if (carried !== true) return `carry: ${carried}`;
  const now = currentJoints(ctx.robot);
  const carryEnd = last([...planned.rise, ...(planned.carry?.joints ?? [])]);
  const lift = ctx.robot.parts.lift;
  const object = ctx.world.object(hold.objectId);
  if (!object) return 'the object is no longer known';
  const placed = placeStillFits(
    ctx,
    arm,
    object,
    hold,
    chain.target,
    chain.place,
    { ...now, ...armMap(arm, carryEnd) },
    lift ? now[lift.jointName] : undefined,
  );
  return placed === true ? undefined : `place: ${placed}`;
}

/** Runs a carry plan: the rise (when one is needed and in reach), then the move in to the carry posture. */
function carry$(arm: Arm, plan: CarryPlan, how: string): Observable<ProgressUpdate> {
  const rise$ =
    plan.riseM <= 0
      ? EMPTY
      : plan.rise.length > 0
        ? executeThrough(arm, plan.rise, 'raise', 0.3, { riseM: plan.raisedM, carry: how })
        : of({ message: 'no rise in reach; carrying from here', data: { riseM: plan.riseM } });
  // The carry was planned from the end of the rise: the joints the arm holds after it.
  const stow$ = defer((): Observable<ProgressUpdate> =>
    plan.carry
      ? executeThrough(arm, plan.carry.joints, 'stow', 0.5, { forwardM: plan.carry.forwardM, carry: how })
      : of({ message: 'no carry pose in reach; carrying as is' }),
  );
  return concat(rise$, stow$);
}
