import { Quaternion } from 'three';
import type { RandomSource } from './random.ts';

/** A rotation drawn uniformly from SO(3) (Shoemake's method). */
export function uniformRotation(rng: RandomSource): Quaternion {
  const u1 = rng.next();
  const u2 = rng.uniform(0, 2 * Math.PI);
  const u3 = rng.uniform(0, 2 * Math.PI);
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  return new Quaternion(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
}
