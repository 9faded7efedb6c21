import { describe, expect, it } from 'vitest';
import { NEVER } from 'rxjs';
import { fromObservable, sequence } from '../../src/graph/index.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { waitSkill } from '../../src/task/builtin-skills.ts';
import { describeOutcome, runTask, type TaskRunOptions } from '../../src/task/run-task.ts';
import { TelemetryBus } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { createScriptedRobot } from '../../hardware/scripted/scripted-robot.ts';

function options(
  scheduler: SimScheduler,
  extra: Partial<TaskRunOptions> = {},
): TaskRunOptions & { events: TelemetryEvent[] } {
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((e) => events.push(e));
  return {
    robot: createScriptedRobot(scheduler),
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
