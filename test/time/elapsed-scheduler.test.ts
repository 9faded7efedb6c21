import { describe, expect, it } from 'vitest';
import { elapsedScheduler } from '../../src/time/elapsed-scheduler.ts';
import { SimScheduler } from '../../src/time/sim-scheduler.ts';

describe('elapsedScheduler', () => {
  it('counts from its creation on the base clock and runs work after the base clock’s delay', () => {
    const base = new SimScheduler();
    base.advanceBy(5_000);
    const run = elapsedScheduler(base);
    expect(run.now()).toBe(0);
    const seen: number[] = [];
    run.schedule(() => seen.push(run.now()), 250);
    base.advanceBy(249);
    expect(seen).toEqual([]);
    base.advanceBy(1);
    expect(seen).toEqual([250]);
    expect(base.now()).toBe(5_250);
  });
});
