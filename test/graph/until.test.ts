import { tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { until } from '../../src/graph/until.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { leafFrom, marbleScheduler, runOutcome } from '../helpers/graph-test-kit.ts';

describe('until', () => {
  it('runs the child until the condition holds after a successful run', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      let runs = 0;
      const a$ = cold('-a|');
      const counted$ = a$.pipe(tap({ complete: () => (runs += 1) }));
      const root = until({ condition: () => runs >= 2 }, leafFrom('a', counted$));
      expectObservable(runOutcome(root, ts)).toBe('-a-a|');
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '--^-!']);
    });
  });

  it('succeeds without running the child when the condition already holds', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      expectObservable(runOutcome(until({ condition: () => true }, leafFrom('a', a$)), ts)).toBe('|');
      expectSubscriptions(a$.subscriptions).toBe([]);
    });
  });

  it('fails with exhausted (not timeout) and detail.attempts once maxAttempts runs left the condition false', () => {
    const ts = marbleScheduler();
    let failure: SkillFailure | undefined;
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      const root = until({ name: 'clear', condition: () => false, maxAttempts: 3 }, leafFrom('push', a$));
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (failure = f) })).toBe(
        '---#',
        undefined,
        'exhausted@clear',
      );
      expectSubscriptions(a$.subscriptions).toBe(['^!', '-^!', '--^!']);
    });
    expect(failure?.detail).toEqual({ attempts: 3 });
  });

  it("fails with the child's failure", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a$ = cold('--#', undefined, new SkillFailure('collision', 'hit the shelf'));
      expectObservable(runOutcome(until({ condition: () => false }, leafFrom('push', a$)), ts)).toBe(
        '--#',
        undefined,
        'collision@until/push',
      );
    });
  });

  it('cancels the running child when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--|');
      expectObservable(runOutcome(until({ condition: () => false }, leafFrom('push', a$)), ts), '^---!').toBe('-');
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '--^-!']);
    });
  });

  it('gives the condition the node context', () => {
    const ts = marbleScheduler();
    const seen: string[] = [];
    ts.run(({ cold, expectObservable }) => {
      const condition = (ctx: { node: { path: string } }): boolean => seen.push(ctx.node.path) > 1;
      expectObservable(runOutcome(until({ name: 'clear', condition }, leafFrom('push', cold('|'))), ts)).toBe('|');
    });
    expect(seen).toEqual(['clear', 'clear']);
  });
});
