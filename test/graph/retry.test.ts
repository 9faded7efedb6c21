import { describe, expect, it } from 'vitest';
import { retry } from '../../src/graph/retry.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { fail } from '../../src/graph/fail.ts';
import { runSkill } from '../../src/skill/run.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { leafFrom, marbleScheduler, runOutcome, scriptedLeaf, testContext } from '../helpers/graph-test-kit.ts';

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

  it('rejects fewer than one attempt when the graph is built', () => {
    const ts = marbleScheduler();
    const leaf = leafFrom('a', ts.createColdObservable('-|'));
    expect(() => retry({ attempts: 0 }, leaf)).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
  });
});
