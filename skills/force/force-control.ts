import { defer, interval, Observable, type Subscription } from 'rxjs';
import { Vector3 } from 'three';
import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { defineSkill } from '../../src/skill/define-skill.ts';
import type { ProgressUpdate } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { faultToFailure } from '../../src/skill/fault-to-failure.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { toolInWorld, worldToArmBase } from '../arm/robot-frames.ts';
import { forceInWorld, sensorRotationInWorld } from './wrench.ts';

/** Settings of hybrid force/position control. */
export interface ForceControlOptions {
  /** Unit axis (world) along which a force is held; pressing along it is positive. */
  readonly axis: Vector3;
  readonly targetN: number;
  /** Position motion along the other axes (world), m; its component along `axis` is dropped. */
  readonly moveM: Vector3;
  readonly durationMs: number;
  /** Control tick, ms. */
  readonly tickMs: number;
  /** Admittance: offset speed per newton of force error, m/s/N. */
  readonly gainMpsPerN: number;
  /** The force loop may move the tool at most this far along the axis from the start, m. */
  readonly maxOffsetM: number;
}

/**
 * Hybrid force/position control in the spirit of UR's `force_mode`: on every control tick the tool's position
 * along the free axes follows a straight line (`moveM` over `durationMs`) while its position along `axis` is
 * set by an admittance law, offset += gain·(target − measured)·dt, so the wrist force along `axis` settles at
 * `targetN`. The sensor reads what the hand exerts on the flange, so pressing along `axis` reads as −axis.
 * Emits `force` progress with the measured force; completes when the line is done; fails
 * `precondition-failed` without a wrist sensor. Unsubscribing halts the arm.
 */
export function forceControl$(ctx: SkillContext, arm: Arm, options: ForceControlOptions): Observable<ProgressUpdate> {
  return new Observable<ProgressUpdate>((subscriber) => {
    const sensor = arm.wristSensor;
    if (!sensor) {
      subscriber.error(
        new SkillFailure('precondition-failed', `forceControl: arm ${arm.name} has no wrist force/torque sensor`),
      );
      return;
    }
    const axis = options.axis.clone().normalize();
    const move = options.moveM.clone().addScaledVector(axis, -options.moveM.dot(axis));
    const start = toolInWorld(ctx, arm);
    const rotation = sensorRotationInWorld(ctx, sensor.frameId);
    const startMs = ctx.scheduler.now();
    const dtS = options.tickMs / 1000;
    let offsetM = 0;
    let segment: Subscription | undefined;
    const tick = interval(options.tickMs, ctx.scheduler).subscribe(() => {
      const pressingN = -forceInWorld(sensor.currentWrench(), rotation).dot(axis);
      offsetM = Math.max(
        -options.maxOffsetM,
        Math.min(options.maxOffsetM, offsetM + options.gainMpsPerN * (options.targetN - pressingN) * dtS),
      );
      const fraction = Math.min(1, (ctx.scheduler.now() - startMs) / options.durationMs);
      const position = start.position.clone().addScaledVector(move, fraction).addScaledVector(axis, offsetM);
      subscriber.next({ message: 'force', fraction, data: { pressingN, offsetM } });
      // Each tick replaces the previous set-point: the old segment is halted before the new one starts.
      segment?.unsubscribe();
      if (fraction >= 1) {
        tick.unsubscribe();
        subscriber.complete();
        return;
      }
      const motion = arm.moveCartesian({
        poseInBase: worldToArmBase(ctx, arm, { position, quaternion: start.quaternion }),
        linear: true,
      });
      segment = motion.execution$.subscribe({ error: (error: unknown) => subscriber.error(faultToFailure(error)) });
    });
    return () => {
      tick.unsubscribe();
      segment?.unsubscribe();
    };
  });
}

const Vec3Input = z.tuple([z.number(), z.number(), z.number()]);

/** Input of the `forceControl` skill. */
export const ForceControlInput = z.strictObject({
  arm: z.string().min(1),
  /** World axis along which the force is held, e.g. `[0, 0, -1]` to press down. */
  axis: Vec3Input.refine((v) => Math.hypot(...v) > 1e-9, 'axis must not be zero'),
  targetN: z.number().nonnegative(),
  /** Straight-line motion along the free axes while pressing, world frame, m. */
  moveM: Vec3Input.default([0, 0, 0]),
  durationMs: z.number().positive().default(2000),
  tickMs: z.number().positive().default(20),
  /**
   * Admittance gain. The loop is stable while stiffness × gain × tick < 1: on the sim's UR (compliant wrist on a
   * table, ~25 kN/m) 0.004 rang between −2 and 18 N around a 5 N target. 0.002 sits on that bound (1.0): it held
   * 5 N only while the arm's rest-to-rest timing was slower than a tick (each set-point cut short, so less of every
   * correction applied); with time-optimal timing the arm reaches each set-point within the tick and 0.002 rings
   * between 0 and 11 N. 0.0015 (0.75 of the bound) holds 5.0 N median, 90 % under 5.7 N, while sliding.
   */
  gainMpsPerN: z.number().positive().default(0.0015),
  maxOffsetM: z.number().positive().default(0.03),
});

/**
 * Holds a force along one axis while moving along the others, as `forceControl$`.
 *
 * @example
 * // slide a product 5 cm toward the shelf lip while pressing it down with 4 N
 * forceControl({ arm: 'left', axis: [0, 0, -1], targetN: 4, moveM: [-0.05, 0, 0], durationMs: 2000 })
 */
export const forceControl = defineSkill({
  name: 'forceControl',
  description: 'hold a force along one axis while moving the tool along the others (hybrid force/position)',
  input: ForceControlInput,
  run: (input, ctx) =>
    defer(() => {
      const arm = findArm(ctx.robot, input.arm);
      if (!arm) throw new SkillFailure('precondition-failed', `forceControl: robot has no arm '${input.arm}'`);
      return forceControl$(ctx, arm, {
        ...input,
        axis: new Vector3(...input.axis),
        moveM: new Vector3(...input.moveM),
      });
    }),
});
