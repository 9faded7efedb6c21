import type { FrontMiss } from './slot-way.ts';

/** Halvings of the window between a pre-place too far out and one too near, at most (4 cm to 1 cm). */
const WINDOW_HALVINGS = 2;

/**
 * The first pre-place distance (`outsM` in order) whose way into the slot `way` finds, with that way, or the misses
 * of those tried. Before a
 * low slot the window can be narrow: farther out, the load goes down to the pre-place over the robot's base;
 * nearer, the wrist comes down past the front of the board above. When the samples fall on either side of it (a
 * coffee can into aisle-b's lowest level: 0.18 m over the base, 0.14 m with the force sensor on the board above,
 * 0.16 m clear of both), the window between the nearest such pair is halved; nothing more is tried otherwise.
 */
export function frontOut<T extends object>(
  way: (outM: number) => T | FrontMiss | undefined,
  outsM: readonly number[],
): { outM: number; plan: T } | { missed: ReadonlySet<FrontMiss | undefined> } {
  const missed = new Map<number, FrontMiss | undefined>();
  for (const outM of outsM) {
    const plan = way(outM);
    if (typeof plan === 'object') return { outM, plan };
    missed.set(outM, plan);
  }
  let far = Math.min(...[...missed].filter(([, miss]) => miss === 'load-over-base').map(([outM]) => outM));
  let near = Math.max(...[...missed.keys()].filter((outM) => outM < far));
  const window = () => Number.isFinite(far) && missed.get(near) === 'way-to-pre-place';
  for (let k = 0; k < WINDOW_HALVINGS && window(); k++) {
    const outM = (near + far) / 2;
    const plan = way(outM);
    if (typeof plan === 'object') return { outM, plan };
    missed.set(outM, plan);
    if (plan === 'load-over-base') far = outM;
    else near = outM;
  }
  return { missed: new Set(missed.values()) };
}
