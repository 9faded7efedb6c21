import { z } from 'zod';

/**
 * What a scene file may ask for. A file is data from anywhere: without bounds, `slots: 10000000` runs the heap
 * out and `sizeM: [1e39, 1e39]` (beyond float32) ends in a physics-engine panic. The limits are generous for real
 * retail and tabletop scenes; scenes/README.md documents them.
 */
export const SCENE_LIMITS = {
  /** Largest distance or size in a file, m: a store fits, and float32 keeps better than 0.1 mm out here. */
  maxLengthM: 1000,
  /** Smallest size of a solid part, m (0.1 mm). */
  minSizeM: 1e-4,
  /** Mass of an object, kg. */
  minMassKg: 1e-6,
  maxMassKg: 10_000,
  /** Density of a material or object, kg/m³ (aerogel to osmium, with room). */
  minDensityKgM3: 0.1,
  maxDensityKgM3: 50_000,
  /** Coulomb friction coefficient. */
  maxFriction: 10,
  /** Any hand-written angle, deg (ten turns). */
  maxAngleDeg: 3600,
  /** Initial joint position, rad or m. */
  maxJointValue: 1000,
  /** Mesh scale factor (0.001 turns millimetres into metres). */
  minMeshScale: 1e-6,
  maxMeshScale: 1e6,
  /** Fixtures, objects (after fills are expanded), places and robots in one scene. */
  maxFixtures: 500,
  maxObjects: 2000,
  maxPlaces: 5000,
  maxRobots: 16,
  /** Boards of one shelving unit, and slots per board. */
  maxShelfLevels: 20,
  maxShelfSlots: 64,
  /** Size of a scene file on disk. */
  maxSceneFileBytes: 16 * 1024 * 1024,
  /** Triangles of one mesh file, and its size on disk. */
  maxMeshTriangles: 1_000_000,
  maxMeshFileBytes: 256 * 1024 * 1024,
  /**
   * Above this many triangles a mesh's collision hull is built from a bounded set of its extreme points (see
   * `hullPointsM`): hulling every vertex of a dense mesh takes tens of seconds and can panic the engine.
   */
  hullInputTriangles: 20_000,
  /** Points kept for the collision hull of a large mesh. */
  hullPoints: 1024,
} as const;

/** A number, with "not a finite number" for `.nan`/`.inf` (YAML) instead of a type error that says "number". */
export const finiteNumber = z.number({
  error: (issue) => (typeof issue.input === 'number' ? 'not a finite number' : 'expected a number'),
});

/** A finite number in `[lo, hi]`, with the unit in the message. */
export function numberIn(lo: number, hi: number, unit: string): z.ZodNumber {
  const expected = `between ${lo} and ${hi}${unit === '' ? '' : ` ${unit}`}`;
  return finiteNumber.refine((v) => v >= lo && v <= hi, {
    error: (issue) => `${String(issue.input)} is out of range: expected a number ${expected}`,
  });
}

const L = SCENE_LIMITS;
/** A coordinate or offset, m. */
export const coordinateM = numberIn(-L.maxLengthM, L.maxLengthM, 'm');
/** A size of a solid part, m. */
export const sizeM = numberIn(L.minSizeM, L.maxLengthM, 'm');
/** A gap or an optional height that may be 0, m. */
export const gapM = numberIn(0, L.maxLengthM, 'm');
/** A mass, kg. */
export const massKg = numberIn(L.minMassKg, L.maxMassKg, 'kg');
/** A density, kg/m³. */
export const densityKgM3 = numberIn(L.minDensityKgM3, L.maxDensityKgM3, 'kg/m³');
/** A Coulomb friction coefficient. */
export const friction = numberIn(0, L.maxFriction, '');
/** A coefficient of restitution (1 keeps all the energy of a bounce). */
export const restitution = numberIn(0, 1, '');
/** A hand-written angle, deg. */
export const angleDeg = numberIn(-L.maxAngleDeg, L.maxAngleDeg, 'deg');
/** An initial joint position, rad (revolute) or m (prismatic). */
export const jointValue = numberIn(-L.maxJointValue, L.maxJointValue, 'rad or m');
/** A mesh scale factor. */
export const meshScale = numberIn(L.minMeshScale, L.maxMeshScale, '');
/** A whole number in `[1, max]`; `what` names the limit in the message (`slots per board`). */
export const countUpTo = (max: number, what: string): z.ZodNumber =>
  finiteNumber
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .refine((v) => v <= max, {
      error: (issue) =>
        `${String(issue.input)} is more than the ${max} ${what} allowed (SCENE_LIMITS in scenes/scene-limits.ts)`,
    });
