import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/math/random.ts';

describe('seededRandom', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const first = seededRandom(42);
    const a = Array.from({ length: 5 }, () => first.next());
    const b = seededRandom(42);
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(a);
    const c = seededRandom(43);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(a);
  });

  it('is uniform enough: mean and variance of 100k draws', () => {
    const r = seededRandom(7);
    const xs = Array.from({ length: 100_000 }, () => r.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('draws normals with the asked mean and std', () => {
    const r = seededRandom(9);
    const xs = Array.from({ length: 50_000 }, () => r.normal(2, 0.5));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });

  it('forks independent streams that do not shift the parent', () => {
    const parent = seededRandom(1);
    const reference = seededRandom(1);
    const child = parent.fork(5);
    child.next();
    expect(parent.next()).toBe(reference.next());
    expect(seededRandom(1).fork(5).next()).toBe(seededRandom(1).fork(5).next());
    expect(seededRandom(1).fork(5).next()).not.toBe(seededRandom(1).fork(6).next());
  });
});
