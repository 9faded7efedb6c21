import { catchError, map, throwError, type Observable, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { Robot } from '../../hardware/robot.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { seededRandom } from '../../src/math/random.ts';
import type { ContextBase, SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { toSkillFailure, type SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { TelemetryBus, NULL_SINK } from '../../src/telemetry/bus.ts';
import type { TelemetryEvent, TelemetrySink } from '../../src/skill/telemetry-events.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { InMemoryWorldModel } from '../../src/world/in-memory-world-model.ts';
import { NO_SERVICES } from '../../src/world/services.ts';
import { Blackboard } from '../../src/skill/blackboard.ts';

/** A TestScheduler that compares frames with vitest's deep equality. */
export function marbleScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/**
 * A leaf whose run is `source$`: each marble value becomes a progress event (a string value is its message).
 * Keep `source$` to assert on its `subscriptions`: they prove when the graph started and cancelled the leaf.
 */
export function leafFrom(name: string, source$: Observable<unknown>): Skill {
  return fromObservable(name, () => source$);
}

/**
 * A leaf whose n-th run is `runs[n]` (the last one again once the list is used up): the status-queue double of
 * behaviour-tree tests, for retry and repeat. Each run's `subscriptions` show when that run started and ended.
 */
export function scriptedLeaf(name: string, ...runs: Observable<unknown>[]): Skill {
  let started = 0;
  return fromObservable(name, () => {
    const run = runs[Math.min(started, runs.length - 1)];
    started += 1;
    if (run === undefined) throw new Error(`scriptedLeaf ${name}: no runs scripted`);
    return run;
  });
}

/**
 * A context whose clock is `scheduler`. Graph operators never touch the robot, so it is a bare placeholder
 * here (and only here); leaves that drive hardware use the scripted robot double instead.
 */
export function testContext(scheduler: SchedulerLike, telemetry: TelemetrySink = NULL_SINK): SkillContext {
  return {
    robot: {} as Robot,
    world: new InMemoryWorldModel(),
    scheduler,
    random: seededRandom(1),
    telemetry,
    services: NO_SERVICES,
    blackboard: new Blackboard(),
    node: { id: '0', path: 'test' },
  };
}

/**
 * The base context for running `planThenExecute` (or another graph) whose planner and stages are leaves: a robot
 * with no arms, an empty world, sim time, and `blackboard`, which the test reads back.
 */
export function leafRunContext(blackboard: Blackboard): ContextBase {
  return {
    robot: { parts: { arms: [] } } as unknown as Robot,
    world: new InMemoryWorldModel(),
    scheduler: new SimScheduler(),
    random: seededRandom(1),
    telemetry: NULL_SINK,
    blackboard,
  };
}

/** `reason@path` of whatever a run errored with: compact enough for the error slot of a marble. */
export function failureTag(error: unknown): string {
  const failure = toSkillFailure(error);
  return `${failure.reason}@${failure.path ?? '?'}`;
}

/** What a test wants from a run besides its marbles. */
export interface RunOptions {
  readonly telemetry?: TelemetrySink;
  /** Receives the run's failure itself, for asserting on causes and detail beyond the `reason@path` tag. */
  readonly onFailure?: (failure: SkillFailure) => void;
}

/**
 * A graph run reduced to what marbles compare well: each progress event as its message, the error as its
 * `reason@path` tag.
 */
export function outcome(
  run$: Observable<SkillProgress>,
  onFailure?: (failure: SkillFailure) => void,
): Observable<string> {
  return run$.pipe(
    map((progress) => progress.message),
    catchError((error: unknown) => {
      onFailure?.(toSkillFailure(error));
      return throwError(() => failureTag(error));
    }),
  );
}

/** Runs `root` with `scheduler` as its clock and returns its marble-friendly outcome. */
export function runOutcome(root: Skill, scheduler: SchedulerLike, options: RunOptions = {}): Observable<string> {
  return outcome(runSkill(root, testContext(scheduler, options.telemetry)), options.onFailure);
}

/** A telemetry bus with a fixed wall clock and the list it records into. */
export function recordingTelemetry(): { readonly bus: TelemetryBus; readonly events: TelemetryEvent[] } {
  const bus = new TelemetryBus(() => 0);
  const events: TelemetryEvent[] = [];
  bus.events$.subscribe((event) => events.push(event));
  return { bus, events };
}
