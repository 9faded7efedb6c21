import { Vector3 } from 'three';
import type { Pose } from '../src/math/pose.ts';
import { TOUCH_TOLERANCE_M, type SceneHit, type SceneQuery } from '../src/world/scene-query.ts';
import { GROUP } from './collision-groups.ts';
import type { Collider, Rapier } from './rapier.ts';
import type { SimWorld } from './sim-world.ts';

/** Collider names (`SimWorld.colliderNames`) of the things a scene query reports; everything else is the robots'. */
const FIXTURE_PREFIX = 'fixture ';
const OBJECT_PREFIX = 'object ';

/** Query groups: a member of every group, testing only fixtures and objects, so robot links and hands drop out in Rapier. */
const QUERY_GROUPS = (0xffff << 16) | GROUP.fixture | GROUP.object;

/**
 * Smallest half extent of the cast box once shrunk by the touch tolerance, m: a box thinner than twice the
 * tolerance still sweeps as a thin slab rather than vanishing.
 */
const MIN_CAST_HALF_M = 0.0005;

/** Radius the cast box's edges are rounded by, m: far below the touch tolerance, so sweeps are unchanged. */
const EDGE_ROUND_M = 0.001;

/**
 * A scene query answered by Rapier shape casts (`world.castShape`) against the sim's live world, read at each
 * call (after a snapshot restore too): a box of the given half extents is swept along the direction, and the first
 * fixture part (`table/top`) or object (`object <id>`) it meets is the hit. The robots' own colliders (links,
 * hands, fingers, cups), sensors and the ignored objects are skipped.
 *
 * Touching is not colliding: the box is cast shrunk by `TOUCH_TOLERANCE_M` on each axis (and its edges rounded by
 * 1 mm), so it may press up to that far into a surface (as `boxSceneQuery` allows) and a pad resting against a
 * wall is free. Objects are their exact physics shapes, not bounding boxes.
 *
 * Rapier's broad phase is rebuilt by `world.step()`, so before the first step (or when colliders were added
 * since the last one) the query casts against each fixture and object collider in turn instead, which is exact
 * but linear in their number. Poses set by hand (`setTranslation`) between steps reach the broad phase at the
 * next step, as every physics change does.
 *
 * @example
 * setSceneQuery(simulation.worldModel, rapierSceneQuery(simulation.sim));
 */
export function rapierSceneQuery(sim: SimWorld): SceneQuery {
  // A query made after steps trusts the broad phase at once (its colliders were there at the last step).
  let namedAtLastStep = sim.stepCount > 0 ? sim.colliderSetKey : '';
  sim.addPostStep(() => (namedAtLastStep = sim.colliderSetKey));
  const candidates = new CandidateList(sim);
  return {
    castBox(poseInWorld, halfExtentsM, directionInWorld, distanceM, ignoreObjectIds) {
      const cast = castArgs(sim, poseInWorld, halfExtentsM, directionInWorld, distanceM);
      const ignored = new Set(ignoreObjectIds.map((id) => `${OBJECT_PREFIX}${id}`));
      const broadPhaseFresh = sim.stepCount > 0 && namedAtLastStep === sim.colliderSetKey;
      return broadPhaseFresh ? castInWorld(sim, cast, ignored) : castEach(sim, candidates, cast, ignored);
    },
  };
}

/** The arguments of one cast, in Rapier's terms. */
interface CastArgs {
  readonly position: Vector3;
  readonly rotation: Pose['quaternion'];
  readonly velocity: Vector3;
  readonly shape: InstanceType<Rapier['RoundCuboid']>;
  readonly maxToi: number;
  /** Radius of a sphere about `position` that holds the cast shape, m. */
  readonly boundingRadiusM: number;
}

function castArgs(
  sim: SimWorld,
  pose: Pose,
  half: readonly [number, number, number],
  direction: Vector3,
  distanceM: number,
): CastArgs {
  const [x, y, z] = half.map((h) => Math.max(MIN_CAST_HALF_M, h - TOUCH_TOLERANCE_M)) as [number, number, number];
  // Rounded edges, because Rapier 0.21's cuboid-against-cuboid cast reports false hits for a box sliding past a
  // face it does not touch (gaps up to ~1 cm; see test/sim/scene-query.test.ts); a rounded cuboid casts exactly.
  const roundM = Math.min(EDGE_ROUND_M, Math.min(x, y, z) / 2);
  return {
    position: pose.position,
    rotation: pose.quaternion,
    // Velocity = direction and maxToi = distance, so the time of impact is the distance along the sweep.
    velocity: direction,
    shape: new sim.rapier.RoundCuboid(x - roundM, y - roundM, z - roundM, roundM),
    maxToi: Math.max(0, distanceM),
    boundingRadiusM: Math.hypot(x, y, z),
  };
}

