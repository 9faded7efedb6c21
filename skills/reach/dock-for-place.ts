import { type Observable, defer, of } from 'rxjs';
import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { knownObject } from '../../src/skill/known-object.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { driveSweepHit } from '../arm/drive-sweep.ts';
import { HELD, type HeldObject } from '../arm/held-objects.ts';
import { basePose2D, toolInWorld } from '../arm/robot-frames.ts';
import type { PlaceChoice } from '../placing/place-plan.ts';
import { PlaceTargetInput, resolvePlaceTarget, type PlaceTarget } from '../placing/place-target.ts';
import { heldObjectPose, holdAsSeen, planPlace } from '../placing/plan-place.ts';
import { PLAN } from '../planning/plan-key.ts';
import { navigableTo } from '../navigate.ts';
import { redock$, redockPose } from './redock.ts';

/** Input of `dockForPlace`. */
export const DockForPlaceInput = z.strictObject({ object: z.string().min(1), target: PlaceTargetInput });

/**
 * Makes sure the planned place works from where the base actually stopped (lift set), with the load as it is held
 * now. Each of the two can be within what the plan allowed and both together not: a base within its arrival
 * tolerance (1 cm, 1°) and a jar slid 7 mm toward the palm on the way left the guarded descent short of the shelf
 * at every heading (demo seed 3). Then the plan's place (its heading and way in) is solved again from the planned
 * stand-off and from the base shifted toward or away from the spot, and the base re-docks at the first of them from
 * which it works with a margin around it, when the re-dock's short drive with the load is clear. Succeeds at once
 * without a plan for this target or a base, or when the planned place works from here; when nothing nearby helps it
 * succeeds too, and `place` searches every heading from here.
 *
 * @example
 * runSkill(dockForPlace({ object: 'stock-tote/jar-3', target: 'aisle-b/level-1/slot-4/facing-2' }), ctx)
 */
export const dockForPlace = defineSkill({
  name: 'dockForPlace',
  description: 'check the planned place from where the base stopped with the load as held now; re-dock when it fails',
  input: DockForPlaceInput,
  ports: ({ object }) => ({ inputs: [HELD.of(object).name], optionalInputs: [PLAN.of(object).name] }),
  run: ({ object: objectId, target }, ctx) =>
    defer((): Observable<ProgressUpdate> => {
      const chain = ctx.blackboard.get(PLAN.of(objectId));
      const base = basePose2D(ctx.robot);
      const recorded = ctx.blackboard.get(HELD.of(objectId));
      if (!recorded) throw new SkillFailure('precondition-failed', `'${objectId}' is not held; grasp it first`);
      const goal = resolvePlaceTarget(ctx.world, target, 0);
      if (!chain || !base || goal.name !== chain.targetName) return of({ message: 'nothing to check' });
      const arm = findArm(ctx.robot, recorded.armName);
      if (!arm)
        throw new SkillFailure('precondition-failed', `the arm '${recorded.armName}' holding '${objectId}' is gone`);
      const object = knownObject(ctx.world, objectId);
      const hold = holdAsSeen(ctx, arm, recorded);
      const works = (pose: Pose2D) => placeWorksFrom(ctx, arm, object, hold, target, chain.place.plan.choice, pose);
      if (works(base)) return of({ message: 'in reach' });
      const planned = chain.place.standOff.basePose;
      const better = redockPose(base, goal.surfacePoint, works, planned ? [planned] : [], (pose) =>
        navigableTo(ctx, base, pose),
      );
      if (!better)
        return of({ message: 'planned place out of reach, and no nearby base pose helps', data: { ...base } });
      // The load rides along: a short drive still may not carry it into what stands beside it.
      const hit = driveSweepHit(ctx, arm, hold, base, better.pose, {});
      if (hit) return of({ message: 'a re-dock would not be clear', data: { to: { ...better.pose }, hit } });
      return redock$(ctx, base, better);
    }),
});

/** Whether the plan's place (its heading and way in) solves with the base at `basePose` and the hold as it is now. */
function placeWorksFrom(
  ctx: SkillContext,
  arm: Arm,
  object: KnownObject,
  hold: HeldObject,
  target: PlaceTarget,
  choice: PlaceChoice,
  basePose: Pose2D,
): boolean {
  try {
    planPlace(ctx, arm, object, hold, target, heldObjectPose(toolInWorld(ctx, arm), hold), { basePose }, choice);
    return true;
  } catch (error) {
    if (error instanceof SkillFailure && error.reason === 'unreachable') return false;
    throw error;
  }
}
