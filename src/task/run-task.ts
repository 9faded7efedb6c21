import type { SchedulerLike } from 'rxjs';
import type { Robot } from '../../hardware/robot.ts';
import type { RandomSource } from '../math/random.ts';
import { toSkillFailure, type SkillFailure } from '../skill/failure.ts';
import { runSkill } from '../skill/run.ts';
import type { Skill } from '../skill/skill.ts';
import type { TelemetrySink } from '../skill/telemetry-events.ts';
import { ClockStalledError } from '../time/sim-scheduler.ts';
import type { WorldModel } from '../world/world-model.ts';
import type { WorldServices } from '../world/services.ts';
import type { BlackboardView } from '../skill/blackboard.ts';

/** Advances a simulated world by one fixed step; the world advances the run's scheduler with it. */
export interface WorldStepper {
  readonly stepMs: number;
  step(): void;
}

/**
 * A clock the runner drives (the `SimScheduler`): nothing moves it but `advanceTo`. A scheduler without these
 * methods (a wall-clock scheduler on hardware) moves by itself, and the runner only waits for the graph.
 */
export interface DrivenClock extends SchedulerLike {
  advanceTo(timeMs: number): void;
  nextDueMs(): number | undefined;
  /** `advanceTo` running at most `maxActions` actions; false when some due by `timeMs` are left. */
  advanceToAtMost?(timeMs: number, maxActions: number): boolean;
}

/**
 * How a run ended. `stalled`: nothing left to happen but the graph still running; `time-limit`: sim time ran out;
 * `wall-limit`: wall time ran out; `no-progress`: work kept running without sim time moving; `interrupted`: the
 * caller's abort signal fired (Ctrl-C). Every status but `succeeded` and `failed` cancelled the graph.
 */
export type TaskRunOutcome =
  | { readonly status: 'succeeded'; readonly simTimeMs: number }
  | { readonly status: 'failed'; readonly simTimeMs: number; readonly failure: SkillFailure }
  | { readonly status: 'stalled' | 'time-limit' | 'wall-limit'; readonly simTimeMs: number }
  | { readonly status: 'no-progress'; readonly simTimeMs: number; readonly detail: string }
  | { readonly status: 'interrupted'; readonly simTimeMs: number; readonly reason: string };

export interface TaskRunOptions {
  readonly robot: Robot;
  readonly world: WorldModel;
  readonly random: RandomSource;
  readonly telemetry: TelemetrySink;
  /** What the backend provides to skills (the context's `services`); none when left out. */
  readonly services?: WorldServices;
  /** The blackboard the run starts with (shared between runs of one session); a fresh one when left out. */
  readonly blackboard?: BlackboardView;
  /**
   * The run's clock. A `DrivenClock` (the sim's `SimScheduler`) is moved by this runner only; any other rxjs
   * scheduler (wall time, on hardware) moves by itself.
   */
  readonly scheduler: SchedulerLike;
  /** Driven clocks: `max` jumps from one scheduled action to the next; `realtime` waits the wall time between them. */
  readonly speed: 'max' | 'realtime';
  /** Scheduler time after which the run is cancelled, ms. */
  readonly limitMs: number;
  /** Wall time after which the run is cancelled, ms (a cap for runs whose sim time creeps). Default: none. */
  readonly wallLimitMs?: number;
  /**
   * Wall time the run may compute without sim time moving before it ends as `no-progress`, ms (default 10 s). Time
   * spent sleeping in a realtime run does not count.
   */
  readonly stallWallMs?: number;
  /** Cancels the run (Ctrl-C); the outcome is `interrupted` with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * A physics backend's fixed step. When given, time moves only by stepping the world (each step advances the
   * scheduler), since physics must run between scheduled actions; without it the clock jumps from one scheduled
   * action to the next.
   */
  readonly worldStep?: WorldStepper;
  /** Called after each step of the clock in realtime runs (a terminal view redraws here). */
  readonly onStep?: () => void;
  /** Wall-clock sleep and clock; injected by tests. The sleep must end early when the signal aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly wallClock?: () => number;
}

/**
 * Runs a graph to its end. On a driven clock (the sim) the scheduler is moved from outside the graph, so a run at
 * `max` speed takes no wall time beyond the computation and gives the same trace on every run; long computations
 * give the event loop a turn every few milliseconds, so Ctrl-C and the wall-time cap are seen. On any other
 * scheduler the runner subscribes and waits. However it ends, a graph still running is cancelled (unsubscribed),
 * which halts what it moved, bottom-up.
 */
export async function runTask(root: Skill, options: TaskRunOptions): Promise<TaskRunOutcome> {
  const { scheduler } = options;
  let outcome: TaskRunOutcome | undefined;
  const loop = new RunLoop(options, () => outcome !== undefined);
  const subscription = runSkill(root, {
    robot: options.robot,
    world: options.world,
    scheduler,
    random: options.random,
    telemetry: options.telemetry,
    ...(options.services === undefined ? {} : { services: options.services }),
    ...(options.blackboard === undefined ? {} : { blackboard: options.blackboard }),
  }).subscribe({
    error: (error: unknown) => {
      outcome ??= { status: 'failed', simTimeMs: scheduler.now(), failure: toSkillFailure(error) };
      loop.settled();
    },
    complete: () => {
      outcome ??= { status: 'succeeded', simTimeMs: scheduler.now() };
      loop.settled();
    },
  });
  let ended: TaskRunOutcome | undefined;
  try {
    ended = isDrivenClock(scheduler) ? await runDriven(scheduler, loop, options) : await runOnOwnClock(loop, options);
  } catch (error) {
    if (!(error instanceof ClockStalledError)) throw error;
    ended = { status: 'no-progress', simTimeMs: scheduler.now(), detail: error.message };
  }
  // The graph's own end wins over a limit reached in the same turn.
  const final = outcome ?? ended ?? { status: 'stalled', simTimeMs: scheduler.now() };
  // Cancelling halts what the graph moved and reports `cancelled` for every running node.
  subscription.unsubscribe();
  return final;
}

/** A driven clock moves only when this runner says so. */
export function isDrivenClock(scheduler: SchedulerLike): scheduler is DrivenClock {
  const s = scheduler as Partial<DrivenClock>;
  return typeof s.advanceTo === 'function' && typeof s.nextDueMs === 'function';
}

/** Wall time a run computes before it gives the event loop a turn (signals, the wall cap, other I/O), ms. */
const SLICE_MS = 20;
/** Actions run between looks at the wall clock, when the clock can run a bounded number. */
const ACTIONS_PER_LOOK = 256;
/** Default of `stallWallMs`. */
const DEFAULT_STALL_WALL_MS = 10_000;

/** The wall-clock side of a run: done or not, the abort signal, the wall cap, and turns for the event loop. */
class RunLoop {
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly wallClock: () => number;
  private readonly wallStartMs: number;
  private sliceStartMs: number;
  /** Sim time at the last look, and the wall time since which it has not moved (sleeps aside). */
  private lastSimMs = Number.NaN;
  private stillSinceMs: number;
  /** Called once when the graph ends (runs on their own clock wait for it). */
  onSettled: (() => void) | undefined;

