import { catchError, concat, defer, type Observable, of, tap, throwError } from 'rxjs';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure, toSkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { HELD } from '../arm/held-objects.ts';
import { PLAN, REFUSED_PLACES } from '../planning/plan-key.ts';
import type { PickPlacePlan, RefusedPlace } from '../planning/pick-place-plan.ts';
import { COLLATERAL_LIMITS, collateralMoves, describeMoves, type CollateralMove } from './collateral.ts';
import { objectState, stateChange } from './object-state.ts';

/** The detail key a failure of `executePlan` carries: why the state changed (re-plan), or `false` (do not). */
export const REPLAN_DETAIL = 'replan';

/**
 * Runs the stages that execute a plan for `objectId` (`child`) and judges what they left behind:
 * - **Nothing else moves.** The tracked object poses (`ctx.services.objectTracking`) before and after are compared;
 *   any other object that moved more than `COLLATERAL_LIMITS` is reported as a `collateral` progress event whatever
 *   the outcome (benches count them), and a child that succeeded fails `collision` naming what moved and how far.
 *   A backend that tracks no objects skips this check.
 * - **Re-plan only on a changed state.** A failure gets `detail.replan`: what execution changed about the object
 *   (a slip, a hold gained or lost, a missed place, the object moved), or `false` when the object is as the plan
 *   found it, so that a plan from there would be the same plan and a re-plan loop can fail at once instead.
 * - **A place refused at its stand-off is not planned again.** A place that fails `unreachable` adds its planned
 *   stand-off and lift to `refused-places/<objectId>` and is a reason to re-plan: the re-plan, from the base still
 *   standing there, would otherwise choose the same stand-off (the cheapest drive) and fail the same way. Stages
 *   that end done clear the list.
 * - **A plan is executed once.** When the stages end, done or failed, the object's plan (`plan/<objectId>`) is
 *   cleared: a re-plan writes a fresh one, and a long run keeps no plan per item it ever tried (each holds its
 *   motions; a soak's blackboard grew by one per item). A cancelled run keeps it, as it keeps its holds.
 *
 * @example
 * executePlan('stock-tote/can-3', sequence({ name: 'stages' }, pick, carry, place))
 */
export function executePlan(objectId: string, child: Skill): Skill {
  const refusedKey = REFUSED_PLACES.of(objectId);
  const ports = {
    optionalInputs: [HELD.all, PLAN.of(objectId).name, refusedKey.name],
    outputs: [PLAN.of(objectId).name, refusedKey.name],
  };
  return {
    kind: 'executePlan',
    name: 'execute',
    children: [child],
    params: { objectId },
    ports,
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        const blackboard = ctx.blackboard.scoped('executePlan', ports);
        const stateBefore = objectState(ctx, objectId, blackboard);
        const tracking = ctx.services.objectTracking;
        const posesBefore = tracking?.poses();
        // The object itself, and whatever a hand holds (it moves with the robot), may move.
        const allowed = new Set([objectId, ...blackboard.entries(HELD).map(([id]) => id)]);
        const moved = (): CollateralMove[] =>
          tracking && posesBefore ? collateralMoves(posesBefore, tracking.poses(), allowed, COLLATERAL_LIMITS) : [];
        const spent = concat(
          runChild(child, ctx, 0).pipe(
            catchError((error: unknown) => {
              const failure = toSkillFailure(error);
              if (failure.reason === 'internal-error' || failure.reason === 'invalid-input')
                return throwError(() => failure);
              const refused = refusedPlace(blackboard.get(PLAN.of(objectId)), failure);
              if (refused) blackboard.set(refusedKey, [...(blackboard.get(refusedKey) ?? []), refused]);
              const change =
                stateChange(stateBefore, objectState(ctx, objectId, blackboard), failure) ??
                (refused ? 'the place was refused at its planned stand-off' : undefined);
              const moves = moved();
              const detail = { ...failure.detail, [REPLAN_DETAIL]: change ?? false };
              if (moves.length === 0) return throwError(() => failure.with({ detail }));
              // The stage's own reason stands; what it knocked is named with it, as far as each moved.
              const named = failure.with({ detail: { ...detail, collateral: moves } });
              named.message = `${failure.message}; knocked other objects: ${describeMoves(moves)}`;
              return concat(
                of(collateralEvent(ctx, moves)),
                throwError(() => named),
              );
            }),
          ),
          defer(() => {
            const moves = moved();
            if (moves.length === 0) return of<SkillProgress>();
            const failure = new SkillFailure('collision', `knocked other objects: ${describeMoves(moves)}`, {
              path: ctx.node.path,
              detail: { collateral: moves, [REPLAN_DETAIL]: false },
            });
            return concat(
              of(collateralEvent(ctx, moves)),
              throwError(() => failure),
            );
          }),
        );
        const clear = (): void => blackboard.delete(PLAN.of(objectId));
        const done = (): void => {
          clear();
          blackboard.delete(refusedKey);
        };
        return spent.pipe(tap({ complete: done, error: clear }));
      }),
  };
}

function collateralEvent(ctx: SkillContext, moves: readonly CollateralMove[]): SkillProgress {
  return {
    nodeId: ctx.node.id,
    path: ctx.node.path,
    message: 'collateral',
    data: { collateral: moves.map((m) => ({ ...m })) },
  };
}

/** The planned place's stand-off and lift, when `failure` is its place failing `unreachable` (a base to dock). */
function refusedPlace(plan: PickPlacePlan | undefined, failure: SkillFailure): RefusedPlace | undefined {
  const basePose = plan?.place.standOff.basePose;
  if (!plan || !basePose || failure.reason !== 'unreachable' || !failure.path?.endsWith('/place')) return undefined;
  const { liftHeightM } = plan.place.standOff;
  return { target: plan.targetName, basePose, ...(liftHeightM === undefined ? {} : { liftHeightM }) };
}
