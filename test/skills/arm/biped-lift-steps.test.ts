import { describe, expect, it } from 'vitest';
import { liftSteps } from '../../../skills/arm/lift-search.ts';

// The lift search stepped the biped's pelvis range (0.5–0.93 m) from its bottom by 0.05 m and stopped at 0.9 m: the
// top, its tallest stance and the one a high shelf needs, was never a candidate.
describe('the lift heights a search tries (skills/arm/lift-search.ts liftSteps)', () => {
  it('ends at the top of a range that is not a whole number of steps', () => {
    const heights = liftSteps(0.5, 0.97);
    expect(heights.at(-1)).toBe(0.97);
    expect(heights).toHaveLength(11);
    expect(heights[9]).toBeCloseTo(0.95, 9);
  });

  it('keeps a range of whole steps as it was, the top once (the wheeled humanoid: 0–1 m)', () => {
    const heights = liftSteps(0, 1);
    expect(heights).toHaveLength(21);
    expect(heights.at(-1)).toBe(1);
    expect(heights.filter((h) => h > 0.99)).toEqual([1]);
  });
});
