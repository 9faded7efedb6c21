import { poseError, type Pose } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillFailure } from '../../src/skill/failure.ts';
import { HELD } from '../arm/held-objects.ts';

/** How far an object at rest must have moved for a re-plan to start from a different state. */
export const STATE_CHANGE_LIMITS = { moveM: 0.01, turnRad: (10 * Math.PI) / 180 } as const;

/** What a plan for an object depends on that execution can change: is it in a hand, and where it is. */
export interface ObjectState {
  readonly held: boolean;
  /** Undefined when the object is no longer known (it fell out of the world, or was taken away). */
  readonly poseInWorld: Pose | undefined;
}

/** The object's state now, its pose from the backend's object tracking when there is one, else the world model. */
export function objectState(ctx: SkillContext, objectId: string, blackboard = ctx.blackboard): ObjectState {
  const tracked = ctx.services.objectTracking?.poses().get(objectId);
  return {
    held: blackboard.get(HELD.of(objectId)) !== undefined,
    poseInWorld: tracked ?? ctx.world.object(objectId)?.poseInWorld,
  };
}

/**
 * Why a failure left the object in a state a new plan would see differently, or undefined when it did not (a plan
 * from there would be the same one, so re-planning is pointless): picked up or let go, slipped in or out of the hand,
 * a place that missed with the object in the hand, or the object moved or vanished while nothing held it.
 */
export function stateChange(before: ObjectState, after: ObjectState, failure: SkillFailure): string | undefined {
  if (failure.reason === 'slipped') return 'the hold slipped';
  if (before.held !== after.held) return after.held ? 'the object was picked up' : 'the object left the hand';
  if (after.held) return failure.reason === 'missed' ? 'the place missed with the object in the hand' : undefined;
  if (before.poseInWorld === undefined || after.poseInWorld === undefined)
    return before.poseInWorld === after.poseInWorld ? undefined : 'the object is gone';
  const { positionM: movedM, rotationRad: turnedRad } = poseError(before.poseInWorld, after.poseInWorld);
  if (movedM > STATE_CHANGE_LIMITS.moveM || turnedRad > STATE_CHANGE_LIMITS.turnRad)
    return `the object moved ${(movedM * 100).toFixed(1)} cm`;
  return undefined;
}
