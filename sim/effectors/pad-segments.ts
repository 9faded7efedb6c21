import { makePose, type Pose } from '../../src/math/pose.ts';
import type { SimShape } from '../shapes.ts';

// A segmented pad: a bench-only option of the jaw's contact model (bench/verify-agreement.ts, BENCH_PAD_SEGMENTS),
// measured against the MuJoCo referee for issue 13. Rapier presses a can's side on a flat box pad at the two ends of
// the contact line, whose own friction resists spin about μ·N·(half the line), about twice a uniformly pressed
// line (μ·N·L/4). A real rubber pad's pressure spreads along the contact: a pad built of N boxes along its length
// is touched at each segment's ends, so its points lie spread along the line, nearer a uniform pressure. The
// segments together are the one box: same outline, same closed position, same mass and inertia (the finger's mass
// properties summed exactly by sim/mass-properties.ts: Rapier's own sum over several colliders can swap two moments).
// The default pad stays one box.

/** One segment of a pad: its box shape and its pose in the finger frame. */
export interface PadSegment {
  readonly shape: SimShape;
  readonly poseInFinger: Pose;
}

/**
 * The pad box of half extents `halfM` (x its thickness, y its width, z its length), centred on the finger frame,
 * cut into `segments` equal boxes along its length (z), in order from −z to +z.
 */
export function segmentedPadShapes(halfM: readonly [number, number, number], segments: number): PadSegment[] {
  if (!(Number.isInteger(segments) && segments >= 1 && segments <= 16))
    throw new Error(`pad segments ${segments} is not a whole number from 1 to 16`);
  const [hx, hy, hz] = halfM;
  const half = hz / segments;
  return Array.from({ length: segments }, (_, k) => ({
    shape: { kind: 'box', halfExtentsM: [hx, hy, half] as const },
    poseInFinger: makePose([0, 0, -hz + (2 * k + 1) * half]),
  }));
}
