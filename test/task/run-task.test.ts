import { describe, expect, it } from 'vitest';
import { asyncScheduler, ignoreElements, interval, NEVER } from 'rxjs';
import { fromObservable, retry, sequence } from '../../src/graph/index.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { failSkill, waitSkill } from '../../src/task/builtin-skills.ts';
import { describeOutcome, runTask, type TaskRunOptions } from '../../src/task/run-task.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

function options(
  scheduler: SimScheduler | typeof asyncScheduler,
  extra: Partial<TaskRunOptions> = {},
): TaskRunOptions & { events: TelemetryEvent[] } {
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  return {
    robot: createScriptedRobot(scheduler instanceof SimScheduler ? scheduler : new SimScheduler()),
    world: new InMemoryWorldModel(),
    random: seededRandom(1),
    telemetry: bus,
    scheduler,
    speed: 'max',
    limitMs: 10_000,
    events,
    ...extra,
  };
}

describe('runTask', () => {
  it('at realtime, waits the wall time between scheduled actions, anchored to the start', async () => {
    const scheduler = new SimScheduler();
    let wallMs = 1_000;
    const sleeps: number[] = [];
    const root = sequence(waitSkill({ ms: 300 }), waitSkill({ ms: 200 }));
    const outcome = await runTask(
      root,
      options(scheduler, {
        speed: 'realtime',
        wallClock: () => wallMs,
        // The fake sleep oversleeps by 5 ms each time: the next wait must make up for it.
        sleep: async (ms) => {
          sleeps.push(ms);
          wallMs += ms + 5;
        },
      }),
    );
    expect(outcome).toEqual({ status: 'succeeded', simTimeMs: 500 });
    expect(sleeps).toEqual([300, 195]);
  });

  it('cancels a run with nothing left to happen and reports it stalled', async () => {
    const scheduler = new SimScheduler();
    const stuck: Skill = sequence(
      { name: 'stuck' },
      waitSkill({ ms: 40 }),
      fromObservable('forever', () => NEVER),
    );
    const run = options(scheduler);
    const outcome = await runTask(stuck, run);
    expect(outcome).toEqual({ status: 'stalled', simTimeMs: 40 });
    expect(run.events.filter((e) => e.kind === 'cancelled').map((e) => e.path)).toEqual(['stuck/forever', 'stuck']);
    expect(describeOutcome(outcome)).toBe(
      'stalled: nothing left to happen at 0.040 s sim time, but the task had not finished (cancelled)',
    );
  });

  it('cancels a run that reaches its sim-time limit', async () => {
    const scheduler = new SimScheduler();
    const outcome = await runTask(waitSkill({ ms: 5_000 }), options(scheduler, { limitMs: 1_000 }));
    expect(outcome).toEqual({ status: 'time-limit', simTimeMs: 1_000 });
    expect(describeOutcome(outcome)).toBe('time limit reached at 1.000 s sim time (cancelled)');
  });
});

describe('runTask on a stepped world', () => {
  // A stand-in for a physics world: each step advances the clock by one fixed step, as SimWorld.step does.
  function stepper(scheduler: SimScheduler, stepMs: number) {
    let steps = 0;
    return {
      stepMs,
      step: () => {
        steps++;
        scheduler.advanceTo(steps * stepMs);
      },
      get steps() {
        return steps;
      },
    };
  }

  it('moves time only by stepping the world, and ends at the first step past the work', async () => {
    const scheduler = new SimScheduler();
    const world = stepper(scheduler, 1000 / 240);
    const outcome = await runTask(
      sequence(waitSkill({ ms: 100 }), waitSkill({ ms: 50 })),
      options(scheduler, { worldStep: world }),
    );
    expect(outcome.status).toBe('succeeded');
    // 150 ms at 240 Hz is 36 steps: the run must not step on once it is done.
    expect(world.steps).toBe(36);
    expect(outcome.simTimeMs).toBeCloseTo(150, 9);
  });

  it('a graph that never finishes runs out of time, it does not stall, on a stepped world', async () => {
    const scheduler = new SimScheduler();
    const world = stepper(scheduler, 10);
    const outcome = await runTask(
      fromObservable('forever', () => NEVER),
      options(scheduler, { worldStep: world, limitMs: 500 }),
    );
    expect(outcome.status).toBe('time-limit');
    expect(world.steps).toBe(50);
  });

  it('keeps pace with the wall clock in realtime, a frame of steps at a time', async () => {
    const scheduler = new SimScheduler();
    const world = stepper(scheduler, 10);
    let wallMs = 0;
    const sleeps: number[] = [];
    let frames = 0;
    const outcome = await runTask(
      waitSkill({ ms: 200 }),
      options(scheduler, {
        worldStep: world,
        speed: 'realtime',
        wallClock: () => wallMs,
        sleep: async (ms) => {
          sleeps.push(ms);
          wallMs += ms;
        },
        onStep: () => frames++,
      }),
    );
    expect(outcome.status).toBe('succeeded');
    expect(world.steps).toBe(20);
    expect(frames).toBe(5);
    // Computation takes no wall time here, so each frame waits exactly for the sim time the last one covered.
    expect(sleeps).toEqual([40, 40, 40, 40]);
  });
});

