import { interval, take, timer, type SchedulerAction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ClockStalledError, SimScheduler } from '../../src/time/sim-scheduler.ts';

describe('SimScheduler', () => {
  it('runs due actions in time order and leaves the clock at the target', () => {
    const s = new SimScheduler();
    const seen: [string, number][] = [];
    timer(30, s).subscribe(() => seen.push(['b', s.now()]));
    timer(10, s).subscribe(() => seen.push(['a', s.now()]));
    s.advanceTo(20);
    expect(seen).toEqual([['a', 10]]);
    expect(s.now()).toBe(20);
    s.advanceTo(35);
    expect(seen).toEqual([
      ['a', 10],
      ['b', 30],
    ]);
    expect(s.now()).toBe(35);
  });

  it('keeps periodic work periodic across advances', () => {
    const s = new SimScheduler();
    const ticks: number[] = [];
    interval(4, s)
      .pipe(take(5))
      .subscribe(() => ticks.push(s.now()));
    for (let t = 1; t <= 30; t++) s.advanceTo(t);
    expect(ticks).toEqual([4, 8, 12, 16, 20]);
  });

  it('refuses to move back in time', () => {
    const s = new SimScheduler();
    s.advanceTo(5);
    expect(() => s.advanceTo(4)).toThrow(/back/);
  });

  it('runUntil jumps from action to action and stops when done or past the limit', () => {
    const s = new SimScheduler();
    let fired = 0;
    interval(100, s).subscribe(() => fired++);
    s.runUntil(() => fired >= 3);
    expect(fired).toBe(3);
    expect(s.now()).toBe(300);
    s.runUntil(() => false, 550);
    expect(fired).toBe(5);
  });
});

describe('SimScheduler over long runs', () => {
  it('cancels an interval that ran for an hour of sim time without a deep subscription chain', () => {
    const s = new SimScheduler();
    let ticks = 0;
    const sub = interval(20, s).subscribe(() => ticks++);
    s.advanceTo(3_600_000);
    expect(ticks).toBe(180_000);
    expect(() => sub.unsubscribe()).not.toThrow();
    expect(s.pending).toBe(0);
  });

  it('runs actions due at the same time in the order they were scheduled', () => {
    const s = new SimScheduler();
    const order: string[] = [];
    s.schedule(() => order.push('a'), 10);
    s.schedule(() => order.push('b'), 10);
    s.schedule(() => order.push('c'), 5);
    s.advanceTo(10);
    expect(order).toEqual(['c', 'a', 'b']);
  });
});

describe('SimScheduler stall guard', () => {
  it('throws ClockStalledError when work keeps rescheduling itself without the clock moving', () => {
    const scheduler = new SimScheduler();
    scheduler.maxActionsPerInstant = 1000;
    let runs = 0;
    scheduler.schedule(function (this: SchedulerAction<undefined>) {
      runs++;
      this.schedule(undefined, 0);
    }, 5);
    expect(() => scheduler.advanceTo(10)).toThrow(ClockStalledError);
    // Exactly the budget ran, at the instant it stalled; the clock never reached the target.
    expect(runs).toBe(1000);
    expect(scheduler.now()).toBe(5);
    expect(scheduler.pending).toBe(1);
  });

  it('counts per instant: the same number of actions spread over time is fine', () => {
    const scheduler = new SimScheduler();
    scheduler.maxActionsPerInstant = 10;
    let runs = 0;
    scheduler.schedule(function (this: SchedulerAction<undefined>) {
      if (++runs < 100) this.schedule(undefined, 1);
    });
    scheduler.advanceTo(200);
    expect(runs).toBe(100);
  });
});
