import type { Arm } from '../../hardware/arm.ts';
import type { Pose } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { act, type Phase } from '../../src/skill/phases.ts';
import { executeThrough } from '../arm/motion.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import { toolInWorld } from '../arm/robot-frames.ts';
import { lineSamples } from '../planning/pick-motion.ts';
import type { PlacePlan } from './place-plan.ts';
import type { ReleaseTilt } from './release-tilt.ts';

// How a place moves the arm between its checks: straight lines from where the tool is, the plan's joint samples,
// and the way back out with a load it did not let go.

/** The two ways the place moves the arm: a straight line to a pose, and through a plan's joint samples. */
export interface PlaceWays {
  /**
   * A straight line from where the tool is, as IK samples from the arm's joints now: the samples solved here are
   * the ones sent, with no IK of the arm's own along the way.
   */
  readonly linear: (pose: Pose, message: string, velocityScale?: number) => Phase;
  /** Shelf slots: joint move by joint move through the plan's IK samples, the motion its sweep check passed. */
  readonly through: (samples: readonly number[][], message: string, velocityScale?: number) => Phase;
}

/** The place's two ways of moving `arm`. */
export function placeWays(ctx: SkillContext, arm: Arm): PlaceWays {
  return {
    linear:
      (pose, message, velocityScale = 0.3) =>
      () => {
        const samples = lineSamples(ctx, arm, toolInWorld(ctx, arm), pose, {}, arm.currentState().positions);
        if (!samples)
          throw new SkillFailure('unreachable', `arm ${arm.name} cannot follow the line to ${message} from here`);
        return executeThrough(arm, samples, message, velocityScale);
      },
    through:
      (samples, message, velocityScale = 0.4) =>
      () =>
        executeThrough(arm, samples, message, velocityScale),
  };
}

/**
 * Still holding a load that leans `lean` at the end of the descent: back up to the hover and out of a shelf slot the
 * way the load went in (the pre-place), or up to above the spot, then fail `missed` naming the load and its tilt.
 */
export function backOutHolding(ways: PlaceWays, plan: PlacePlan, hold: HeldObject, lean: ReleaseTilt): Phase[] {
  const front = plan.frontPath;
  const prePlace = front?.toPrePlace[front.toPrePlace.length - 1];
  const outOfSlot =
    front && prePlace ? [ways.through([...front.intoSlot.slice(0, -1).reverse(), prePlace], 'back out')] : [];
  const above = plan.approachInWorld[plan.prePlaceIndex];
  return [
    ways.linear(plan.hoverInWorld, 'lift back'),
    ...(front ? outOfSlot : above ? [ways.linear(above, 'lift back')] : []),
    act(() => {
      throw new SkillFailure(
        'missed',
        `'${hold.objectId}' leans ${lean.tiltDeg.toFixed(1)}° off upright in the hand at '${plan.goal.name}', ` +
          `more than the ${lean.limitDeg.toFixed(1)}° it would stand from when let go: not released`,
        { detail: { objectId: hold.objectId, tiltDeg: lean.tiltDeg, limitDeg: lean.limitDeg, target: plan.goal.name } },
      );
    }),
  ];
}
