import { describe, expect, it } from 'vitest';
import { fallback } from '../../src/graph/fallback.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { leafFrom, marbleScheduler, runOutcome } from '../helpers/graph-test-kit.ts';

describe('fallback', () => {
  it('succeeds with the first child that succeeds and never starts the rest', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a|');
      const b$ = cold('-|');
      expectObservable(runOutcome(fallback(leafFrom('a', a$), leafFrom('b', b$)), ts)).toBe('-a|');
      expectSubscriptions(a$.subscriptions).toBe('^-!');
      expectSubscriptions(b$.subscriptions).toBe([]);
    });
  });

  it('tries the next child after a failure', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, new SkillFailure('no-grasp', 'no top grasp'));
      const b$ = cold('-b|');
      expectObservable(runOutcome(fallback(leafFrom('a', a$), leafFrom('b', b$)), ts)).toBe('---b|');
      expectSubscriptions(a$.subscriptions).toBe('^-!');
      expectSubscriptions(b$.subscriptions).toBe('--^-!');
    });
  });

  it('fails with all-failed naming each child reason and keeping each child failure as a cause', () => {
    const ts = marbleScheduler();
    let failure: SkillFailure | undefined;
    ts.run(({ cold, expectObservable }) => {
      const top$ = cold('-#', undefined, new SkillFailure('no-grasp', 'no top grasp'));
      const side$ = cold('--#', undefined, new SkillFailure('slipped', 'force dropped'));
      const root = fallback({ name: 'grasp-any' }, leafFrom('top', top$), leafFrom('side', side$));
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (failure = f) })).toBe(
        '---#',
        undefined,
        'all-failed@grasp-any',
      );
    });
    expect(failure?.message).toContain('top: no-grasp; side: slipped');
    expect(failure?.causes.map((c) => [c.reason, c.path])).toEqual([
      ['no-grasp', 'grasp-any/top'],
      ['slipped', 'grasp-any/side'],
    ]);
  });

  it('cancels the child being tried when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-#', undefined, new SkillFailure('missed', 'missed'));
      const b$ = cold('-----|');
      expectObservable(runOutcome(fallback(leafFrom('a', a$), leafFrom('b', b$)), ts), '^---!').toBe('-');
      expectSubscriptions(a$.subscriptions).toBe('^!');
      expectSubscriptions(b$.subscriptions).toBe('-^--!');
    });
  });

  it('fails at once without children', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(runOutcome(fallback({ name: 'empty' }), ts)).toBe('#', undefined, 'all-failed@empty');
    });
  });
});
