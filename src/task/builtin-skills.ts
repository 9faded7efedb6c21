import { Observable, defer, ignoreElements, map, timer, catchError, throwError, distinctUntilChanged } from 'rxjs';
import { z } from 'zod';
import { HardwareFault, type FaultCode } from '../../hardware/common.ts';
import type { Arm } from '../../hardware/arm.ts';
import { defineSkill } from '../skill/define-skill.ts';
import { FAILURE_REASONS, SkillFailure, type FailureReason } from '../skill/failure.ts';
import type { SkillContext } from '../skill/context.ts';

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
      const arm = findArm(ctx, which);
      if (arm.jointNames.length !== positions.length) {
        throw new SkillFailure('invalid-input', `arm ${arm.name} has ${arm.jointNames.length} joints, got ${positions.length} positions`);
      }
      const motion = arm.moveJoints({ positions, ...(velocityScale === undefined ? {} : { velocityScale }) });
      const clipped = motion.applied.clipped.length > 0 ? { clipped: motion.applied.clipped } : {};
      return motion.execution$.pipe(
        // Feedback arrives every few ms; a tenth of the way is enough for a person or a trace.
        map((feedback) => Math.floor((feedback.fraction ?? 0) * 10) / 10),
        distinctUntilChanged(),
        map((fraction) => ({ message: `moving ${arm.name}`, fraction, data: { durationMs: motion.applied.durationMs, ...clipped } })),
        catchError((error: unknown) => throwError(() => faultToFailure(error))),
      );
    }),
});

function findArm(ctx: SkillContext, which: string | number): Arm {
  const arms = ctx.robot.parts.arms;
  const arm = typeof which === 'number' ? arms[which] : arms.find((a) => a.name === which);
  if (arm === undefined) {
    const known = arms.map((a) => a.name).join(', ') || 'none';
    throw new SkillFailure('precondition-failed', `robot has no arm ${JSON.stringify(which)} (arms: ${known})`);
  }
  return arm;
}

const FAULT_REASONS: Readonly<Record<FaultCode, FailureReason>> = {
  collision: 'collision',
  'protective-stop': 'hardware-fault',
  'joint-limit': 'unreachable',
  'not-connected': 'hardware-fault',
  'communication-lost': 'hardware-fault',
  rejected: 'unreachable',
  'driver-error': 'hardware-fault',
};

/** Maps a part's fault to the skill failure a retry or fallback can decide on. */
export function faultToFailure(error: unknown): unknown {
  if (!(error instanceof HardwareFault)) return error;
  return new SkillFailure(FAULT_REASONS[error.code], error.message, { detail: { part: error.part, code: error.code } });
}

/** The generic leaf skills every task file can use. */
export const BUILTIN_SKILLS = [waitSkill, logSkill, failSkill, moveArmJointsSkill] as const;
