import type { BlockedWay, FrontMiss } from './slot-way.ts';

/** Halvings of the window between a pre-place too far out and one too near, at most (4 cm to 1 cm). */
const WINDOW_HALVINGS = 2;

/**
 * The first pre-place distance (`outsM` in order) whose way into the slot `way` finds, with that way, or the misses
 * of those tried. Before a
 * low slot the window can be narrow: farther out, the load goes down to the pre-place over the robot's base;
 * nearer, the wrist comes down past the front of the board above. When the samples fall on either side of it (a
 * coffee can into aisle-b's lowest level: 0.18 m over the base, 0.14 m with the force sensor on the board above,
 * 0.16 m clear of both), the window between the nearest such pair is halved; nothing more is tried otherwise.
 * A distance whose way to the pre-place is blocked (`BlockedWay`) has its miss solved only where it decides
 * something: at the window's near side, and when no distance finds a way, until one is 'way-to-pre-place' (the
 * misses then leave out whether the rest of the blocked ones had a way out: `undefined` may be missing from them).
 */
export function frontOut<T extends object>(
  way: (outM: number) => T | FrontMiss | BlockedWay | undefined,
  outsM: readonly number[],
): { outM: number; plan: T } | { missed: ReadonlySet<FrontMiss | undefined> } {
  const missed = new Map<number, FrontMiss | BlockedWay | undefined>();
  const missAt = (outM: number): FrontMiss | undefined => {
    const miss = missed.get(outM);
    if (typeof miss !== 'function') return miss;
    const solved = miss();
    missed.set(outM, solved);
    return solved;
  };
  for (const outM of outsM) {
    const plan = way(outM);
    if (typeof plan === 'object') return { outM, plan };
    missed.set(outM, plan);
  }
  let far = Math.min(...[...missed].filter(([, miss]) => miss === 'load-over-base').map(([outM]) => outM));
  let near = Math.max(...[...missed.keys()].filter((outM) => outM < far));
  const window = () => Number.isFinite(far) && missAt(near) === 'way-to-pre-place';
  for (let k = 0; k < WINDOW_HALVINGS && window(); k++) {
    const outM = (near + far) / 2;
    const plan = way(outM);
    if (typeof plan === 'object') return { outM, plan };
    missed.set(outM, plan);
    if (plan === 'load-over-base') far = outM;
    else near = outM;
  }
  const solved = new Set([...missed.values()].filter((miss) => typeof miss !== 'function'));
  for (const [outM, miss] of [...missed]) {
    if (solved.has('way-to-pre-place')) break;
    if (typeof miss === 'function') solved.add(missAt(outM));
  }
  return { missed: solved };
}
