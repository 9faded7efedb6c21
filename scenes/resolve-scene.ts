import { composePoses, type Pose } from '../src/math/pose.ts';
import type { NamedPlace } from '../src/world/world-model.ts';
import { shelfFillItems, toteFillItems, type FillItem } from './fill-layout.ts';
import { allFixtureBoxes } from './fixture-geometry.ts';
import { checkFixtureGeometry, fixturePlaces } from './fixture-places.ts';
import { BUILTIN_MATERIALS, DEFAULT_FIXTURE_MATERIAL } from './materials.ts';
import { objectShape } from './object-shape.ts';
import { resolveRelativePath } from './paths.ts';
import { poseFromSpec } from './pose-spec.ts';
import { SceneIssue } from './scene-error.ts';
import { SCENE_LIMITS } from './scene-limits.ts';
import { findIntersections } from './scene-checks.ts';
import type {
  PoseSpec,
  ResolvedFixture,
  ResolvedMaterial,
  ResolvedObject,
  ResolvedRobot,
  ResolvedScene,
  Scene,
} from './schema.ts';

/** Inputs the resolver cannot read itself (it does no I/O). */
export interface ResolveOptions {
  /** Raw mesh triangles by resolved path, as `loadScene` reads them. */
  readonly meshPositions?: ReadonlyMap<string, Float32Array>;
}

/**
 * Turns a validated scene into world poses: fixtures, generated places, expanded fills, objects with physics
 * and robots. Throws a `SceneIssue` whose path is absolute within the file.
 */