  constructor(
    private readonly options: TaskRunOptions,
    readonly done: () => boolean,
  ) {
    this.sleep = options.sleep ?? abortableSleep;
    this.wallClock = options.wallClock ?? (() => performance.now());
    this.wallStartMs = this.wallClock();
    this.sliceStartMs = this.wallStartMs;
    this.stillSinceMs = this.wallStartMs;
  }

  /** The graph ended (success or failure). */
  settled(): void {
    this.onSettled?.();
  }

  /** Wall time left before the wall cap, ms. */
  wallLeftMs(): number {
    const { wallLimitMs } = this.options;
    return wallLimitMs === undefined ? Number.POSITIVE_INFINITY : wallLimitMs - (this.wallClock() - this.wallStartMs);
  }

  /** Why the run must stop now (interrupted, wall limit), if it must. */
  stopReason(simTimeMs: number): TaskRunOutcome | undefined {
    const { signal, wallLimitMs } = this.options;
    if (signal?.aborted) return { status: 'interrupted', simTimeMs, reason: abortReason(signal) };
    if (wallLimitMs !== undefined && this.wallLeftMs() <= 0) return { status: 'wall-limit', simTimeMs };
    return undefined;
  }

  /**
   * After a slice of computation, lets the event loop run (a signal handler, a timer) and checks the limits and
   * that sim time moves.
   */
  async turn(simTimeMs: number): Promise<TaskRunOutcome | undefined> {
    const nowMs = this.wallClock();
    if (simTimeMs !== this.lastSimMs) {
      this.lastSimMs = simTimeMs;
      this.stillSinceMs = nowMs;
    }
    const stallMs = this.options.stallWallMs ?? DEFAULT_STALL_WALL_MS;
    if (nowMs - this.stillSinceMs >= stallMs) {
      const detail = `sim time stuck at ${(simTimeMs / 1000).toFixed(3)} s for ${(stallMs / 1000).toFixed(1)} s of wall time`;
      return { status: 'no-progress', simTimeMs, detail };
    }
    if (nowMs - this.sliceStartMs >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStartMs = this.wallClock();
    }
    return this.stopReason(simTimeMs);
  }

