import { Subject, defer, EMPTY, finalize } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { forEach } from '../../src/graph/for-each.ts';
import { fromObservable } from '../../src/graph/from-observable.ts';
import { guard } from '../../src/graph/guard.ts';
import { repeat } from '../../src/graph/repeat.ts';
import { sequence } from '../../src/graph/sequence.ts';
import { until } from '../../src/graph/until.ts';
import { runSkill } from '../../src/skill/run.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';
import { liveHeapMB } from '../helpers/live-heap.ts';
import { testContext } from '../helpers/graph-test-kit.ts';

/**
 * Operators that run a child many times or many children must keep nothing of a finished run (the leak class of
 * the old `retry`, which kept every scheduled try). Each case runs a probe leaf many times, counts how many runs
 * are alive at once (subscribed, not yet torn down), and samples the live heap after a full collection
 * (test/helpers/live-heap.ts; it grew under 2 MB in every case): keeping even 10 bytes per run would grow it by 10 MB
 * over a million runs (100 bytes over the guard's 100,000 flips), the bound.
 */
class Probe {
  runs = 0;
  live = 0;
  mostLive = 0;
  private readonly heapAtStart = liveHeapMB();
  heapGrowthMB = 0;

  leaf(): Skill {
    return fromObservable('probe', () =>
      defer(() => {
        this.runs += 1;
        this.live += 1;
        this.mostLive = Math.max(this.mostLive, this.live);
        if (this.runs % 50_000 === 0) {
          const growthMB = liveHeapMB() - this.heapAtStart;
          this.heapGrowthMB = Math.max(this.heapGrowthMB, growthMB);
        }
        return EMPTY;
      }).pipe(finalize(() => (this.live -= 1))),
    );
  }
}

function runToEnd(root: Skill): string {
  let outcome = 'pending';
  const scheduler = new SimScheduler();
  runSkill(root, testContext(scheduler)).subscribe({
    complete: () => (outcome = 'succeeded'),
    error: (error: unknown) => (outcome = String(error)),
  });
  scheduler.advanceTo(0);
  return outcome;
}

const MILLION = 1_000_000;

describe('operators keep nothing of a finished run', () => {
  it('repeat: a million instant runs, one alive at a time, in bounded memory', () => {
    const probe = new Probe();
    expect(runToEnd(repeat({ count: MILLION }, probe.leaf()))).toBe('succeeded');
    expect(probe.runs).toBe(MILLION);
    expect(probe.mostLive).toBe(1);
    expect(probe.heapGrowthMB).toBeLessThan(10);
  });

  it('until: a million instant runs, one alive at a time, in bounded memory', () => {
    const probe = new Probe();
    const root = until({ condition: () => probe.runs >= MILLION }, probe.leaf());
    expect(runToEnd(root)).toBe('succeeded');
    expect(probe.runs).toBe(MILLION);
    expect(probe.mostLive).toBe(1);
    expect(probe.heapGrowthMB).toBeLessThan(10);
  });

  it('forEach: a million items, one alive at a time, in bounded memory', () => {
    const items = Array.from({ length: MILLION }, (_, i) => i);
    const probe = new Probe();
    const leaf = probe.leaf();
    expect(
      runToEnd(
        forEach(
          {},
          () => items,
          () => leaf,
        ),
      ),
    ).toBe('succeeded');
    expect(probe.runs).toBe(MILLION);
    expect(probe.mostLive).toBe(1);
    expect(probe.heapGrowthMB).toBeLessThan(10);
  });

  it('sequence: 200,000 children run to the end (a loop, not a recursion per child), one alive at a time', () => {
    const probe = new Probe();
    const leaf = probe.leaf();
    expect(
      runToEnd(
        sequence(
          { name: 'long' },
          Array.from({ length: 200_000 }, () => leaf),
        ),
      ),
    ).toBe('succeeded');
    expect(probe.runs).toBe(200_000);
    expect(probe.mostLive).toBe(1);
    expect(probe.heapGrowthMB).toBeLessThan(10);
  });

  it('guard: 100,000 true/false flips, one child run alive at a time, in bounded memory', () => {
    const probe = { runs: 0, live: 0, mostLive: 0 };
    // A child that never ends by itself: only the guard's flips start and cancel it.
    const hold = fromObservable('hold', () =>
      defer(() => {
        probe.runs += 1;
        probe.live += 1;
        probe.mostLive = Math.max(probe.mostLive, probe.live);
        return new Subject<never>();
      }).pipe(finalize(() => (probe.live -= 1))),
    );
    const condition$ = new Subject<boolean>();
    const scheduler = new SimScheduler();
    let outcome = 'pending';
    runSkill(
      guard({ onFalse: 'wait' }, () => condition$, hold),
      testContext(scheduler),
    ).subscribe({
      error: (error: unknown) => (outcome = String(error)),
    });
    const heapAtStart = liveHeapMB();
    let heapGrowthMB = 0;
    for (let i = 0; i < 100_000; i++) {
      condition$.next(true);
      condition$.next(false);
      if (i % 10_000 === 0) heapGrowthMB = Math.max(heapGrowthMB, liveHeapMB() - heapAtStart);
    }
    expect(outcome).toBe('pending');
    expect(probe.runs).toBe(100_000);
    expect(probe.mostLive).toBe(1);
    expect(probe.live).toBe(0);
    expect(heapGrowthMB).toBeLessThan(10);
  });
});
