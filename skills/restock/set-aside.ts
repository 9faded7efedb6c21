import { catchError, throwError } from 'rxjs';
import { toSkillFailure, type FailureReason, type SkillFailure } from '../../src/skill/failure.ts';
import { runChild } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

/** Skips of one facing in a row, each after tries that failed the same way, before it is set aside. */
export const SET_ASIDE_AFTER_SKIPS = 3;
/** How long a facing set aside is left alone, ms of sim time: till a person has looked, as at a shift's change. */
export const SET_ASIDE_MS = 2 * 3_600_000;

/** Where a try's failure began: its reason and message. */
export interface TryFailure {
  readonly reason: FailureReason;
  readonly message: string;
}

interface FacingRecord {
  /** The failure of the facing's latest try, not yet counted by a skip. */
  last?: TryFailure;
  /** The failure its latest skips shared, and how many skips in a row. */
  streak?: TryFailure;
  skips: number;
  setAsideUntilMs?: number;
  /** Reasons it was set aside for and reported (each once a run). */
  readonly reported: Set<FailureReason>;
}

const records = new WeakMap<WorldModel, Map<string, FacingRecord>>();

function recordOf(world: WorldModel, facing: string): FacingRecord {
  const byFacing = records.get(world) ?? new Map<string, FacingRecord>();
  records.set(world, byFacing);
  const record = byFacing.get(facing) ?? { skips: 0, reported: new Set<FailureReason>() };
  byFacing.set(facing, record);
  return record;
}

/**
 * Where a failure began: down its first causes (a fallback's first branch, the pick-and-place, before the
 * put-back that followed it) to the failure that has none.
 */
export function firstCause(failure: SkillFailure): TryFailure {
  let f = failure;
  while (f.causes.length > 0) f = f.causes[0]!;
  return { reason: f.reason, message: f.message };
}

/**
 * `child` (one restock try of `facing`), noting where its failure began for the facing's skip (`countSkip`); the
 * failure itself passes through unchanged.
 */
export function notingFailure(facing: string, name: string, child: Skill): Skill {
  return {
    kind: 'notingFailure',
    name,
    children: [child],
    start: (ctx) =>
      runChild(child, ctx, 0).pipe(
        catchError((error: unknown) => {
          recordOf(ctx.world, facing).last = firstCause(toSkillFailure(error));
          return throwError(() => error);
        }),
      ),
  };
}

/**
 * Counts a skip of `facing` (every try failed): one more in a row when its last try failed for the same reason as
 * the skips before, else the first of a new row. Returns the row.
 */
export function countSkip(
  world: WorldModel,
  facing: string,
): { readonly skips: number; readonly failure?: TryFailure } {
  const record = recordOf(world, facing);
  const last = record.last;
  record.last = undefined;
  if (last === undefined) {
    record.streak = undefined;
    record.skips = 0;
    return { skips: 0 };
  }
  record.skips = record.streak?.reason === last.reason ? record.skips + 1 : 1;
  record.streak = last;
  return { skips: record.skips, failure: last };
}

/**
 * Sets `facing` aside until `untilMs` for `reason`; true when this is the first time it is set aside for that
 * reason in this run (the one report), false for a later time (logged, not counted again).
 */
export function setFacingAside(world: WorldModel, facing: string, reason: FailureReason, untilMs: number): boolean {
  const record = recordOf(world, facing);
  record.setAsideUntilMs = untilMs;
  record.skips = 0;
  record.streak = undefined;
  const first = !record.reported.has(reason);
  record.reported.add(reason);
  return first;
}

/** True while `facing` is set aside. */
export function isSetAside(world: WorldModel, facing: string, nowMs: number): boolean {
  const until = records.get(world)?.get(facing)?.setAsideUntilMs;
  return until !== undefined && nowMs < until;
}

/** The facing was restocked: its row of failed skips ends. */
export function clearFailures(world: WorldModel, facing: string): void {
  const record = records.get(world)?.get(facing);
  if (record === undefined) return;
  record.skips = 0;
  record.streak = undefined;
  record.last = undefined;
}
