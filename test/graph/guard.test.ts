import { describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { guard, type GuardOptions } from '../../src/graph/guard.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { leafFrom, marbleScheduler, runOutcome } from '../helpers/graph-test-kit.ts';

const bool = { t: true, f: false };

function guarded(onFalse: GuardOptions['onFalse'], condition$: Observable<boolean>, child: Skill): Skill {
  return guard({ onFalse }, () => condition$, child);
}

describe('guard', () => {
  it('runs the child while the condition holds and succeeds with it', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const cond$ = cold('t', bool);
      const a$ = cold('--a|');
      expectObservable(runOutcome(guarded('fail', cond$, leafFrom('a', a$)), ts)).toBe('--a|');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(cond$.subscriptions).toBe('^--!');
    });
  });

  it("'fail' fails with precondition-failed when the condition is false at start, without starting the child", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      const root = guarded('fail', cold('f', bool), leafFrom('a', a$));
      expectObservable(runOutcome(root, ts)).toBe('#', undefined, 'precondition-failed@guard');
      expectSubscriptions(a$.subscriptions).toBe([]);
    });
  });

  it("'wait' waits for the condition to turn true before starting the child", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a|');
      expectObservable(runOutcome(guarded('wait', cold('f-t', bool), leafFrom('a', a$)), ts)).toBe('---a|');
      expectSubscriptions(a$.subscriptions).toBe('--^-!');
    });
  });

  it("'fail' cancels the child, then fails, when the condition turns false while it runs", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('------|');
      const cond$ = cold('t--f', bool);
      expectObservable(runOutcome(guarded('fail', cond$, leafFrom('a', a$)), ts)).toBe(
        '---#',
        undefined,
        'precondition-failed@guard',
      );
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(cond$.subscriptions).toBe('^--!');
    });
  });

  it("'wait' cancels the child when the condition turns false and restarts it when it turns true again", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('---|');
      const cond$ = cold('t-f--t', bool);
      expectObservable(runOutcome(guarded('wait', cond$, leafFrom('a', a$)), ts)).toBe('--------|');
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '-----^--!']);
      expectSubscriptions(cond$.subscriptions).toBe('^-------!');
    });
  });

  it('ignores repeats of the same condition value instead of restarting the child', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-----|');
      expectObservable(runOutcome(guarded('wait', cold('t-t-t', bool), leafFrom('a', a$)), ts)).toBe('-----|');
      expectSubscriptions(a$.subscriptions).toBe('^----!');
    });
  });

  it('fails when the condition completes without ever being true', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      expectObservable(runOutcome(guarded('wait', cold('f-|', bool), leafFrom('a', a$)), ts)).toBe(
        '--#',
        undefined,
        'precondition-failed@guard',
      );
      expectSubscriptions(a$.subscriptions).toBe([]);
    });
  });

  it('lets the child finish when the condition completes while it runs', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(runOutcome(guarded('fail', cold('t|', bool), leafFrom('a', cold('---|'))), ts)).toBe('---|');
    });
  });

  it('cancels the child and the condition when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('------|');
      const cond$ = cold('t', bool);
      expectObservable(runOutcome(guarded('fail', cond$, leafFrom('a', a$)), ts), '^--!').toBe('-');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(cond$.subscriptions).toBe('^--!');
    });
  });

  it('gives the condition the node context', () => {
    const ts = marbleScheduler();
    const seen: string[] = [];
    ts.run(({ cold, expectObservable }) => {
      const root = guard(
        { name: 'door-open', onFalse: 'fail' },
        (ctx) => {
          seen.push(ctx.node.path);
          return cold('t', bool);
        },
        leafFrom('a', cold('|')),
      );
      expectObservable(runOutcome(root, ts)).toBe('|');
    });
    expect(seen).toEqual(['door-open']);
  });
});
