import { describe, expect, it } from 'vitest';
import { sequence } from '../../src/graph/sequence.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { leafFrom, marbleScheduler, runOutcome } from '../helpers/graph-test-kit.ts';

describe('sequence', () => {
  it('runs children one after another and succeeds when the last one does', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a-|');
      const b$ = cold('--b|');
      expectObservable(runOutcome(sequence(leafFrom('a', a$), leafFrom('b', b$)), ts)).toBe('-a---b|');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(b$.subscriptions).toBe('---^--!');
    });
  });

  it('fails with the first failure, stamped with the failing child path, and never starts later children', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, new SkillFailure('missed', 'lost the can'));
      const b$ = cold('-|');
      const root = sequence({ name: 'pick' }, leafFrom('a', a$), leafFrom('b', b$));
      expectObservable(runOutcome(root, ts)).toBe('--#', undefined, 'missed@pick/a');
      expectSubscriptions(b$.subscriptions).toBe([]);
    });
  });

  it('cancels the running child when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a---|');
      const b$ = cold('-|');
      expectObservable(runOutcome(sequence(leafFrom('a', a$), leafFrom('b', b$)), ts), '^--!').toBe('-a-');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(b$.subscriptions).toBe([]);
    });
  });

  it('lists its children and succeeds at once without any', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(runOutcome(sequence(), ts)).toBe('|');
    });
    const child = sequence();
    expect(sequence({ name: 'outer' }, child)).toMatchObject({ kind: 'sequence', name: 'outer', children: [child] });
  });
});
