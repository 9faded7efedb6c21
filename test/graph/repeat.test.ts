import { describe, expect, it } from 'vitest';
import { repeat } from '../../src/graph/repeat.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { succeed } from '../../src/graph/succeed.ts';
import { runSkill } from '../../src/skill/run.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { leafFrom, marbleScheduler, runOutcome, scriptedLeaf, testContext } from '../helpers/graph-test-kit.ts';

describe('repeat', () => {
  it('runs the child count times, one run after another', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a|');
      expectObservable(runOutcome(repeat({ count: 3 }, leafFrom('a', a$)), ts)).toBe('-a-a-a|');
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '--^-!', '----^-!']);
    });
  });

  it('fails with the first failure and runs no more', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const ok$ = cold('-|');
      const bad$ = cold('--#', undefined, new SkillFailure('slipped', 'force dropped'));
      const later$ = cold('-|');
      const root = repeat({ name: 'restock', count: 5 }, scriptedLeaf('place', ok$, bad$, later$));
      expectObservable(runOutcome(root, ts)).toBe('---#', undefined, 'slipped@restock/place');
      expectSubscriptions(later$.subscriptions).toBe([]);
    });
  });

  it('succeeds at once with count 0', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      expectObservable(runOutcome(repeat({ count: 0 }, leafFrom('a', a$)), ts)).toBe('|');
      expectSubscriptions(a$.subscriptions).toBe([]);
    });
  });

  it('runs forever with count Infinity until its subscriber unsubscribes, which cancels the running child', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--|');
      expectObservable(runOutcome(repeat({ count: Infinity }, leafFrom('a', a$)), ts), '^------!').toBe('-');
      expectSubscriptions(a$.subscriptions).toBe(['^-!', '--^-!', '----^-!', '------^!']);
    });
  });

  it('runs ten thousand instant runs without growing the stack', () => {
    let outcome = 'pending';
    runSkill(repeat({ count: 10_000 }, succeed()), testContext(new SimScheduler())).subscribe({
      complete: () => (outcome = 'succeeded'),
      error: (error: unknown) => (outcome = String(error)),
    });
    expect(outcome).toBe('succeeded');
  });

  it('rejects a negative or fractional count when the graph is built', () => {
    const leaf = leafFrom('a', marbleScheduler().createColdObservable('|'));
    expect(() => repeat({ count: -1 }, leaf)).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
    expect(() => repeat({ count: 1.5 }, leaf)).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
  });
});
