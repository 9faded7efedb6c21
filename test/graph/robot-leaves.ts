import { Observable, ignoreElements, map, timer, type SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { CommandLog } from '../../hardware/scripted/command-log.ts';
import { KinematicBase, withKinematicBase } from '../../hardware/scripted/kinematic-base.ts';
import { createScriptedRobot, type ScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { ContextBase } from '../../src/skill/context.ts';
import { SkillFailure, type FailureReason } from '../../src/skill/failure.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { NULL_SINK } from '../../src/telemetry/bus.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';

/**
 * Graph semantics told by what the robot did: leaves that drive the scripted double, whose command log counts
 * every start, stop and halt with scheduler time.
 */
export interface RobotBench {
  readonly robot: Robot & { readonly log: CommandLog };
  readonly scripted: ScriptedRobot;
  readonly base: KinematicBase;
  readonly log: CommandLog;
  readonly ctx: ContextBase;
  /** How many times `command` was logged for `part` (exact counts are the point of these tests). */
  count(part: string, command: string): number;
}

/** The scripted double with a base that integrates its velocity, on `scheduler`. */
export function robotBench(scheduler: SchedulerLike, telemetry: TelemetrySink = NULL_SINK): RobotBench {
  const scripted = createScriptedRobot(scheduler);
  const base = new KinematicBase(scripted.log, scheduler);
  const robot = withKinematicBase(scripted, base);
  const ctx = { robot, world: new InMemoryWorldModel(), scheduler, random: seededRandom(1), telemetry };
  const count = (part: string, command: string): number => scripted.log.of(part, command).length;
  return { robot, scripted, base, log: scripted.log, ctx, count };
}

/** Base speed of `nudge`, m/s: the double's default speed limit, so nothing is clipped. */
export const NUDGE_MPS = 0.5;

/**
 * Drives the base forward at `NUDGE_MPS` for `ms` of scheduler time, then succeeds; its teardown stops the base
 * (as every base skill's halt does). Each nudge that runs to the end moves the base `NUDGE_MPS × ms`.
 */
export function nudge(ms = 20, name = 'nudge'): Skill {
  return fromObservable(
    name,
    (ctx) =>
      new Observable<never>((subscriber) => {
        ctx.robot.parts.base!.setVelocity({ vxMps: NUDGE_MPS, vyMps: 0, wzRadps: 0 });
        const done = ctx.scheduler.schedule(() => subscriber.complete(), ms);
        return () => {
          done.unsubscribe();
          ctx.robot.parts.base!.stop();
        };
      }),
  );
}

/** Moves arm `armIndex` for `durationMs` (scripted), succeeding on arrival; unsubscribing halts the motion. */
export function armMove(bench: RobotBench, durationMs: number, name = 'arm-move', armIndex = 0): Skill {
  const arm = bench.scripted.parts.arms[armIndex]!;
  return fromObservable(name, () => {
    bench.log.script(arm.part, 'moveJoints', { kind: 'succeed', durationMs });
    return arm.moveJoints({ positions: [0.1, 0, 0, 0] }).execution$.pipe(ignoreElements());
  });
}

/** A bug: after `ms` of scheduler time its code throws `error` (a TypeError by default). */
export function bug(
  ms: number,
  error: Error = new TypeError("Cannot read properties of undefined (reading 'x')"),
): Skill {
  return fromObservable('bug', (ctx) =>
    timer(ms, ctx.scheduler).pipe(
      map((): never => {
        throw error;
      }),
    ),
  );
}

/** An ordinary failure with `reason` after `ms`. */
export function failAfter(ms: number, reason: FailureReason, name: string = reason): Skill {
  return fromObservable(name, (ctx) =>
    timer(ms, ctx.scheduler).pipe(
      map((): never => {
        throw new SkillFailure(reason, `${name} after ${ms} ms`);
      }),
    ),
  );
}
