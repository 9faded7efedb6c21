import { describe, expect, it } from 'vitest';
import { frontOut } from '../../../skills/placing/front-out.ts';
import type { FrontMiss } from '../../../skills/placing/slot-way.ts';

/** The distance `frontOut` found a way at, or undefined when it returned the misses. */
const foundAt = (found: ReturnType<typeof frontOut>) => ('outM' in found ? found.outM : undefined);

// The pre-place narrowing before a low slot (`frontOut`), on a scripted way into the slot: farther out than the
// window the load goes down over the robot's base, nearer the wrist meets the board above. The coffee cans of
// low-slot-window.test no longer need it since a round load is sized by its radius (all 9 plan at a sampled
// distance), so the halving is pinned here on its own. Distances as plan-place samples them.
const SAMPLED_OUT_M = [0.18, 0.14, 0.25, 0.11];
const PLAN = { way: 'in' };

/** A way that finds a plan for outM in [clearFromM, clearToM], else misses as the window's two sides do. */
function windowWay(clearFromM: number, clearToM: number, nearMiss: FrontMiss | 'no way' = 'way-to-pre-place') {
  const tried: number[] = [];
  const way = (outM: number): typeof PLAN | FrontMiss | undefined => {
    tried.push(Number(outM.toFixed(4)));
    if (outM > clearToM + 1e-9) return 'load-over-base';
    if (outM < clearFromM - 1e-9) return nearMiss === 'no way' ? undefined : nearMiss;
    return PLAN;
  };
  return { way, tried };
}

describe('frontOut: the window between a pre-place over the base and one under the board above', () => {
  it('takes the first sampled distance that finds a way, trying no other', () => {
    const { way, tried } = windowWay(0.1, 0.2);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ outM: 0.18, plan: PLAN });
    expect(tried).toEqual([0.18]);
  });

  it('halves the window the samples bracket (0.14 m under the board, 0.18 m over the base): 0.16 m', () => {
    const { way, tried } = windowWay(0.155, 0.165);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ outM: 0.16, plan: PLAN });
    expect(tried).toEqual([0.18, 0.14, 0.25, 0.11, 0.16]);
  });

  it('halves it again toward the side the half-way distance missed on', () => {
    const under = windowWay(0.165, 0.175);
    expect(foundAt(frontOut(under.way, SAMPLED_OUT_M))).toBeCloseTo(0.17, 9);
    expect(under.tried.slice(4)).toEqual([0.16, 0.17]);
    const over = windowWay(0.145, 0.155);
    expect(foundAt(frontOut(over.way, SAMPLED_OUT_M))).toBeCloseTo(0.15, 9);
    expect(over.tried.slice(4)).toEqual([0.16, 0.15]);
  });

  it('stops after two halvings (a window narrower than 1 cm is not searched)', () => {
    const { way, tried } = windowWay(0.176, 0.179);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ missed: new Set(['load-over-base', 'way-to-pre-place']) });
    expect(tried).toEqual([0.18, 0.14, 0.25, 0.11, 0.16, 0.17]);
  });

  it('does not halve when the nearer miss was not the way down past the board (out of reach, a sweep hit)', () => {
    const { way, tried } = windowWay(0.155, 0.165, 'no way');
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ missed: new Set(['load-over-base', undefined]) });
    expect(tried).toEqual(SAMPLED_OUT_M);
  });

  it('does not halve when no distance went down over the base', () => {
    const tried: number[] = [];
    const way = (outM: number): FrontMiss => (tried.push(outM), 'way-to-pre-place');
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ missed: new Set(['way-to-pre-place']) });
    expect(tried).toEqual(SAMPLED_OUT_M);
  });
});

// A distance whose way to the pre-place is blocked comes back unsolved past it (`BlockedWay`, issue 11): its miss,
// 'way-to-pre-place' when the rest of the way is clear, else none, is solved only where it decides something.
describe('frontOut: blocked ways to the pre-place, their miss solved only where it decides something', () => {
  /** A way as `windowWay`'s, its near misses blocked ways whose rest is `restClear`, each solve counted. */
  function blockedWindowWay(clearFromM: number, clearToM: number, restClear: boolean) {
    const solved: number[] = [];
    const way = (outM: number): typeof PLAN | FrontMiss | (() => FrontMiss | undefined) => {
      if (outM > clearToM + 1e-9) return 'load-over-base';
      if (outM < clearFromM - 1e-9)
        return () => (solved.push(Number(outM.toFixed(4))), restClear ? 'way-to-pre-place' : undefined);
      return PLAN;
    };
    return { way, solved };
  }

  it('never solves a blocked distance when a later one finds a way', () => {
    // 0.18 and 0.14 m blocked, 0.25 m clear.
    const { way, solved } = blockedWindowWay(0.2, 0.26, true);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ outM: 0.25, plan: PLAN });
    expect(solved).toEqual([]);
  });

  it("solves the window's near side, and halves the window as a solved 'way-to-pre-place' there would", () => {
    const { way, solved } = blockedWindowWay(0.155, 0.165, true);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ outM: 0.16, plan: PLAN });
    expect(solved).toEqual([0.14]);
  });

  it('does not halve when the near side, solved, has no way out either (no miss of the distance)', () => {
    const { way, solved } = blockedWindowWay(0.155, 0.165, false);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ missed: new Set(['load-over-base', undefined]) });
    expect(solved).toEqual([0.14, 0.11]);
  });

  it("when no distance finds a way, solves the blocked ones only until one is 'way-to-pre-place'", () => {
    const solved: number[] = [];
    const way = (outM: number) => () => (solved.push(outM), 'way-to-pre-place' as const);
    expect(frontOut(way, SAMPLED_OUT_M)).toEqual({ missed: new Set(['way-to-pre-place']) });
    expect(solved).toEqual([0.18]);
  });
});
