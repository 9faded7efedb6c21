import { defer, finalize, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { retry } from '../../src/graph/retry.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { fail } from '../../src/graph/fail.ts';
import { runSkill } from '../../src/skill/run.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { liveHeapMB } from '../helpers/live-heap.ts';
import {
  leafFrom,
  marbleScheduler,
  outcome,
  runOutcome,
  scriptedLeaf,
  testContext,
} from '../helpers/graph-test-kit.ts';
import { armMove, failAfter, robotBench } from './robot-leaves.ts';
import { parallel } from '../../src/graph/parallel.ts';

const slipped = new SkillFailure('slipped', 'force dropped');
const progress = { r: 'retrying', a: 'a' };

describe('retry', () => {
  it('succeeds without retrying when the first try succeeds', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a|');
      expectObservable(runOutcome(retry({ attempts: 3 }, leafFrom('a', a$)), ts)).toBe('-a|');
      expectSubscriptions(a$.subscriptions).toBe('^-!');
    });
  });

  it('runs the child again after a failure, after the backoff, and succeeds when a retry does', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first$ = cold('--#', undefined, slipped);
      const second$ = cold('-a|');
      const root = retry({ attempts: 3, backoffMs: 3 }, scriptedLeaf('grasp', first$, second$));
      expectObservable(runOutcome(root, ts)).toBe('--r---a|', progress);
      expectSubscriptions(first$.subscriptions).toBe('^-!');
      expectSubscriptions(second$.subscriptions).toBe('-----^-!');
    });
  });

  it('passes the last failure through after the last attempt, with detail.attempts', () => {
    const ts = marbleScheduler();
    let failure: SkillFailure | undefined;
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, slipped);
      const root = retry({ attempts: 3, backoffMs: 3 }, leafFrom('grasp', a$));
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (failure = f) })).toBe(
        '--r----r----#',
        progress,
        'slipped@retry/grasp',
      );
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '-----^-!', '----------^-!']);
    });
    expect(failure).toMatchObject({ reason: 'slipped', path: 'retry/grasp', detail: { attempts: 3 } });
  });

  it('waits backoffMs(attempt) of scheduler time before each retry', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-#', undefined, slipped);
      const root = retry({ attempts: 3, backoffMs: (attempt) => 2 * attempt }, leafFrom('grasp', a$));
      expectObservable(runOutcome(root, ts)).toBe('-r--r----#', progress, 'slipped@retry/grasp');
      expectSubscriptions(a$.subscriptions).toBe(['^!', '---^!', '--------^!']);
    });
  });

  it('passes a failure that `when` rejects through at once, without retrying', () => {
    const ts = marbleScheduler();
    let failure: SkillFailure | undefined;
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, new SkillFailure('collision', 'hit the shelf'));
      const root = retry({ attempts: 3, backoffMs: 1, when: (f) => f.reason === 'slipped' }, leafFrom('grasp', a$));
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (failure = f) })).toBe(
        '--#',
        undefined,
        'collision@retry/grasp',
      );
      expectSubscriptions(a$.subscriptions).toBe('^-!');
    });
    expect(failure?.detail).toEqual({});
  });

  it('cancels the wait, and never starts the next try, when its subscriber unsubscribes during the backoff', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, slipped);
      const root = retry({ attempts: 3, backoffMs: 5 }, leafFrom('grasp', a$));
      expectObservable(runOutcome(root, ts), '^---!').toBe('--r-', progress);
      expectSubscriptions(a$.subscriptions).toBe('^-!');
    });
  });

  it('cancels the running try when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first$ = cold('-#', undefined, slipped);
      const second$ = cold('-----|');
      const root = retry({ attempts: 2, backoffMs: 1 }, scriptedLeaf('grasp', first$, second$));
      expectObservable(runOutcome(root, ts), '^----!').toBe('-r---', progress);
      expectSubscriptions(second$.subscriptions).toBe('--^--!');
    });
  });

  it('loops in the scheduler, not the call stack, through thousands of tries that fail at once', () => {
    const scheduler = new SimScheduler();
    let failure: SkillFailure | undefined;
    runSkill(retry({ attempts: 2_000 }, fail('missed', 'gone')), testContext(scheduler)).subscribe({
      error: (error: unknown) => (failure = error as SkillFailure),
    });
    scheduler.advanceTo(0);
    expect(failure).toMatchObject({ reason: 'missed', detail: { attempts: 2_000 } });
  });

  for (const reason of ['preempted', 'precondition-failed', 'internal-error', 'invalid-input'] as const) {
    it(`never retries ${reason}, even when \`when\` says yes`, () => {
      const ts = marbleScheduler();
      ts.run(({ cold, expectObservable, expectSubscriptions }) => {
        const a$ = cold('--#', undefined, new SkillFailure(reason, 'no use trying again'));
        const root = retry({ attempts: 3, when: () => true }, leafFrom('grasp', a$));
        expectObservable(runOutcome(root, ts)).toBe('--#', undefined, `${reason}@retry/grasp`);
        expectSubscriptions(a$.subscriptions).toBe('^-!');
      });
    });
  }

  it('retries every other reason by default (no `when`)', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-#', undefined, new SkillFailure('hardware-fault', 'driver hiccup'));
      expectObservable(runOutcome(retry({ attempts: 2 }, leafFrom('move', a$)), ts)).toBe(
        '-r#',
        progress,
        'hardware-fault@retry/move',
      );
      expectSubscriptions(a$.subscriptions).toBe(['^!', '-^!']);
    });
  });

  it('halts each failed try (its arm motion) before the backoff starts, once per try', () => {
    const ts = marbleScheduler();
    const bench = robotBench(ts);
    ts.run(({ expectObservable }) => {
      // Each try moves the arm and fails 'slipped' at 30 ms while it still moves.
      const tryOnce = parallel({ name: 'try', policy: 'all' }, armMove(bench, 100), failAfter(30, 'slipped'));
      const root = retry({ attempts: 3, backoffMs: 5 }, tryOnce);
      expectObservable(outcome(runSkill(root, bench.ctx))).toBe(
        '30ms r 34ms r 34ms #',
        progress,
        'slipped@retry/try/slipped',
      );
    });
    const arm = bench.log.of('arm/left').filter((c) => c.command !== 'moveJoints');
    expect(arm.map((c) => [c.command, c.timeMs])).toEqual([
      ['moveJoints:start', 0],
      ['moveJoints:halt', 30],
      ['moveJoints:start', 35],
      ['moveJoints:halt', 65],
      ['moveJoints:start', 70],
      ['moveJoints:halt', 100],
    ]);
  });

  it('runs a million tries that fail at once to the end, keeping nothing of a finished try', () => {
    const scheduler = new SimScheduler();
    // A million tries at one instant is what this test is about, so the stall guard (which would end such a loop
    // in a real run) is lifted past it.
    scheduler.maxActionsPerInstant = 2_000_000;
    let live = 0;
    let mostLive = 0;
    let mostQueued = 0;
    let tries = 0;
    const heapAtStart = liveHeapMB();
    let heapGrowthMB = 0;
    const gone = new SkillFailure('missed', 'gone'); // one failure, so the test times the retry, not new Errors
    const probe = fromObservable('probe', () =>
      defer(() => {
        tries += 1;
        live += 1;
        mostLive = Math.max(mostLive, live);
        mostQueued = Math.max(mostQueued, scheduler.pending);
        if (tries % 100_000 === 0) {
          heapGrowthMB = Math.max(heapGrowthMB, liveHeapMB() - heapAtStart);
        }
        return throwError(() => gone);
      }).pipe(finalize(() => (live -= 1))),
    );
    let failure: SkillFailure | undefined;
    runSkill(retry({ attempts: 1_000_000 }, probe), testContext(scheduler)).subscribe({
      error: (error: unknown) => (failure = error as SkillFailure),
    });
    scheduler.advanceTo(0);
    expect(failure).toMatchObject({ reason: 'missed', detail: { attempts: 1_000_000 } });
    expect(tries).toBe(1_000_000);
    // One try at a time, and no scheduled wait left behind by an earlier try (the old retry kept all of them).
    expect(mostLive).toBe(1);
    expect(mostQueued).toBe(0);
    expect(scheduler.pending).toBe(0);
    // The live heap after a full collection (test/helpers/live-heap.ts) grew under 2 MB; keeping even 10 B per try
    // would be 10 MB here (the old retry kept ~300 B).
    expect(heapGrowthMB).toBeLessThan(10);
  });

  it('rejects fewer than one attempt when the graph is built', () => {
    const ts = marbleScheduler();
    const leaf = leafFrom('a', ts.createColdObservable('-|'));
    expect(() => retry({ attempts: 0 }, leaf)).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
  });
});
