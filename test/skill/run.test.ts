import { NEVER, Observable, config, of } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sequence } from '../../src/graph/sequence.ts';
import { succeed } from '../../src/graph/succeed.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import type { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import { MAX_GRAPH_DEPTH, type Skill } from '../../src/skill/skill.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { recordingTelemetry, testContext } from '../helpers/graph-test-kit.ts';

/** A leaf built by hand, so it can do what `defineSkill` would never let it. */
function rawLeaf(name: string, start: Skill['start']): Skill {
  return { kind: name, name, children: [], start };
}

/** What rxjs reported as unhandled during a test (it would throw it later, outside the run), and a teardown log. */
let unhandled: unknown[] = [];
let log: string[] = [];
beforeEach(() => {
  unhandled = [];
  log = [];
  config.onUnhandledError = (error) => unhandled.push(error);
});
afterEach(() => {
  config.onUnhandledError = null;
});

/** Runs `root` on a sim clock to its end. */
function run(root: Skill): { outcome: string; failure?: SkillFailure; unhandled: unknown[] } {
  const result: { outcome: string; failure?: SkillFailure; unhandled: unknown[] } = { outcome: 'pending', unhandled };
  const scheduler = new SimScheduler();
  runSkill(root, testContext(scheduler)).subscribe({
    complete: () => (result.outcome = 'succeeded'),
    error: (error: SkillFailure) => {
      result.outcome = 'failed';
      result.failure = error;
    },
  });
  scheduler.runUntil(() => result.outcome !== 'pending', 10_000);
  return result;
}

/** A leaf that succeeds at once, synchronously, and logs its teardown. */
function instant(name: string): Skill {
  return rawLeaf(
    name,
    () =>
      new Observable<SkillProgress>((subscriber) => {
        log.push(`${name} start`);
        subscriber.complete();
        return () => log.push(`${name} teardown`);
      }),
  );
}

describe('runSkill / runNode', () => {
  it(`refuses a graph deeper than ${MAX_GRAPH_DEPTH} levels before starting anything, naming where`, () => {
    let started = 0;
    let node: Skill = rawLeaf('leaf', () => {
      started += 1;
      return NEVER;
    });
    for (let i = 0; i < MAX_GRAPH_DEPTH; i++) node = sequence({ name: `s${i}` }, node);
    const { outcome, failure } = run(node);
    expect(outcome).toBe('failed');
    expect(failure?.reason).toBe('invalid-input');
    expect(failure?.message).toMatch(
      new RegExp(`deeper than ${MAX_GRAPH_DEPTH} levels \\(at s${MAX_GRAPH_DEPTH - 1}/`),
    );
    expect(failure?.message).toMatch(/\/s0\/leaf\)$/);
    expect(started).toBe(0);
  });

  it(`runs a graph exactly ${MAX_GRAPH_DEPTH} levels deep`, () => {
    let node: Skill = succeed();
    for (let i = 1; i < MAX_GRAPH_DEPTH; i++) node = sequence(node);
    expect(run(node).outcome).toBe('succeeded');
  });

  it('fails with internal-error, never succeeds, when the runner itself trips on what a node emitted', () => {
    const bad = rawLeaf('bad', () => of(null as unknown as SkillProgress));
    const { outcome, failure, unhandled } = run(sequence(bad, succeed()));
    expect(outcome).toBe('failed');
    expect(failure?.reason).toBe('internal-error');
    expect(failure?.path).toBe('sequence/bad');
    expect(failure?.cause).toBeInstanceOf(TypeError);
    expect(unhandled).toEqual([]); // nothing left for rxjs to throw later, after the run was reported
  });

  it('fails with internal-error when a node halts by throwing (a bug in its teardown)', () => {
    const thrown = new RangeError('halt failed');
    const badHalt = rawLeaf(
      'bad-halt',
      () =>
        new Observable<SkillProgress>((subscriber) => {
          subscriber.complete();
          return () => {
            throw thrown;
          };
        }),
    );
    const { outcome, failure, unhandled } = run(sequence(badHalt, succeed()));
    expect(outcome).toBe('failed');
    expect(failure?.reason).toBe('internal-error');
    expect(failure?.path).toBe('sequence/bad-halt');
    expect(unhandled).toEqual([]);
  });

  it('reports a node succeeded only after its teardown ran, and starts the next child after that', () => {
    const { bus } = recordingTelemetry();
    bus.events$.subscribe((e) => {
      if (e.kind === 'succeeded' || e.kind === 'start') log.push(`${e.kind} ${e.path}`);
    });
    const scheduler = new SimScheduler();
    runSkill(sequence({ name: 'seq' }, instant('a'), instant('b')), testContext(scheduler, bus)).subscribe();
    expect(log).toEqual([
      'start seq',
      'start seq/a',
      'a start',
      'a teardown',
      'succeeded seq/a',
      'start seq/b',
      'b start',
      'b teardown',
      'succeeded seq/b',
      'succeeded seq',
    ]);
  });
});
