import { Quaternion } from 'three';
import { z } from 'zod';
import type { RandomSource } from '../../src/math/random.ts';
import { uniformRotation } from '../../src/math/random-rotation.ts';

const Range = z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'range must be [low, high]');

/** Domain randomization ranges; every drawn value is recorded per sample. */
export const RandomizationSchema = z.object({
  /** Object scale, drawn once per object (ACRONYM keeps one scale per object file). */
  scale: Range.default([0.9, 1.1]),
  /** Multiplies the object's nominal mass (after scaling by scale³). */
  massFactor: Range.default([0.8, 1.2]),
  /** Multiplies the object's nominal friction. */
  frictionFactor: Range.default([0.7, 1.3]),
  /** Parallel: force limit per finger, N. */
  gripForceN: Range.default([15, 25]),
  /** Suction: vacuum, kPa. */
  vacuumKPa: Range.default([40, 60]),
  /** `random`: uniform object orientation (gravity from any side); `upright`: object z up. */
  pose: z.enum(['random', 'upright']).default('random'),
});

/** Domain randomization ranges. */
export type Randomization = z.infer<typeof RandomizationSchema>;

/** The default ranges. */
export const DEFAULT_RANDOMIZATION: Randomization = RandomizationSchema.parse({});

/** One trial's randomized values. */
export interface TrialDraw {
  readonly massKg: number;
  readonly friction: number;
  readonly effort: number;
  readonly objectRotationInWorld: [number, number, number, number];
}

/** Draws one trial's values; `massKg` and `friction` are the scaled object's nominal values. */
export function drawTrial(
  r: Randomization,
  effector: 'parallel' | 'suction',
  massKg: number,
  friction: number,
  rng: RandomSource,
): TrialDraw {
  const mass = massKg * rng.uniform(r.massFactor[0], r.massFactor[1]);
  const mu = friction * rng.uniform(r.frictionFactor[0], r.frictionFactor[1]);
  const effortRange = effector === 'parallel' ? r.gripForceN : r.vacuumKPa;
  const effort = rng.uniform(effortRange[0], effortRange[1]);
  const q = r.pose === 'upright' ? new Quaternion() : uniformRotation(rng);
  return { massKg: mass, friction: mu, effort, objectRotationInWorld: [q.x, q.y, q.z, q.w] };
}
