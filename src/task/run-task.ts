import type { Robot } from '../../hardware/robot.ts';
import type { RandomSource } from '../math/random.ts';
import { toSkillFailure, type SkillFailure } from '../skill/failure.ts';
import { runSkill } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import type { TelemetrySink } from '../skill/telemetry-events.ts';
import type { SimScheduler } from '../time/sim-scheduler.ts';
import type { WorldModel } from '../world/world-model.ts';
import type { WorldServices } from '../world/services.ts';
import type { BlackboardView } from '../skill/blackboard.ts';

/** Advances a simulated world by one fixed step; the world advances the run's scheduler with it. */
export interface WorldStepper {
  readonly stepMs: number;
  step(): void;
}

/** How a run ended. `stalled`: nothing left to happen but the graph still running; `time-limit`: sim time ran out. */
export type TaskRunOutcome =
  | { readonly status: 'succeeded'; readonly simTimeMs: number }
  | { readonly status: 'failed'; readonly simTimeMs: number; readonly failure: SkillFailure }
  | { readonly status: 'stalled' | 'time-limit'; readonly simTimeMs: number };

export interface TaskRunOptions {
  readonly robot: Robot;
  readonly world: WorldModel;
  readonly random: RandomSource;
  readonly telemetry: TelemetrySink;
  /** What the backend provides to skills (the context's `services`); none when left out. */
  readonly services?: WorldServices;
  /** The blackboard the run starts with (shared between runs of one session); a fresh one when left out. */
  readonly blackboard?: BlackboardView;
  /** The run's clock: nothing moves it but this runner. */
  readonly scheduler: SimScheduler;
  /** `max` jumps from one scheduled action to the next; `realtime` waits the wall time between them. */
  readonly speed: 'max' | 'realtime';
  /** Sim time after which the run is cancelled, ms. */
  readonly limitMs: number;
  /**
   * A physics backend's fixed step. When given, time moves only by stepping the world (each step advances the
   * scheduler), since physics must run between scheduled actions; without it the clock jumps from one scheduled
   * action to the next.
   */
  readonly worldStep?: WorldStepper;
  /** Called after each step of the clock in realtime runs (a terminal view redraws here). */
  readonly onStep?: () => void;
  /** Wall-clock sleep and clock for realtime runs; injected by tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly wallClock?: () => number;
}

/**
 * Runs a graph to its end on a sim scheduler. The scheduler is driven from outside the graph, so a run at `max`
 * speed takes no wall time beyond the computation and gives the same trace on every run.
 */
export async function runTask(root: Skill, options: TaskRunOptions): Promise<TaskRunOutcome> {
  const { scheduler, limitMs } = options;
  let outcome: TaskRunOutcome | undefined;
  const subscription = runSkill(root, {
    robot: options.robot,
    world: options.world,
    scheduler,
    random: options.random,
    telemetry: options.telemetry,
    ...(options.services === undefined ? {} : { services: options.services }),
    ...(options.blackboard === undefined ? {} : { blackboard: options.blackboard }),
  }).subscribe({
    error: (error: unknown) =>
      (outcome = { status: 'failed', simTimeMs: scheduler.now(), failure: toSkillFailure(error) }),
    complete: () => (outcome = { status: 'succeeded', simTimeMs: scheduler.now() }),
  });
  const done = (): boolean => outcome !== undefined;
  const stepper = options.worldStep;
  if (stepper !== undefined) await runStepped(stepper, scheduler, done, limitMs, options);
  else if (options.speed === 'max') scheduler.runUntil(done, limitMs);
  else await runRealtime(scheduler, done, limitMs, options);
  if (outcome !== undefined) return outcome;
  // Cancelling halts what the graph moved and reports `cancelled` for every running node.
  // A stepped world always has time to give, so it only ever runs out of it.
  const status = stepper === undefined && scheduler.nextDueMs() === undefined ? 'stalled' : 'time-limit';
  // Out of time: let the clock reach the limit, so the cancellation is stamped when the run was given up.
  // Nothing is due before the limit (that is why the run stopped), so this runs no action.
  if (status === 'time-limit' && scheduler.now() < limitMs) scheduler.advanceTo(limitMs);
  subscription.unsubscribe();
  return { status, simTimeMs: scheduler.now() };
}

async function runRealtime(
  scheduler: SimScheduler,
  done: () => boolean,
  limitMs: number,
  options: TaskRunOptions,
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const wallClock = options.wallClock ?? (() => performance.now());
  // Sim time t is due at wall time wallStart + (t - simStart): one anchor, so waits do not drift.
  const wallStart = wallClock();
  const simStart = scheduler.now();
  while (!done()) {
    const dueMs = scheduler.nextDueMs();
    if (dueMs === undefined || dueMs > limitMs) return;
    const waitMs = wallStart + (dueMs - simStart) - wallClock();
    if (waitMs > 0) await sleep(waitMs);
    scheduler.advanceTo(Math.max(dueMs, scheduler.now()));
    options.onStep?.();
  }
}

/** Physics runs: step the world until done or out of time; in realtime, in batches that keep pace with the wall. */
async function runStepped(
  stepper: WorldStepper,
  scheduler: SimScheduler,
  done: () => boolean,
  limitMs: number,
  options: TaskRunOptions,
): Promise<void> {
  if (options.speed === 'max') {
    while (!done() && scheduler.now() + stepper.stepMs <= limitMs + 1e-9) stepper.step();
    return;
  }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const wallClock = options.wallClock ?? (() => performance.now());
  const wallStart = wallClock();
  const simStart = scheduler.now();
  while (!done() && scheduler.now() + stepper.stepMs <= limitMs + 1e-9) {
    const aheadMs = scheduler.now() - simStart - (wallClock() - wallStart);
    if (aheadMs > 0) await sleep(aheadMs);
    // One frame of steps (≈ 1/60 s of sim time) between redraws.
    for (let i = 0; i < FRAME_STEPS && !done(); i++) stepper.step();
    options.onStep?.();
  }
}

const FRAME_STEPS = 4;

/** One line for a person about how a run ended. */
export function describeOutcome(outcome: TaskRunOutcome): string {
  const at = `${(outcome.simTimeMs / 1000).toFixed(3)} s sim time`;
  switch (outcome.status) {
    case 'succeeded':
      return `succeeded in ${at}`;
    case 'failed':
      return `failed: ${outcome.failure.describe()}`;
    case 'stalled':
      return `stalled: nothing left to happen at ${at}, but the task had not finished (cancelled)`;
    case 'time-limit':
      return `time limit reached at ${at} (cancelled)`;
  }
}
