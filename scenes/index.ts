// Schema and resolved types
export * from './schema.ts';
export { SceneFileError, SceneIssue, formatPath } from './scene-error.ts';

// Loading
export { loadScene, BUNDLED_ROBOTS_DIR, type LoadSceneOptions } from './load-scene.ts';
export { SCENE_LIMITS } from './scene-limits.ts';
export { servicesForScene } from './skill-services.ts';
export { parseScene, validateSceneText, resolveValidated, type ValidatedScene } from './parse-scene.ts';
export { resolveScene, type ResolveOptions } from './resolve-scene.ts';

// Geometry
export {
  fixtureBoxes,
  allFixtureBoxes,
  toteInnerFloor,
  SHELF_LIP_THICKNESS_M,
  type FixtureBox,
} from './fixture-geometry.ts';
export { shelfInterior, shelfSlots, type ShelfInterior, type ShelfSlot } from './shelf-layout.ts';
export { objectShape, type ObjectPhysics, type ObjectShapeContext } from './object-shape.ts';
export { shapeBoundsM, shapeVolumeM3 } from './shape-geometry.ts';
export { findIntersections, objectObb, INTERSECTION_TOLERANCE_M, type Intersection } from './scene-checks.ts';
export { obbFromPose, obbPenetrationM, type Obb } from '../src/math/obb.ts';
export { poseFromSpec, poseXyzYaw } from './pose-spec.ts';

// Catalog and materials
export { CATALOG, findProduct, type Product } from './catalog.ts';
export { BUILTIN_MATERIALS, DEFAULT_FIXTURE_MATERIAL } from './materials.ts';

// Meshes (Node: reads files)
export { loadMesh, parseMeshFile, readMeshFile } from './mesh-loader.ts';
export { meshDataFromPositions, checkMeshPositions, MeshError, type MeshData } from './mesh-data.ts';
export { hullPointsM } from './hull-points.ts';