export function resolveScene(scene: Scene, fileName: string, options: ResolveOptions = {}): ResolvedScene {
  const materials: Record<string, ResolvedMaterial> = { ...BUILTIN_MATERIALS };
  for (const [name, m] of Object.entries(scene.materials)) materials[name] = m;
  const frames = new Map<string, Pose>();
  const framePose = (spec: PoseSpec, at: readonly PropertyKey[]): Pose => {
    const local = poseFromSpec(spec);
    if (spec.frame === undefined) return local;
    const frame = frames.get(spec.frame);
    if (!frame)
      throw new SceneIssue(
        [...at, 'frame'],
        `unknown fixture or place '${spec.frame}' (known: ${[...frames.keys()].join(', ') || 'none'})`,
      );
    return composePoses(frame, local);
  };

  const fixtures: ResolvedFixture[] = [];
  const fills: { item: FillItem; fixture: ResolvedFixture; index: number }[] = [];
  scene.fixtures.forEach((spec, i) => {
    const at = ['fixtures', i];
    if (frames.has(spec.id)) throw new SceneIssue([...at, 'id'], `duplicate fixture id '${spec.id}'`);
    const material = spec.material ?? DEFAULT_FIXTURE_MATERIAL[spec.kind] ?? 'default';
    if (!materials[material]) throw new SceneIssue([...at, 'material'], unknownMaterial(material, materials));
    relative(at, () => checkFixtureGeometry(spec));
    const fixture = { ...spec, material, poseInWorld: framePose(spec.pose, [...at, 'pose']) } as ResolvedFixture;
    fixtures.push(fixture);
    frames.set(spec.id, fixture.poseInWorld);
    const budget = SCENE_LIMITS.maxObjects - scene.objects.length - fills.length;
    const items = relative(at, () =>
      fixture.kind === 'shelf'
        ? shelfFillItems(fixture.id, fixture, budget)
        : fixture.kind === 'tote' || fixture.kind === 'bin'
          ? toteFillItems(fixture.id, fixture, budget)
          : [],
    );
    for (const item of items) fills.push({ item, fixture, index: i });
  });

  const places = new Map<string, NamedPlace>();
  // A tote's place shares the tote's id; `frame: <toteId>` keeps meaning the fixture frame.
  const addPlace = (place: NamedPlace, at: readonly PropertyKey[], ownerId?: string): void => {
    if (places.has(place.name) || (frames.has(place.name) && place.name !== ownerId)) {
      throw new SceneIssue(at, `duplicate place name '${place.name}'`);
    }
    places.set(place.name, place);
    if (place.name !== ownerId) frames.set(place.name, place.poseInWorld);
  };
  const stocked = new Set(fills.map((f) => f.item.placeName));
  fixtures.forEach((f, i) => fixturePlaces(f, stocked).forEach((p) => addPlace(p, ['fixtures', i], f.id)));
  scene.places.forEach((spec, i) => {
    const at = ['places', i];
    addPlace(
      {
        name: spec.name,
        poseInWorld: framePose(spec.pose, [...at, 'pose']),
        ...(spec.sizeM ? { sizeM: spec.sizeM } : {}),
        tags: spec.tags,
      },
      [...at, 'name'],
    );
  });

  const objects: ResolvedObject[] = [];
  const objectPaths: (readonly PropertyKey[])[] = [];
  const ids = new Set<string>();
  const addObject = (object: ResolvedObject, at: readonly PropertyKey[]): void => {
    if (ids.has(object.id)) throw new SceneIssue(at, `duplicate object id '${object.id}'`);
    ids.add(object.id);
    objects.push(object);
    objectPaths.push(at);
  };
  const shapeContext = {
    materials,
    ...(options.meshPositions ? { meshPositions: options.meshPositions } : {}),
    resolvePath: (file: string) => resolveRelativePath(fileName, file),
  };
  for (const { item, fixture, index } of fills) {
    const at = ['fixtures', index, ...item.pathKeys];
    const physics = relative(at, () => objectShape({ product: item.product, tags: [...item.tags] }, shapeContext));
    addObject({ id: item.id, ...physics, poseInWorld: composePoses(fixture.poseInWorld, item.poseInFixture) }, at);
  }
  scene.objects.forEach((spec, i) => {
    const at = ['objects', i];
    const physics = relative(at, () => objectShape(spec, shapeContext));
    addObject({ id: spec.id, ...physics, poseInWorld: framePose(spec.pose, [...at, 'pose']) }, [...at, 'id']);
  });

  const [first] = findIntersections(objects, allFixtureBoxes(fixtures));
  if (first) {
    const object = objects[first.objectIndex]!;
    const path = objectPaths[first.objectIndex]!;
    const at = path[path.length - 1] === 'id' ? path.slice(0, -1) : path;
    throw new SceneIssue(
      at,
      Number.isFinite(first.depthM)
        ? `object '${object.id}' intersects ${first.otherKind} '${first.otherId}' by ${(first.depthM * 1000).toFixed(1)} mm at start`
        : `object '${object.id}' has no finite extent (a non-finite size or pose), so its overlap with ${first.otherKind} '${first.otherId}' cannot be measured`,
    );
  }

  const robotIds = new Set<string>();
  const robots: ResolvedRobot[] = scene.robots.map((spec, i) => {
    const at = ['robots', i];
    if (robotIds.has(spec.id)) throw new SceneIssue([...at, 'id'], `duplicate robot id '${spec.id}'`);
    robotIds.add(spec.id);
    return {
      id: spec.id,
      urdfPath: resolveRelativePath(fileName, spec.urdf),
      basePoseInWorld: framePose(spec.basePose, [...at, 'basePose']),
      initialJointPositions: spec.initialJointPositions,
    };
  });

  return {
    name: scene.name,
    description: scene.description,
    fileName,
    materials,
    fixtures,
    objects,
    places: [...places.values()],
    robots,
  };
}

/** Runs `fn`, prefixing the path of any `SceneIssue` it throws with `at`. */
function relative<T>(at: readonly PropertyKey[], fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SceneIssue) throw new SceneIssue([...at, ...error.pathKeys], error.reason);
    throw error;
  }
}

function unknownMaterial(name: string, materials: Record<string, unknown>): string {
  return `unknown material '${name}' (known: ${Object.keys(materials).join(', ')})`;
}
