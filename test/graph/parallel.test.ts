import { describe, expect, it } from 'vitest';
import { parallel } from '../../src/graph/parallel.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { leafFrom, marbleScheduler, recordingTelemetry, runOutcome } from '../helpers/graph-test-kit.ts';

const missed = new SkillFailure('missed', 'missed');

describe('parallel', () => {
  it("'all' runs children at once and succeeds when the last one succeeds", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a|');
      const b$ = cold('--b-|');
      expectObservable(runOutcome(parallel({ policy: 'all' }, leafFrom('a', a$), leafFrom('b', b$)), ts)).toBe('-ab-|');
      expectSubscriptions(a$.subscriptions).toBe('^-!');
      expectSubscriptions(b$.subscriptions).toBe('^---!');
    });
  });

  it("'all' fails with the first child failure and cancels the siblings still running", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--#', undefined, missed);
      const b$ = cold('------|');
      const root = parallel({ name: 'both', policy: 'all' }, leafFrom('a', a$), leafFrom('b', b$));
      expectObservable(runOutcome(root, ts)).toBe('--#', undefined, 'missed@both/a');
      expectSubscriptions(b$.subscriptions).toBe('^-!');
    });
  });

  it("'any' succeeds with the first success and cancels the rest", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-----|');
      const b$ = cold('-#', undefined, missed);
      const c$ = cold('--|');
      const root = parallel({ policy: 'any' }, leafFrom('a', a$), leafFrom('b', b$), leafFrom('c', c$));
      expectObservable(runOutcome(root, ts)).toBe('--|');
      expectSubscriptions(a$.subscriptions).toBe('^-!');
      expectSubscriptions(c$.subscriptions).toBe('^-!');
    });
  });

  it("'any' fails with all-failed and every cause once all children failed", () => {
    const ts = marbleScheduler();
    let failure: SkillFailure | undefined;
    ts.run(({ cold, expectObservable }) => {
      const a$ = cold('-#', undefined, missed);
      const b$ = cold('---#', undefined, new SkillFailure('blocked', 'door shut'));
      const root = parallel({ policy: 'any' }, leafFrom('a', a$), leafFrom('b', b$));
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (failure = f) })).toBe(
        '---#',
        undefined,
        'all-failed@parallel',
      );
    });
    expect(failure?.causes.map((c) => c.path)).toEqual(['parallel/a', 'parallel/b']);
  });

  it('{ succeed: n } succeeds once n children succeeded and cancels the rest', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-|');
      const b$ = cold('---|');
      const c$ = cold('-----|');
      const root = parallel({ policy: { succeed: 2 } }, leafFrom('a', a$), leafFrom('b', b$), leafFrom('c', c$));
      expectObservable(runOutcome(root, ts)).toBe('---|');
      expectSubscriptions(c$.subscriptions).toBe('^--!');
    });
  });

  it('{ succeed: n } fails as soon as n successes are out of reach', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-#', undefined, missed);
      const b$ = cold('--#', undefined, missed);
      const c$ = cold('------|');
      const root = parallel({ policy: { succeed: 2 } }, leafFrom('a', a$), leafFrom('b', b$), leafFrom('c', c$));
      // After the second failure only c is left: one success short of two.
      expectObservable(runOutcome(root, ts)).toBe('--#', undefined, 'all-failed@parallel');
      expectSubscriptions(c$.subscriptions).toBe('^-!');
    });
  });

  it('cancels every running child when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a----|');
      const b$ = cold('------|');
      const root = parallel({ policy: 'all' }, leafFrom('a', a$), leafFrom('b', b$));
      expectObservable(runOutcome(root, ts), '^--!').toBe('-a-');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      expectSubscriptions(b$.subscriptions).toBe('^--!');
    });
  });

  it('reports the cancelled siblings before it reports its own outcome', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold, expectObservable }) => {
      const root = parallel({ policy: 'any' }, leafFrom('a', cold('-|')), leafFrom('b', cold('-----|')));
      expectObservable(runOutcome(root, ts, { telemetry: bus })).toBe('-|');
    });
    expect(events.filter((e) => e.simTimeMs === 1).map((e) => [e.kind, e.nodeId])).toEqual([
      ['succeeded', '0/0'],
      ['cancelled', '0/1'],
      ['succeeded', '0'],
    ]);
  });

  it('rejects a succeed count it could never reach when the graph is built', () => {
    const ts = marbleScheduler();
    const one = leafFrom('a', ts.createColdObservable('-|'));
    expect(() => parallel({ policy: { succeed: 2 } }, one)).toThrow(
      expect.objectContaining({ reason: 'invalid-input' }),
    );
  });
});
