import { Observable, defer, ignoreElements, map, timer, catchError, throwError, distinctUntilChanged } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../skill/define-skill.ts';
import { faultToFailure } from '../skill/fault-to-failure.ts';
import { requireArm } from '../skill/find-arm.ts';
import { FAILURE_REASONS, SkillFailure } from '../skill/failure.ts';

/** Waits `ms` of scheduler time: a settle pause in a task file. */
export const waitSkill = defineSkill({
  name: 'wait',
  description: 'waits ms of scheduler time',
  input: z.strictObject({ ms: z.number().nonnegative() }),
  run: ({ ms }, ctx) => timer(ms, ctx.scheduler).pipe(ignoreElements()),
});

/** Emits one progress message and succeeds: a marker in traces and in `embody run` output. */
export const logSkill = defineSkill({
  name: 'log',
  description: 'reports a message and succeeds',
  input: z.strictObject({ message: z.string() }),
  run: ({ message }) =>
    new Observable((subscriber) => {
      subscriber.next({ message });
      subscriber.complete();
    }),
});

/** Fails at once with a given reason: the always-failure test double of behaviour trees, usable from a file. */
export const failSkill = defineSkill({
  name: 'fail',
  description: 'fails with the given reason and message',
  input: z.strictObject({ reason: z.enum(FAILURE_REASONS), message: z.string() }),
  run: ({ reason, message }) => throwError(() => new SkillFailure(reason, message)),
});

const MoveArmJointsInput = z.strictObject({
  /** Arm name (`left`, `right`, `arm`) or index into `robot.parts.arms`. */
  arm: z.union([z.string(), z.number().int().nonnegative()]).default(0),
  positions: z.array(z.number()).min(1),
  velocityScale: z.number().gt(0).max(1).optional(),
});

/**
 * Moves one arm to joint positions and reports how far along it is. Unsubscribing (cancel, timeout) stops the
 * motion, because the motion's own teardown halts the arm.
 */
export const moveArmJointsSkill = defineSkill({
  name: 'moveArmJoints',
  description: 'moves an arm to joint positions (rad or m, in jointNames order)',
  input: MoveArmJointsInput,
  run: ({ arm: which, positions, velocityScale }, ctx) =>
    defer(() => {
      const arm = requireArm(ctx.robot, which);
      if (arm.jointNames.length !== positions.length) {
        throw new SkillFailure(
          'invalid-input',
          `arm ${arm.name} has ${arm.jointNames.length} joints, got ${positions.length} positions`,
        );
      }
      const motion = arm.moveJoints({ positions, ...(velocityScale === undefined ? {} : { velocityScale }) });
      const clipped = motion.applied.clipped.length > 0 ? { clipped: motion.applied.clipped } : {};
      return motion.execution$.pipe(
        // Feedback arrives every few ms; a tenth of the way is enough for a person or a trace.
        map((feedback) => Math.floor((feedback.fraction ?? 0) * 10) / 10),
        distinctUntilChanged(),
        map((fraction) => ({
          message: `moving ${arm.name}`,
          fraction,
          data: { durationMs: motion.applied.durationMs, ...clipped },
        })),
        catchError((error: unknown) => throwError(() => faultToFailure(error))),
      );
    }),
});

/** The generic leaf skills every task file can use. */
export const BUILTIN_SKILLS = [waitSkill, logSkill, failSkill, moveArmJointsSkill] as const;
