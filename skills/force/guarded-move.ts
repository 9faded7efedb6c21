import { defer, Observable, type Subscription } from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { toolInWorld, worldToArmBase } from '../arm/robot-frames.ts';
import { faultToFailure } from '../../src/skill/fault-to-failure.ts';
import { forceInWorld, sensorRotationInWorld } from './wrench.ts';

/** Settings of a guarded move. */
export interface GuardedMoveOptions {
  /** Stop when the force along the motion reaches this, N (real arms: 5-40 N). */
  readonly maxForceN: number;
  /** Give up after this much travel without contact, m. */
  readonly maxDistanceM: number;
  /**
   * When the arm cannot reach the whole `maxDistanceM` along the line (the end lies past its workspace), it goes as
   * far as it can, if that is at least this far (m); without it, a line that leaves the workspace is refused. The
   * overshoot past where contact is expected is only a search margin, so a guarded move may stop short of it.
   */
  readonly minDistanceM?: number;
  /** Scales the arm's velocity limits; guarded moves go slowly so the stop comes before the force builds. */
  readonly velocityScale?: number;
  /** Readings in the first this-many ms are ignored: the arm's start-up acceleration shows on the wrist. */
  readonly ignoreFirstMs?: number;
  /** Zero the sensor first (default true), so payload and bias do not count as contact. */
  readonly tare?: boolean;
}

/** A guarded line the arm cannot reach to its end is shortened by this much at a time, m. */
const SHORTEN_STEP_M = 0.004;

/** What a guarded move reports when it stops on contact. */
export interface ContactReport {
  readonly forceN: number;
  readonly travelledM: number;
}

/**
 * Moves the tool in a straight line along `directionInWorld` until the wrist F/T's force along that axis
 * passes `maxForceN` (checked on every sensor reading, i.e. on the control tick), then halts the arm and
 * completes with a `contact` progress. Fails `missed` when the full distance passes without contact, and
 * `precondition-failed` without a wrist sensor. Unsubscribing halts the arm.
 */
export function guardedMove$(
  ctx: SkillContext,
  arm: Arm,
  directionInWorld: Vector3,
  options: GuardedMoveOptions,
): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) => {
    const sensor = arm.wristSensor;
    if (!sensor) {
      subscriber.error(
        new SkillFailure('precondition-failed', `guardedMove: arm ${arm.name} has no wrist force/torque sensor`),
      );
      return;
    }
    const direction = directionInWorld.clone().normalize();
    if (options.tare !== false) sensor.tare();
    const start = toolInWorld(ctx, arm);
    const lineOf = (distanceM: number) =>
      arm.moveCartesian({
        poseInBase: worldToArmBase(ctx, arm, {
          position: start.position.clone().addScaledVector(direction, distanceM),
          quaternion: start.quaternion.clone(),
        }),
        linear: true,
        velocityScale: options.velocityScale ?? 0.15,
      });
    let motion = lineOf(options.maxDistanceM);
    let distanceM = options.maxDistanceM;
    // A refused line has no points: shorten it step by step down to the least distance the caller accepts.
    const shortestM = options.minDistanceM ?? options.maxDistanceM;
    while (motion.applied.points.length === 0 && distanceM - SHORTEN_STEP_M >= shortestM - 1e-9) {
      distanceM -= SHORTEN_STEP_M;
      const shorter = lineOf(distanceM);
      if (shorter.applied.points.length > 0) motion = shorter;
    }
    const rotation = sensorRotationInWorld(ctx, sensor.frameId);
    let stopped = false;
    const startMs = ctx.scheduler.now();
    const blankMs = options.ignoreFirstMs ?? 150;
    let movement: Subscription | undefined;
    const travelled = (): number => toolInWorld(ctx, arm).position.distanceTo(start.position);
    const watch = sensor.wrench$.subscribe((wrench) => {
      if (stopped || ctx.scheduler.now() - startMs < blankMs) return;
      // Contact pushes back against the motion; either sign along the axis counts, whatever the sensor convention.
      const forceN = Math.abs(forceInWorld(wrench, rotation).dot(direction));
      if (forceN < options.maxForceN) return;
      stopped = true;
      movement?.unsubscribe();
      const report: ContactReport = { forceN, travelledM: travelled() };
      subscriber.next({ message: 'contact', fraction: 1, data: { ...report } });
      subscriber.complete();
    });
    if (stopped) return () => watch.unsubscribe();
    movement = motion.execution$.subscribe({
      next: (feedback) => subscriber.next({ message: 'guarded move', fraction: feedback.fraction ?? 0 }),
      error: (error: unknown) => subscriber.error(faultToFailure(error)),
      complete: () => {
        if (stopped) return;
        stopped = true;
        subscriber.error(
          new SkillFailure(
            'missed',
            `guardedMove: no contact within ${distanceM.toFixed(3)} m (threshold ${options.maxForceN} N)`,
            {
              detail: { maxDistanceM: distanceM, maxForceN: options.maxForceN },
            },
          ),
        );
      },
    });
    return () => {
      watch.unsubscribe();
      movement?.unsubscribe();
    };
  });
}

/** Input of the `guardedMove` skill. */
export const GuardedMoveInput = z.strictObject({
  /** Arm name (`left`, `right`, `arm`) or the name of its effector. */
  arm: z.string().min(1),
  /** Direction of travel in the world frame (normalised here). */
  direction: z
    .tuple([z.number(), z.number(), z.number()])
    .refine((v) => Math.hypot(...v) > 1e-9, 'direction must not be zero'),
  maxForceN: z.number().positive().default(15),
  maxDistanceM: z.number().positive().default(0.1),
  /** Go as far as the arm reaches along the line, if at least this far, when the whole distance is out of reach, m. */
  minDistanceM: z.number().positive().optional(),
  velocityScale: z.number().gt(0).max(1).default(0.15),
});

/**
 * Moves the tool along a direction until contact is felt on the wrist F/T, as `guardedMove$`.
 *
 * @example
 * guardedMove({ arm: 'right', direction: [0, 0, -1], maxForceN: 10, maxDistanceM: 0.08 })
 */
export const guardedMove = defineSkill({
  name: 'guardedMove',
  description: 'move the tool along a direction until the wrist force along it passes a threshold',
  input: GuardedMoveInput,
  run: (input, ctx) =>
    defer(() => {
      const arm = findArm(ctx.robot, input.arm);
      if (!arm) throw new SkillFailure('precondition-failed', `guardedMove: robot has no arm '${input.arm}'`);
      return guardedMove$(ctx, arm, new Vector3(...input.direction), input);
    }),
});
