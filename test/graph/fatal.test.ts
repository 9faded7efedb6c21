import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fallback } from '../../src/graph/fallback.ts';
import { forEach } from '../../src/graph/for-each.ts';
import { guard } from '../../src/graph/guard.ts';
import { parallel, type ParallelPolicy } from '../../src/graph/parallel.ts';
import { repeat } from '../../src/graph/repeat.ts';
import { retry } from '../../src/graph/retry.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { timeout } from '../../src/graph/timeout.ts';
import { until } from '../../src/graph/until.ts';
import type { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { marbleScheduler, outcome, recordingTelemetry } from '../helpers/graph-test-kit.ts';
import { armMove, bug, failAfter, nudge, robotBench } from './robot-leaves.ts';

/** Every operator that could catch, count or retry a failure, wrapped around the fatal leaf. */
const WRAPPERS: Record<string, (inner: Skill) => Skill> = {
  'the leaf itself': (inner) => inner,
  sequence: (inner) => sequence(inner, nudge(20, 'after')),
  fallback: (inner) => fallback(inner, nudge(20, 'next-branch')),
  retry: (inner) => retry({ attempts: 3 }, inner),
  timeout: (inner) => timeout({ ms: 1_000 }, inner),
  guard: (inner) => guard({ onFalse: 'fail' }, () => of(true), inner),
  repeat: (inner) => repeat({ count: 2 }, inner),
  until: (inner) => until({ condition: () => false, maxAttempts: 3 }, inner),
  forEach: (inner) =>
    forEach(
      {},
      () => [1, 2],
      () => inner,
    ),
  'parallel any': (inner) => parallel({ policy: 'any' }, inner, nudge(500, 'sibling')),
};

const POLICIES: readonly ParallelPolicy[] = ['all', 'any', { succeed: 1 }];

describe('fatal failures (a bug, invalid input) end the whole run', () => {
  for (const [wrapperName, wrap] of Object.entries(WRAPPERS)) {
    for (const policy of POLICIES) {
      it(`pass through ${wrapperName} under parallel ${JSON.stringify(policy)}, halting the running arm exactly once`, () => {
        const ts = marbleScheduler();
        const thrown = new TypeError("Cannot read properties of undefined (reading 'x')");
        let failure: SkillFailure | undefined;
        const bench = robotBench(ts);
        ts.run(({ expectObservable }) => {
          const root = parallel({ name: 'root', policy }, armMove(bench, 100), wrap(bug(30, thrown)));
          expectObservable(outcome(runSkill(root, bench.ctx), (f) => (failure = f))).toBe(
            '30ms #',
            undefined,
            expect.stringMatching(/^internal-error@root\/.*bug$/),
          );
        });
        // The sibling arm motion was halted, once; nothing after the bug started: no retry, no next branch.
        expect(bench.count('arm/left', 'moveJoints:start')).toBe(1);
        expect(bench.count('arm/left', 'moveJoints:halt')).toBe(1);
        expect(bench.count('arm/left', 'moveJoints:done')).toBe(0);
        expect(bench.count('base', 'setVelocity')).toBe(wrapperName === 'parallel any' ? 1 : 0);
        expect(bench.count('base', 'stop')).toBe(wrapperName === 'parallel any' ? 1 : 0);
        // The caller gets the bug itself: the failure's cause is the thrown error, with the stack where it was thrown.
        expect(failure?.cause).toBe(thrown);
        expect(failure?.stack).toBe(thrown.stack);
      });
    }
  }

  it('invalid-input passes a fallback and a retry too, and its siblings are halted', () => {
    const ts = marbleScheduler();
    const bench = robotBench(ts);
    ts.run(({ expectObservable }) => {
      const pick = fallback({ name: 'pick' }, failAfter(30, 'invalid-input', 'no-such-object'), nudge(20, 'other'));
      const root = parallel({ name: 'root', policy: 'any' }, armMove(bench, 100), retry({ attempts: 5 }, pick));
      expectObservable(outcome(runSkill(root, bench.ctx))).toBe(
        '30ms #',
        undefined,
        'invalid-input@root/retry/pick/no-such-object',
      );
    });
    expect(bench.count('arm/left', 'moveJoints:halt')).toBe(1);
    expect(bench.count('base', 'setVelocity')).toBe(0);
  });

  it('without the fix a fallback would move the base under its second branch: here the base never moves', () => {
    const ts = marbleScheduler();
    const bench = robotBench(ts);
    ts.run(({ expectObservable }) => {
      const root = fallback({ name: 'go' }, sequence({ name: 'first' }, nudge(20), bug(10)), nudge(200, 'second'));
      expectObservable(outcome(runSkill(root, bench.ctx))).toBe('30ms #', undefined, 'internal-error@go/first/bug');
    });
    expect(bench.base.pose.x).toBeCloseTo(0.01, 9); // the first nudge only
    expect(bench.count('base', 'setVelocity')).toBe(1);
    expect(bench.count('base', 'stop')).toBe(1);
  });

  it('halts bottom-up: every running node is cancelled before its parent reports the failure', () => {
    const ts = marbleScheduler();
    const { bus, events } = recordingTelemetry();
    const bench = robotBench(ts, bus);
    ts.run(({ expectObservable }) => {
      const root = parallel(
        { name: 'root', policy: 'any' },
        sequence({ name: 'arm' }, armMove(bench, 100)),
        fallback({ name: 'fb' }, bug(30), nudge(20)),
      );
      expectObservable(outcome(runSkill(root, bench.ctx))).toBe('30ms #', undefined, 'internal-error@root/fb/bug');
    });
    const at30 = events.filter((e) => e.simTimeMs === 30).map((e) => `${e.kind} ${e.path}`);
    expect(at30).toEqual([
      'failed root/fb/bug',
      'failed root/fb',
      'cancelled root/arm/arm-move',
      'cancelled root/arm',
      'failed root',
    ]);
    expect(bench.log.commands.filter((c) => c.timeMs === 30).map((c) => `${c.part} ${c.command}`)).toEqual([
      'arm/left moveJoints:halt',
    ]);
  });
});