describe('runTask: caps and cancellation', () => {
  it('ends a loop that takes no sim time with no-progress, and cancels the graph', async () => {
    const scheduler = new SimScheduler();
    scheduler.maxActionsPerInstant = 2_000;
    // A retry of an instant failure reschedules itself at 0 ms: sim time never moves.
    const spin = retry({ name: 'spin', attempts: 1e9 }, failSkill({ reason: 'missed', message: 'instant' }));
    const run = options(scheduler);
    const outcome = await runTask(sequence({ name: 'loop' }, waitSkill({ ms: 30 }), spin), run);
    expect(outcome.status).toBe('no-progress');
    expect(outcome.simTimeMs).toBe(30);
    expect(describeOutcome(outcome)).toBe(
      'no progress: sim time stuck at 0.030 s: 2000 actions ran without the clock moving; a loop that takes no sim ' +
        'time, such as a retry of an instant failure (cancelled)',
    );
    expect(run.events.filter((e) => e.kind === 'cancelled').map((e) => e.path)).toEqual(['loop/spin', 'loop']);
    expect(scheduler.pending).toBe(0);
  });

  it('ends a run whose sim time stands still while it computes, by wall time, before the action budget', async () => {
    const scheduler = new SimScheduler();
    let wallMs = 0;
    const spin = retry({ name: 'spin', attempts: 1e9 }, failSkill({ reason: 'missed', message: 'instant' }));
    const outcome = await runTask(
      spin,
      // Every look at the wall clock costs 50 ms of it.
      options(scheduler, { stallWallMs: 200, wallClock: () => (wallMs += 50) }),
    );
    expect(outcome).toEqual({
      status: 'no-progress',
      simTimeMs: 0,
      detail: 'sim time stuck at 0.000 s for 0.2 s of wall time',
    });
    expect(scheduler.pending).toBe(0);
  });

  it('stops at the wall-clock cap while sim time creeps', async () => {
    const scheduler = new SimScheduler();
    let wallMs = 0;
    // Each look at the wall clock costs 7 ms of it: the run computes, sim time moves 1 ms per action.
    const creep = fromObservable('creep', (ctx) => interval(1, ctx.scheduler).pipe(ignoreElements()));
    const outcome = await runTask(
      creep,
      options(scheduler, { wallLimitMs: 1_000, wallClock: () => (wallMs += 7), limitMs: 1e9 }),
    );
    expect(outcome.status).toBe('wall-limit');
    expect(outcome.simTimeMs).toBeGreaterThan(0);
    expect(outcome.simTimeMs).toBeLessThan(1_000);
    expect(describeOutcome(outcome)).toMatch(/^wall-clock limit reached at \d+\.\d{3} s sim time \(cancelled\)$/);
  });

  it('stops when the abort signal fires, with its reason, and cancels every running node', async () => {
    const scheduler = new SimScheduler();
    const controller = new AbortController();
    const run = options(scheduler, {
      speed: 'realtime',
      signal: controller.signal,
      // The wait of 5 s is a sleep that the abort ends early.
      sleep: (_ms, signal) =>
        new Promise<void>((resolve) => {
          signal?.addEventListener('abort', () => resolve());
          controller.abort('SIGINT');
        }),
    });
    const outcome = await runTask(sequence({ name: 'job' }, waitSkill({ ms: 5_000 })), run);
    expect(outcome).toEqual({ status: 'interrupted', simTimeMs: 0, reason: 'SIGINT' });
    expect(describeOutcome(outcome)).toBe('interrupted by SIGINT at 0.000 s sim time (cancelled)');
    expect(run.events.filter((e) => e.kind === 'cancelled').map((e) => e.path)).toEqual(['job/wait', 'job']);
  });

  it('a stepped world at max speed still sees the signal between slices of steps', async () => {
    const scheduler = new SimScheduler();
    const controller = new AbortController();
    let wallMs = 0;
    let steps = 0;
    const world = {
      stepMs: 10,
      step: () => {
        steps++;
        scheduler.advanceTo(steps * 10);
        if (steps === 100) controller.abort('SIGTERM');
      },
    };
    const outcome = await runTask(
      fromObservable('forever', () => NEVER),
      options(scheduler, { worldStep: world, signal: controller.signal, wallClock: () => (wallMs += 1) }),
    );
    expect(outcome).toEqual({ status: 'interrupted', simTimeMs: steps * 10, reason: 'SIGTERM' });
    // Seen at the next turn, a slice (20 ms of wall time, one per look here) later at most.
    expect(steps).toBeLessThanOrEqual(100 + 20);
  });

  it('runs on a scheduler that moves by itself (wall time, as on hardware)', async () => {
    const outcome = await runTask(waitSkill({ ms: 5 }), options(asyncScheduler, { limitMs: 10_000 }));
    expect(outcome.status).toBe('succeeded');
    const capped = await runTask(
      fromObservable('forever', () => NEVER),
      options(asyncScheduler, { limitMs: 5 }),
    );
    expect(capped.status).toBe('time-limit');
    const controller = new AbortController();
    controller.abort('SIGINT');
    const stopped = await runTask(
      fromObservable('forever', () => NEVER),
      options(asyncScheduler, { signal: controller.signal }),
    );
    expect(stopped).toMatchObject({ status: 'interrupted', reason: 'SIGINT' });
  });
});
