import { makePose, type Pose } from '../../src/math/pose.ts';
import type { SimShape } from '../shapes.ts';

// A segmented pad: a bench-only option of the jaw's contact model (bench/verify-agreement.ts, BENCH_PAD_SEGMENTS),
// measured against the MuJoCo referee for issue 13. Rapier presses a can's side on a flat box pad at the two ends of
// the contact line, whose own friction resists spin about μ·N·(half the line), about twice a uniformly pressed
// line (μ·N·L/4). A real rubber pad's pressure spreads along the contact: a pad built of N boxes along its length
// is touched at each segment's ends, so its points lie spread along the line, nearer a uniform pressure. The
// segments together are the one box: same outline, same closed position, same mass and inertia. The default pad
// stays one box.

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

/**
 * Gives a finger whose pad is cut into segments (colliders `segments` of `body`) the one box's mass properties: its
 * segments weigh nothing and the body carries `massKg` with the box's inertia (half extents `halfM`) about its
 * centre. Rapier sums several colliders' (or a body's own and its colliders') inertia through an eigen-decomposition
 * whose frame comes out a reflection when the principal moments' ascending order is an odd permutation of the
 * axes, and the body then turns with two of its moments swapped: a 50 g finger with a pad of 2 segments turned
 * about the closing axis with the moment about the pad's length (2.1e-6 kg·m², the box's 1.2e-5), one of 5
 * segments with moments no box has; a finger's turning inertia sets its pads' contact stiffness (pad-sink.ts).
 * The box's order (length < width < thickness axis) is odd: the middle moment is raised just above the largest
 * (the pad's width axis, +12 %), the nearest order Rapier keeps. Returns the moments the body was given.
 */
export function keepOneBoxInertia(
  body: MassBody,
  segments: readonly { setMass(massKg: number): void }[],
  massKg: number,
  halfM: readonly [number, number, number],
): [number, number, number] {
  for (const s of segments) s.setMass(0);
  const [a, b, c] = halfM.map((h) => 2 * h) as [number, number, number];
  const k = massKg / 12;
  const moments: [number, number, number] = [k * (b * b + c * c), k * (a * a + c * c), k * (a * a + b * b)];
  const order = [0, 1, 2].sort((i, j) => moments[i]! - moments[j]!);
  // A permutation of three is even when it is a rotation of (0, 1, 2).
  const even = order[1] === (order[0]! + 1) % 3;
  if (!even) moments[order[1]!] = moments[order[2]!]! * 1.001;
  body.setAdditionalMassProperties(
    massKg,
    { x: 0, y: 0, z: 0 },
    { x: moments[0], y: moments[1], z: moments[2] },
    { x: 0, y: 0, z: 0, w: 1 },
    true,
  );
  return moments;
}

/** The Rapier call `keepOneBoxInertia` makes on a finger body. */
interface MassBody {
  setAdditionalMassProperties(
    massKg: number,
    centreOfMass: { x: number; y: number; z: number },
    principalInertia: { x: number; y: number; z: number },
    frame: { x: number; y: number; z: number; w: number },
    wakeUp: boolean,
  ): void;
}
