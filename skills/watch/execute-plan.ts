import { catchError, concat, defer, type Observable, of, tap, throwError } from 'rxjs';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure, toSkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { HELD } from '../arm/held-objects.ts';
import { PLAN } from '../planning/plan-key.ts';
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
 * - **A plan is executed once.** When the stages end, done or failed, the object's plan (`plan/<objectId>`) is
 *   cleared: a re-plan writes a fresh one, and a long run keeps no plan per item it ever tried (each holds its
 *   motions; a soak's blackboard grew by one per item). A cancelled run keeps it, as it keeps its holds.
 *
 * @example
 * executePlan('stock-tote/can-3', sequence({ name: 'stages' }, pick, carry, place))
 */
export function executePlan(objectId: string, child: Skill): Skill {
  const ports = { optionalInputs: [HELD.all], outputs: [PLAN.of(objectId).name] };
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
              const change = stateChange(stateBefore, objectState(ctx, objectId, blackboard), failure);
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
        return spent.pipe(tap({ complete: clear, error: clear }));
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
