import { describe, expect, it } from 'vitest';
import { HeapTrend } from '../../bench/heap-trend.ts';

describe('HeapTrend (the soak heap slope)', () => {
  it('fits the slope of samples on a line exactly, and projects the growth it implies', () => {
    const trend = new HeapTrend();
    for (const h of [0.5, 1, 1.5, 2, 2.5]) trend.add(h, 40 + 0.5 * h);
    expect(trend.samples).toBe(5);
    expect(trend.slopeMiBPerHour).toBeCloseTo(0.5, 12);
    expect(trend.fittedMiB(0.5)).toBeCloseTo(40.25, 12);
    // From 40.25 MiB at 0.5 h to 52 MiB at 24 h.
    expect(trend.growthBy(24)).toBeCloseTo(11.75 / 40.25, 12);
  });

  it('sees a flat heap as flat through noise that a start-to-end figure would take for growth', () => {
    const trend = new HeapTrend();
    const noise = [-0.3, 0.3];
    for (let i = 0; i < 20; i++) trend.add(0.5 + i * 0.25, 40 + noise[i % 2]!);
    // The last sample is 0.6 MiB above the first; the line through all of them is nearly level.
    expect(Math.abs(trend.slopeMiBPerHour)).toBeLessThan(0.05);
    expect(Math.abs(trend.growthBy(24))).toBeLessThan(0.03);
  });

  it('has no slope from one sample, and refuses a sample that is not a number', () => {
    const trend = new HeapTrend();
    trend.add(1, 40);
    expect(trend.slopeMiBPerHour).toBeNaN();
    expect(() => trend.add(Number.NaN, 40)).toThrow(/not finite/);
  });
});