/** One `world.castShape` through Rapier's broad phase. */
function castInWorld(sim: SimWorld, cast: CastArgs, ignored: ReadonlySet<string>): SceneHit | undefined {
  const names = sim.colliderNames;
  const reportable = (collider: Collider): boolean => {
    const name = names.get(collider.handle);
    return name !== undefined && isSceneName(name) && !ignored.has(name);
  };
  const flags = sim.rapier.QueryFilterFlags.EXCLUDE_SENSORS;
  if (cast.maxToi === 0) {
    // A sweep of length 0 is an overlap test; Rapier's broad-phase cast finds nothing over a zero-length sweep.
    const overlapping = sim.world.intersectionWithShape(
      cast.position,
      cast.rotation,
      cast.shape,
      flags,
      QUERY_GROUPS,
      undefined,
      undefined,
      reportable,
    );
    return overlapping === null ? undefined : { distanceM: 0, what: reportedName(names.get(overlapping.handle) ?? '') };
  }
  const hit = sim.world.castShape(
    cast.position,
    cast.rotation,
    cast.velocity,
    cast.shape,
    0,
    cast.maxToi,
    true,
    flags,
    QUERY_GROUPS,
    undefined,
    undefined,
    reportable,
  );
  if (hit === null) return undefined;
  return { distanceM: hit.time_of_impact, what: reportedName(names.get(hit.collider.handle) ?? '') };
}

/**
 * Casts against every fixture and object collider in turn, nearest hit first: exact without a broad phase. A
 * bounding-sphere test against the swept box skips the colliders far from the sweep.
 */
function castEach(
  sim: SimWorld,
  candidates: CandidateList,
  cast: CastArgs,
  ignored: ReadonlySet<string>,
): SceneHit | undefined {
  const still = { x: 0, y: 0, z: 0 };
  const from = cast.position;
  const sweep = cast.velocity.clone().multiplyScalar(cast.maxToi);
  const sweepLengthSq = sweep.lengthSq();
  const centre = new Vector3();
  let best: SceneHit | undefined;
  for (const candidate of candidates.current()) {
    if (ignored.has(candidate.name)) continue;
    const collider = sim.world.getCollider(candidate.handle);
    if (!collider || collider.isSensor() || !collider.isEnabled()) continue;
    const t = collider.translation();
    centre.set(t.x, t.y, t.z).sub(from);
    // Closest point of the sweep's centre line to the collider's centre.
    const along = sweepLengthSq > 0 ? Math.min(1, Math.max(0, centre.dot(sweep) / sweepLengthSq)) : 0;
    const reachM = candidates.radiusM(candidate, collider) + cast.boundingRadiusM;
    if (centre.addScaledVector(sweep, -along).lengthSq() > reachM * reachM) continue;
    const limit = best ? best.distanceM : cast.maxToi;
    const hit = collider.castShape(still, cast.shape, cast.position, cast.rotation, cast.velocity, 0, limit, true);
    if (hit !== null && (!best || hit.time_of_impact < best.distanceM))
      best = { distanceM: hit.time_of_impact, what: reportedName(candidate.name) };
  }
  return best;
}

interface Candidate {
  readonly handle: number;
  readonly name: string;
}

/** The fixture and object colliders of the sim (re-read when colliders are added) and their bounding radii. */
class CandidateList {
  private list: Candidate[] = [];
  private seen = '';
  private readonly radii = new Map<number, number>();

  constructor(private readonly sim: SimWorld) {}

  current(): readonly Candidate[] {
    const names = this.sim.colliderNames;
    if (this.sim.colliderSetKey !== this.seen) {
      this.list = [...names].filter(([, name]) => isSceneName(name)).map(([handle, name]) => ({ handle, name }));
      this.seen = this.sim.colliderSetKey;
    }
    return this.list;
  }

  /** Radius of a sphere about the collider's origin that holds its shape, m (shapes do not change, so cached). */
  radiusM(candidate: Candidate, collider: Collider): number {
    let radius = this.radii.get(candidate.handle);
    if (radius === undefined) {
      radius = boundingRadiusM(this.sim.rapier, collider);
      this.radii.set(candidate.handle, radius);
    }
    return radius;
  }
}

function boundingRadiusM(rapier: Rapier, collider: Collider): number {
  const shape = collider.shape;
  if (shape instanceof rapier.Cuboid) return Math.hypot(shape.halfExtents.x, shape.halfExtents.y, shape.halfExtents.z);
  if (shape instanceof rapier.Ball) return shape.radius;
  if (shape instanceof rapier.Cylinder || shape instanceof rapier.Capsule) return shape.radius + shape.halfHeight;
  if (shape instanceof rapier.ConvexPolyhedron) {
    let maxSq = 0;
    for (let i = 0; i + 2 < shape.vertices.length; i += 3) {
      maxSq = Math.max(maxSq, shape.vertices[i]! ** 2 + shape.vertices[i + 1]! ** 2 + shape.vertices[i + 2]! ** 2);
    }
    return Math.sqrt(maxSq);
  }
  // Any other shape is never skipped.
  return Number.POSITIVE_INFINITY;
}

function isSceneName(name: string): boolean {
  return name.startsWith(FIXTURE_PREFIX) || name.startsWith(OBJECT_PREFIX);
}

/** `fixture table/top` → `table/top` (the fixture part id, as the box query names it); objects keep `object <id>`. */
function reportedName(name: string): string {
  return name.startsWith(FIXTURE_PREFIX) ? name.slice(FIXTURE_PREFIX.length) : name;
}