  /** A wall-clock wait (realtime pacing); it does not count as computing without progress. */
  async pause(ms: number): Promise<void> {
    await this.sleep(Math.min(ms, this.wallLeftMs()), this.options.signal);
    this.stillSinceMs = this.wallClock();
  }
}

async function runDriven(
  clock: DrivenClock,
  loop: RunLoop,
  options: TaskRunOptions,
): Promise<TaskRunOutcome | undefined> {
  const { limitMs, worldStep } = options;
  const stepped = worldStep === undefined ? undefined : () => runStepped(worldStep, clock, loop, options);
  const end =
    stepped !== undefined
      ? await stepped()
      : options.speed === 'max'
        ? await runMax(clock, loop, limitMs)
        : await runRealtime(clock, loop, options);
  if (end !== undefined || loop.done()) return end;
  // A stepped world always has time to give, so it only ever runs out of it.
  const status = worldStep === undefined && clock.nextDueMs() === undefined ? 'stalled' : 'time-limit';
  // Out of time: let the clock reach the limit, so the cancellation is stamped when the run was given up.
  // Nothing is due before the limit (that is why the run stopped), so this runs no action.
  if (status === 'time-limit' && clock.now() < limitMs) clock.advanceTo(limitMs);
  return { status, simTimeMs: clock.now() };
}

/** Jumps from one due action to the next until done, nothing is due, or the limit. */
async function runMax(clock: DrivenClock, loop: RunLoop, limitMs: number): Promise<TaskRunOutcome | undefined> {
  while (!loop.done()) {
    const stop = await loop.turn(clock.now());
    if (stop !== undefined) return stop;
    const dueMs = clock.nextDueMs();
    if (dueMs === undefined || dueMs > limitMs) return undefined;
    advanceSome(clock, Math.max(dueMs, clock.now()));
  }
  return undefined;
}

/** Moves a driven clock toward `timeMs`, in slices when it can, so a loop at one instant still lets the runner look. */
function advanceSome(clock: DrivenClock, timeMs: number): void {
  if (clock.advanceToAtMost === undefined) clock.advanceTo(timeMs);
  else clock.advanceToAtMost(timeMs, ACTIONS_PER_LOOK);
}

async function runRealtime(
  clock: DrivenClock,
  loop: RunLoop,
  options: TaskRunOptions,
): Promise<TaskRunOutcome | undefined> {
  // Sim time t is due at wall time wallStart + (t - simStart): one anchor, so waits do not drift.
  const wallStart = loop.wallClock();
  const simStart = clock.now();
  while (!loop.done()) {
    const stop = await loop.turn(clock.now());
    if (stop !== undefined) return stop;
    const dueMs = clock.nextDueMs();
    if (dueMs === undefined || dueMs > options.limitMs) return undefined;
    const waitMs = wallStart + (dueMs - simStart) - loop.wallClock();
    if (waitMs > 0) await loop.pause(waitMs);
    const interrupted = loop.stopReason(clock.now());
    if (interrupted !== undefined) return interrupted;
    advanceSome(clock, Math.max(dueMs, clock.now()));
    options.onStep?.();
  }
  return undefined;
}

/** Physics runs: step the world until done or out of time; in realtime, in batches that keep pace with the wall. */
async function runStepped(
  stepper: WorldStepper,
  clock: DrivenClock,
  loop: RunLoop,
  options: TaskRunOptions,
): Promise<TaskRunOutcome | undefined> {
  const { limitMs } = options;
  const room = (): boolean => clock.now() + stepper.stepMs <= limitMs + 1e-9;
  const wallStart = loop.wallClock();
  const simStart = clock.now();
  while (!loop.done() && room()) {
    const stop = await loop.turn(clock.now());
    if (stop !== undefined) return stop;
    if (options.speed === 'max') {
      stepper.step();
      continue;
    }
    const aheadMs = clock.now() - simStart - (loop.wallClock() - wallStart);
    if (aheadMs > 0) await loop.pause(aheadMs);
    const interrupted = loop.stopReason(clock.now());
    if (interrupted !== undefined) return interrupted;
    // One frame of steps (≈ 1/60 s of sim time) between redraws.
    for (let i = 0; i < FRAME_STEPS && !loop.done() && room(); i++) stepper.step();
    options.onStep?.();
  }
  return undefined;
}

const FRAME_STEPS = 4;

/** A scheduler that moves by itself (wall time on hardware): wait for the graph, the limits or the signal. */
async function runOnOwnClock(loop: RunLoop, options: TaskRunOptions): Promise<TaskRunOutcome | undefined> {
  const { scheduler, limitMs, wallLimitMs, signal } = options;
  if (loop.done()) return undefined;
  return new Promise<TaskRunOutcome | undefined>((resolve) => {
    const timers: Array<{ unsubscribe(): void }> = [];
    const finish = (end: TaskRunOutcome | undefined): void => {
      for (const timer of timers) timer.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      loop.onSettled = undefined;
      resolve(end);
    };
    const onAbort = (): void => finish(loop.stopReason(scheduler.now()));
    signal?.addEventListener('abort', onAbort);
    timers.push(scheduler.schedule(() => finish({ status: 'time-limit', simTimeMs: scheduler.now() }), limitMs));
    if (wallLimitMs !== undefined)
      timers.push(scheduler.schedule(() => finish({ status: 'wall-limit', simTimeMs: scheduler.now() }), wallLimitMs));
    loop.onSettled = () => finish(undefined);
    if (signal?.aborted) onAbort();
  });
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : 'aborted';
}

/** A wall-clock sleep that ends early when the signal aborts. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

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
    case 'wall-limit':
      return `wall-clock limit reached at ${at} (cancelled)`;
    case 'no-progress':
      return `no progress: ${outcome.detail}; a loop that takes no sim time, such as a retry of an instant failure (cancelled)`;
    case 'interrupted':
      return `interrupted by ${outcome.reason} at ${at} (cancelled)`;
  }
}
