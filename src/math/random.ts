/** A seeded source of randomness. Everything random in embody draws from one of these, so a seed fixes a run. */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(mean?: number, std?: number): number;
  /** An independent stream derived from this one, for a sub-task that must not shift the parent's draws. */
  fork(salt: number): RandomSource;
}

/** Where a seeded generator is in its stream: sfc32's four words and the Box-Muller spare, if one is waiting. */
export interface RandomState {
  readonly words: readonly [number, number, number, number];
  readonly spare?: number;
}

/** A seeded source whose place in its stream can be saved and given back to `seededRandom` (a resumed run). */
export interface SeededRandom extends RandomSource {
  saveState(): RandomState;
}

/**
 * sfc32: small, fast, passes PractRand to 2^40 bytes; seeded through splitmix32 so nearby seeds diverge. Given
 * `from` (what `saveState` returned), the stream continues where that one was; `fork` still derives from `seed`.
 */
export function seededRandom(seed: number, from?: RandomState): SeededRandom {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  if (from !== undefined) {
    [a, b, c, d] = from.words;
    spare = from.spare;
  }
  return {
    next,
    saveState: () => ({ words: [a, b, c, d], ...(spare === undefined ? {} : { spare }) }),
    uniform: (min, max) => min + (max - min) * next(),
    int: (n) => Math.floor(next() * n),
    normal(mean = 0, std = 1) {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return mean + std * v;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + std * r * Math.cos(2 * Math.PI * v);
    },
    fork: (salt) => seededRandom((Math.imul(seed ^ 0x5bd1e995, 31) + salt * 0x27d4eb2d) >>> 0),
  };
}
