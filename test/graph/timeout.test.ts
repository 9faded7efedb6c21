import { describe, expect, it } from 'vitest';
import { timeout } from '../../src/graph/timeout.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import {
  leafFrom,
  marbleScheduler,
  outcome,
  recordingTelemetry,
  runOutcome,
  testContext,
} from '../helpers/graph-test-kit.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { wait } from '../../src/graph/wait.ts';
import { armMove, robotBench } from './robot-leaves.ts';

describe('timeout', () => {
  it('passes through a child that finishes in time', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a-|');
      expectObservable(runOutcome(timeout({ ms: 5 }, leafFrom('a', a$)), ts)).toBe('-a-|');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
    });
  });

  it('fails with timeout at exactly ms of scheduler time and cancels the child', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a--------|');
      expectObservable(runOutcome(timeout({ ms: 5 }, leafFrom('a', a$)), ts)).toBe(
        '-a---#',
        undefined,
        'timeout@timeout',
      );
      expectSubscriptions(a$.subscriptions).toBe('^----!');
    });
  });

  it('counts ms from when the node starts, not from time zero', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('------|');
      const root = timeout({ name: 'deadline', ms: 4 }, leafFrom('a', a$));
      expectObservable(runOutcome(root, ts), '--^').toBe('------#', undefined, 'timeout@deadline');
      expectSubscriptions(a$.subscriptions).toBe('--^---!');
    });
  });

  it('lets a child that finishes at exactly ms win the tie', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(runOutcome(timeout({ ms: 5 }, leafFrom('a', cold('-----|'))), ts)).toBe('-----|');
    });
  });

  it('gives a tie to a child whose last action was scheduled after the deadline: wait 50 + wait 50 under 100', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      const root = timeout({ ms: 100 }, sequence(wait({ ms: 50 }), wait({ ms: 50 })));
      expectObservable(runOutcome(root, ts)).toBe('100ms |');
    });
  });

  it('gives a tie to a 100 ms arm move under timeout 100 (its last feedback tick was scheduled at 90 ms)', () => {
    const ts = marbleScheduler();
    const bench = robotBench(ts);
    ts.run(({ expectObservable }) => {
      expectObservable(outcome(runSkill(timeout({ ms: 100 }, armMove(bench, 100)), bench.ctx))).toBe('100ms |');
    });
    expect(bench.count('arm/left', 'moveJoints:done')).toBe(1);
    expect(bench.count('arm/left', 'moveJoints:halt')).toBe(0);
  });

  it('fails a 101 ms arm move under timeout 100 at 100 ms, halting the arm exactly once', () => {
    const ts = marbleScheduler();
    const bench = robotBench(ts);
    ts.run(({ expectObservable }) => {
      expectObservable(outcome(runSkill(timeout({ ms: 100 }, armMove(bench, 101)), bench.ctx))).toBe(
        '100ms #',
        undefined,
        'timeout@timeout',
      );
    });
    expect(bench.log.of('arm/left', 'moveJoints:halt').map((c) => c.timeMs)).toEqual([100]);
    expect(bench.count('arm/left', 'moveJoints:done')).toBe(0);
  });

  it("passes the child's own failure through", () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a$ = cold('--#', undefined, new SkillFailure('blocked', 'door shut'));
      expectObservable(runOutcome(timeout({ ms: 5 }, leafFrom('a', a$)), ts)).toBe(
        '--#',
        undefined,
        'blocked@timeout/a',
      );
    });
  });

  it('cancels the child when its subscriber unsubscribes, and never fires afterwards', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('--------|');
      expectObservable(runOutcome(timeout({ ms: 5 }, leafFrom('a', a$)), ts), '^--!').toBe('-');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
    });
  });

  it('reports the child cancelled before itself failed, both at ms', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    ts.run(({ cold }) => {
      runSkill(timeout({ ms: 3 }, leafFrom('a', cold('-----|'))), testContext(ts, bus)).subscribe({ error: () => {} });
    });
    expect(events.map((e) => [e.kind, e.nodeId, e.simTimeMs])).toEqual([
      ['start', '0', 0],
      ['start', '0/0', 0],
      ['cancelled', '0/0', 3],
      ['failed', '0', 3],
    ]);
  });
});
