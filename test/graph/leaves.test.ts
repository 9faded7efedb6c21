import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fail } from '../../src/graph/fail.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { succeed } from '../../src/graph/succeed.ts';
import { wait } from '../../src/graph/wait.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { runSkill } from '../../src/skill/run.ts';
import { marbleScheduler, runOutcome, testContext } from '../helpers/graph-test-kit.ts';

describe('succeed', () => {
  it('completes at once under its name', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(runOutcome(succeed(), ts)).toBe('|');
    });
    expect(succeed({ name: 'skip' })).toMatchObject({ kind: 'succeed', name: 'skip', children: [] });
  });
});

describe('fail', () => {
  it('fails at once with its reason, stamped with its path', () => {
    const ts = marbleScheduler();
    let message: string | undefined;
    ts.run(({ expectObservable }) => {
      const root = fail('no-path', 'aisle blocked');
      expectObservable(runOutcome(root, ts, { onFailure: (f) => (message = f.message) })).toBe(
        '#',
        undefined,
        'no-path@fail',
      );
    });
    expect(message).toBe('aisle blocked');
  });
});

describe('wait', () => {
  it('completes after ms of scheduler time', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(runOutcome(wait({ ms: 4 }), ts)).toBe('----|');
    });
  });

  it('stops waiting when its subscriber unsubscribes', () => {
    const ts = marbleScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(runOutcome(wait({ ms: 4 }), ts), '^-!').toBe('-');
    });
  });

  it('rejects a negative ms when the graph is built', () => {
    expect(() => wait({ ms: -1 })).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
  });
});

describe('fromObservable', () => {
  it('maps values to progress events of its node, cancels its source on unsubscribe and fails with its error', () => {
    const ts = marbleScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a$ = cold('-a-b---|');
      expectObservable(
        runOutcome(
          fromObservable('scan', () => a$),
          ts,
        ),
        '^--!',
      ).toBe('-a-');
      expectSubscriptions(a$.subscriptions).toBe('^--!');
      const failing$ = cold('--#', undefined, new Error('driver crashed'));
      expectObservable(
        runOutcome(
          fromObservable('scan', () => failing$),
          ts,
        ),
      ).toBe('--#', undefined, 'internal-error@scan');
    });
  });

  it('keeps a ProgressUpdate as it is and puts any other value into data, stamped with node id and path', () => {
    const seen: SkillProgress[] = [];
    const source$ = of({ message: 'approach', fraction: 0.5 }, 42);
    runSkill(
      fromObservable('scan', () => source$),
      testContext(marbleScheduler()),
    ).subscribe((p) => seen.push(p));
    expect(seen).toEqual([
      { nodeId: '0', path: 'scan', message: 'approach', fraction: 0.5 },
      { nodeId: '0', path: 'scan', message: 'value', data: { value: 42 } },
    ]);
  });
});
