import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fallback } from '../../src/graph/fallback.ts';
import { forEach } from '../../src/graph/for-each.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { repeat } from '../../src/graph/repeat.ts';
import { retry } from '../../src/graph/retry.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { until } from '../../src/graph/until.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { marbleScheduler, outcome } from '../helpers/graph-test-kit.ts';
import { NUDGE_MPS, nudge, robotBench, type RobotBench } from './robot-leaves.ts';

const NUDGE_MS = 20;
const NUDGE_M = (NUDGE_MPS * NUDGE_MS) / 1000; // 0.010 m

/** A nudge that fails `blocked` where a nudge would succeed; its teardown stops the base all the same. */
function blockedNudge(): Skill {
  return fromObservable(
    'blocked-nudge',
    (ctx) =>
      new Observable<never>((subscriber) => {
        ctx.robot.parts.base!.setVelocity({ vxMps: NUDGE_MPS, vyMps: 0, wzRadps: 0 });
        const done = ctx.scheduler.schedule(() => subscriber.error(new SkillFailure('blocked', 'bumper')), NUDGE_MS);
        return () => {
          done.unsubscribe();
          ctx.robot.parts.base!.stop();
        };
      }),
  );
}

/** A leaf whose n-th run is the n-th of `runs` (started directly, as the body of this one leaf). */
function inTurn(name: string, ...runs: Skill[]): Skill {
  let started = 0;
  return fromObservable(name, (ctx) => runs[started++]!.start(ctx));
}

/**
 * Each case runs a leaf that drives the base and stops it in its teardown, twice in a row. If the second run
 * started before the first one's teardown, that teardown would stop the second run's motion: the base would
 * move one nudge, not two, and the log would show two starts before the first stop.
 */
const TWICE: Record<string, { readonly root: (bench: RobotBench) => Skill; readonly marble: string }> = {
  'sequence(nudge, nudge)': { root: () => sequence(nudge(), nudge()), marble: '40ms |' },
  'repeat({ count: 2 }, nudge)': { root: () => repeat({ count: 2 }, nudge()), marble: '40ms |' },
  'until(base moved two nudges, nudge)': {
    // The condition reads the base after each run: it sees the run halted.
    root: (bench) => until({ condition: () => bench.base.pose.x >= 2 * NUDGE_M - 1e-9, maxAttempts: 3 }, nudge()),
    marble: '40ms |',
  },
  'forEach([1, 2], nudge)': {
    root: () =>
      forEach(
        {},
        () => [1, 2],
        () => nudge(),
      ),
    marble: '40ms |',
  },
  'fallback(blocked nudge, nudge)': { root: () => fallback(blockedNudge(), nudge()), marble: '40ms |' },
  'retry(blocked nudge, then nudge)': {
    root: () => retry({ attempts: 2 }, inTurn('flaky', blockedNudge(), nudge())),
    marble: '20ms r 19ms |',
  },
};

describe('a finished run is halted before the next one starts', () => {
  for (const [name, { root, marble }] of Object.entries(TWICE)) {
    it(`${name} moves the base two nudges, stopping it after each`, () => {
      const ts = marbleScheduler();
      const bench = robotBench(ts);
      ts.run(({ expectObservable }) => {
        expectObservable(outcome(runSkill(root(bench), bench.ctx))).toBe(marble, { r: 'retrying' });
      });
      expect(bench.base.pose.x).toBeCloseTo(2 * NUDGE_M, 9);
      expect(bench.log.of('base').map((c) => [c.command, c.timeMs])).toEqual([
        ['setVelocity', 0],
        ['stop', NUDGE_MS],
        ['setVelocity', NUDGE_MS],
        ['stop', 2 * NUDGE_MS],
      ]);
    });
  }
});
