import type { SchedulerLike, Subscription } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { RandomSource } from '../../src/math/random.ts';
import { toSkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import type { TelemetrySink } from '../../src/skill/telemetry-events.ts';
import type { TaskRunOutcome } from '../../src/task/run-task.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

/** How a wall-clock run ended: as a sim run can, or interrupted by the user (Ctrl-C). */
export type WallClockRunOutcome = TaskRunOutcome | { readonly status: 'interrupted'; readonly simTimeMs: number };

export interface WallClockRunOptions {
  readonly robot: Robot;
  readonly world: WorldModel;
  readonly random: RandomSource;
  readonly telemetry: TelemetrySink;
  /** The wall clock hardware runs on (rxjs `asyncScheduler` or an equivalent). */
  readonly scheduler: SchedulerLike;
  /** Run time after which the run is cancelled, ms. */
  readonly limitMs: number;
  /** Resolves when the user asks to stop (SIGINT in the CLI; tests resolve it themselves). */
  readonly interrupt: Promise<void>;
}

/**
 * Runs a graph on a robot that moves by itself (hardware over rosbridge): nothing steps the clock, the graph just
 * runs on the wall-clock scheduler. A time limit or an interrupt unsubscribes the graph, which cancels the goals of
 * whatever it moved, and then every part of the robot is stopped, so the robot is still before the caller
 * disconnects and the process exits.
 */
export async function runTaskOnWallClock(root: Skill, options: WallClockRunOptions): Promise<WallClockRunOutcome> {
  const { scheduler } = options;
  const startMs = scheduler.now();
  const elapsedMs = (): number => scheduler.now() - startMs;
  return new Promise<WallClockRunOutcome>((resolve) => {
    let settled = false;
    let run: Subscription | undefined;
    const finish = (outcome: WallClockRunOutcome): void => {
      if (settled) return;
      settled = true;
      limit.unsubscribe();
      run?.unsubscribe();
      if (outcome.status !== 'succeeded') options.robot.stop();
      resolve(outcome);
    };
    const limit = scheduler.schedule(() => finish({ status: 'time-limit', simTimeMs: elapsedMs() }), options.limitMs);
    run = runSkill(root, {
      robot: options.robot,
      world: options.world,
      scheduler,
      random: options.random,
      telemetry: options.telemetry,
    }).subscribe({
      error: (error: unknown) => finish({ status: 'failed', simTimeMs: elapsedMs(), failure: toSkillFailure(error) }),
      complete: () => finish({ status: 'succeeded', simTimeMs: elapsedMs() }),
    });
    // A graph that ended synchronously has settled already; `run` was still undefined inside finish then.
    if (settled) run.unsubscribe();
    void options.interrupt.then(() => finish({ status: 'interrupted', simTimeMs: elapsedMs() }));
  });
}
