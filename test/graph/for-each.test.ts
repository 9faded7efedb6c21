import { describe, expect, it } from 'vitest';
import { forEach } from '../../src/graph/for-each.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import { leafFrom, marbleScheduler, recordingTelemetry, runOutcome, testContext } from '../helpers/graph-test-kit.ts';

describe('forEach', () => {
  it('resolves the items when it starts, not when the graph is built, and runs the body for each in turn', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const runs = { x: cold('-x|'), y: cold('--y|') };
      const names: ('x' | 'y')[] = [];
      const root = forEach(
        { name: 'each' },
        () => names,
        (name) => leafFrom(name, runs[name]),
      );
      names.push('x', 'y'); // after building: only a run-time read sees these
      expect(root.children).toEqual([]);
      expectObservable(runOutcome(root, ts)).toBe('-x--y|');
      expectSubscriptions(runs.x.subscriptions).toBe('^-!');
      expectSubscriptions(runs.y.subscriptions).toBe('--^--!');
    });
  });

  it('waits for the first list of an items Observable and stops listening to it', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const items$ = cold('--l-m', { l: ['p'], m: ['q'] });
      const root = forEach(
        {},
        () => items$,
        (item) => leafFrom(item, cold(`-${item}|`)),
      );
      expectObservable(runOutcome(root, ts)).toBe('---p|');
      expectSubscriptions(items$.subscriptions).toBe('^-!');
    });
  });

  it('fails with the first failure and never starts the later items', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const bad$ = cold('-#', undefined, new SkillFailure('no-grasp', 'no grasp'));
      const later$ = cold('-|');
      const root = forEach(
        { name: 'each' },
        () => [bad$, later$],
        (run$, i) => leafFrom(`item-${i}`, run$),
      );
      expectObservable(runOutcome(root, ts)).toBe('-#', undefined, 'no-grasp@each/item-0');
      expectSubscriptions(later$.subscriptions).toBe([]);
    });
  });

  it('cancels the running body when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      const b$ = cold('-----|');
      const root = forEach(
        {},
        () => [a$, b$],
        (run$, i) => leafFrom(`item-${i}`, run$),
      );
      expectObservable(runOutcome(root, ts), '^---!').toBe('-');
      expectSubscriptions(b$.subscriptions).toBe('-^--!');
    });
  });

  it('fails with precondition-failed when the items Observable completes without a list', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable }) => {
      const root = forEach(
        { name: 'each' },
        () => cold<readonly string[]>('--|'),
        (item) => leafFrom(item, cold('|')),
      );
      expectObservable(runOutcome(root, ts)).toBe('--#', undefined, 'precondition-failed@each');
    });
  });

  it('gives each body the item index as its child index', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold }) => {
      const root = forEach(
        { name: 'each' },
        () => ['p', 'q'],
        (item) => leafFrom(item, cold('-|')),
      );
      runSkill(root, testContext(ts, bus)).subscribe();
    });
    expect(events.filter((e) => e.kind === 'start').map((e) => [e.nodeId, e.path])).toEqual([
      ['0', 'each'],
      ['0/0', 'each/p'],
      ['0/1', 'each/q'],
    ]);
  });
});
