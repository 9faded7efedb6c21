import { z } from 'zod';
import type { Pose } from '../src/math/pose.ts';
import type { KnownObject, NamedPlace } from '../src/world/world-model.ts';
import {
  angleDeg,
  coordinateM,
  countUpTo,
  densityKgM3,
  friction,
  gapM,
  jointValue,
  massKg,
  meshScale,
  restitution,
  SCENE_LIMITS,
  sizeM,
} from './scene-limits.ts';

// Scene files are z-up, metres, kilograms, degrees for hand-written angles. Every number carries its unit in
// its key so a file reads without the schema beside it. Every number is bounded (scene-limits.ts): a file may come
// from anywhere, and an absurd magnitude should be refused here, with its path, not deep in the physics engine.

const id = z
  .string({ error: 'expected a string id' })
  .regex(/^[A-Za-z0-9_.\-/]+$/, 'ids use letters, digits and - _ . / only');

/** `[x, y, z]` in metres. */
export const Vec3Schema = z.tuple([coordinateM, coordinateM, coordinateM], { error: 'expected array of 3 numbers' });
const AnglesDeg = z.tuple([angleDeg, angleDeg, angleDeg], { error: 'expected array of 3 numbers' });
const PositiveVec3 = z.tuple([sizeM, sizeM, sizeM], { error: 'expected array of 3 positive numbers' });
const PositiveVec2 = z.tuple([sizeM, sizeM], { error: 'expected array of 2 positive numbers' });
const tooMany = (what: string, max: number): string =>
  `at most ${max} ${what} per scene (see SCENE_LIMITS in scenes/scene-limits.ts)`;

/**
 * A pose as written in a file: position in m, orientation as roll/pitch/yaw in degrees (fixed axes x, y, z,
 * i.e. `R = Rz(yaw)·Ry(pitch)·Rx(roll)` as in URDF) or the `yawDeg` shorthand. `frame` names a fixture or a
 * place whose frame the pose is given in; without it the pose is in the world frame.
 */
export const PoseSpecSchema = z
  .strictObject({
    position: Vec3Schema,
    rpyDeg: AnglesDeg.optional(),
    yawDeg: angleDeg.optional(),
    frame: id.optional(),
  })
  .refine((p) => p.rpyDeg === undefined || p.yawDeg === undefined, {
    message: 'give either rpyDeg or yawDeg, not both',
    path: ['yawDeg'],
  });
export type PoseSpec = z.infer<typeof PoseSpecSchema>;

const ORIGIN: PoseSpec = { position: [0, 0, 0] };

/** Surface properties; density (kg/m³) is used for objects that give neither a product nor a mass. */
export const MaterialSchema = z.strictObject({
  friction,
  restitution: restitution.default(0),
  densityKgM3: densityKgM3.optional(),
});
export type Material = z.infer<typeof MaterialSchema>;
/** A material with every field a simulator needs. */
export type ResolvedMaterial = Material & { readonly friction: number; readonly restitution: number };

const fixtureBase = { id, material: id.optional() };

/** The ground: a large thin slab whose top surface is z = 0 in its frame. */
export const FloorFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('floor'),
  pose: PoseSpecSchema.default(ORIGIN),
  sizeM: PositiveVec2.default([30, 30]),
  thicknessM: sizeM.default(0.1),
});

/** A table; its frame is on the floor under the centre of the top, the top surface is at `heightM`. */
export const TableFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('table'),
  pose: PoseSpecSchema,
  topSizeM: PositiveVec2,
  heightM: sizeM,
  topThicknessM: sizeM.default(0.04),
  legSizeM: sizeM.default(0.05),
});

/** Products placed into every listed slot of one shelf level, arranged in facings across and rows deep. */
export const ShelfFillSchema = z.strictObject({
  /** 1-based level index, bottom board = 1. */
  level: countUpTo(SCENE_LIMITS.maxShelfLevels, 'levels per shelving unit'),
  /** 1-based slot indices; all slots of the level when omitted. */
  slots: z.array(countUpTo(SCENE_LIMITS.maxShelfSlots, 'slots per board')).max(SCENE_LIMITS.maxShelfSlots).optional(),
  product: id,
  /** Items per slot. */
  count: countUpTo(SCENE_LIMITS.maxObjects, 'objects per scene'),
  /** Gap between neighbouring items, m. */
  spacingM: gapM.default(0.01),
});
export type ShelfFill = z.infer<typeof ShelfFillSchema>;

/**
 * A shelving unit. Frame: on the floor at the centre of the footprint, +x out of the open front (toward the aisle),
 * y along the width, z up. Boards are full inner width and depth; `boardHeightsM` are their top surfaces.
 * Places `<id>/level-<i>/slot-<j>` are generated on each board and `stand/<id>` in front of the unit.
 */
export const ShelfFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('shelf'),
  pose: PoseSpecSchema,
  widthM: sizeM,
  depthM: sizeM,
  /** Top-surface height of each board (a level), bottom first, strictly increasing. */
  boardHeightsM: z
    .array(sizeM)
    .min(1)
    .max(SCENE_LIMITS.maxShelfLevels, `at most ${SCENE_LIMITS.maxShelfLevels} boards per shelving unit`),
  boardThicknessM: sizeM.default(0.025),
  /** Total height of the side and back panels; defaults to the top board + 0.35 m. */
  heightM: sizeM.optional(),
  sidePanels: z.boolean().default(true),
  backPanel: z.boolean().default(true),
  panelThicknessM: sizeM.default(0.02),
  /** Height of a lip along the front edge of each board, 0 for none. */
  frontLipHeightM: gapM.default(0),
  slots: countUpTo(SCENE_LIMITS.maxShelfSlots, 'slots per board').default(4),
  /** Distance from the shelf front to the base stand-off point `stand/<id>`, m. */
  standOffM: sizeM.default(0.6),
  fill: z.array(ShelfFillSchema).default([]),
});

/** Products laid in a grid on a tote's floor. */
export const ToteFillSchema = z.strictObject({
  product: id,
  count: countUpTo(SCENE_LIMITS.maxObjects, 'objects per scene'),
  spacingM: gapM.default(0.01),
});

/** An open-top tote or bin. Frame: on the floor under the centre, z up; `innerSizeM` is the usable volume. */
export const ToteFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.enum(['tote', 'bin']),
  pose: PoseSpecSchema,
  innerSizeM: PositiveVec3,
  wallThicknessM: sizeM.default(0.01),
  fill: ToteFillSchema.optional(),
});

/** A wall: length along local x, thickness along y, standing on its frame's origin. */
export const WallFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('wall'),
  pose: PoseSpecSchema,
  lengthM: sizeM,
  heightM: sizeM,
  thicknessM: sizeM.default(0.1),
});

/** A static box; its frame is the box centre. */
export const BoxFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('box'),
  pose: PoseSpecSchema,
  sizeM: PositiveVec3,
});

/** Any static fixture. */
export const FixtureSchema = z.discriminatedUnion('kind', [
  FloorFixtureSchema,
  TableFixtureSchema,
  ShelfFixtureSchema,
  ToteFixtureSchema,
  WallFixtureSchema,
  BoxFixtureSchema,
]);
export type Fixture = z.infer<typeof FixtureSchema>;
export type FixtureKind = Fixture['kind'];

/**
 * An explicit object shape, centred on the object frame. Cylinders and capsules stand along local z; a capsule's
 * `heightM` is its full tip-to-tip length (so it has the same bounds as the cylinder of the same height).
 * Mesh vertices are in the file's own frame, multiplied by `scale`.
 */
export const ShapeSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('box'), sizeM: PositiveVec3 }),
  z.strictObject({ kind: z.literal('cylinder'), radiusM: sizeM, heightM: sizeM }),
  z.strictObject({ kind: z.literal('sphere'), radiusM: sizeM }),
  z.strictObject({ kind: z.literal('capsule'), radiusM: sizeM, heightM: sizeM }),
  z.strictObject({
    kind: z.literal('mesh'),
    file: z.string().regex(/\.(obj|stl|glb)$/i, 'expected an .obj, .stl or .glb file'),
    scale: z.union([meshScale, z.tuple([meshScale, meshScale, meshScale])]).default(1),
  }),
]);
export type ShapeSpec = z.infer<typeof ShapeSpecSchema>;

/** A dynamic object: a catalog `product` or an explicit `shape`, with optional overrides. */
export const ObjectSpecSchema = z
  .strictObject({
    id,
    product: id.optional(),
    shape: ShapeSpecSchema.optional(),
    pose: PoseSpecSchema,
    material: id.optional(),
    massKg: massKg.optional(),
    densityKgM3: densityKgM3.optional(),
    friction: friction.optional(),
    tags: z.array(z.string()).default([]),
  })
  .superRefine((o, ctx) => {
    if ((o.product === undefined) === (o.shape === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of product or shape', path: ['product'] });
    }
    if (o.massKg !== undefined && o.densityKgM3 !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either massKg or densityKgM3, not both', path: ['densityKgM3'] });
    }
  });
export type ObjectSpec = z.infer<typeof ObjectSpecSchema>;

/** A named pose or region; its pose may be given in a fixture's frame via `pose.frame`. */
export const PlaceSpecSchema = z.strictObject({
  name: id,
  pose: PoseSpecSchema,
  sizeM: PositiveVec3.optional(),
  tags: z.array(z.string()).default([]),
});
export type PlaceSpec = z.infer<typeof PlaceSpecSchema>;

/** A robot: its URDF (path relative to the scene file), base pose and initial joint positions (rad or m). */
export const RobotSpecSchema = z.strictObject({
  id,
  urdf: z.string().min(1),
  basePose: PoseSpecSchema.default(ORIGIN),
  initialJointPositions: z.record(z.string(), jointValue).default({}),
});
export type RobotSpec = z.infer<typeof RobotSpecSchema>;

/** A scene file, as validated. */
export const SceneSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  materials: z.record(id, MaterialSchema).default({}),
  fixtures: z
    .array(FixtureSchema)
    .max(SCENE_LIMITS.maxFixtures, tooMany('fixtures', SCENE_LIMITS.maxFixtures))
    .default([]),
  objects: z
    .array(ObjectSpecSchema)
    .max(SCENE_LIMITS.maxObjects, tooMany('objects', SCENE_LIMITS.maxObjects))
    .default([]),
  places: z.array(PlaceSpecSchema).max(SCENE_LIMITS.maxPlaces, tooMany('places', SCENE_LIMITS.maxPlaces)).default([]),
  robots: z.array(RobotSpecSchema).max(SCENE_LIMITS.maxRobots, tooMany('robots', SCENE_LIMITS.maxRobots)).default([]),
});
export type Scene = z.infer<typeof SceneSchema>;

// ---- Resolved form: what `loadScene` returns and the sim, the viewer and the world model consume. ----

/** A fixture with defaults applied and its frame in the world. */
export type ResolvedFixture = Fixture & { readonly poseInWorld: Pose; readonly material: string };

/** A shelf's fixture spec with defaults applied. */
export type ShelfFixture = Extract<Fixture, { kind: 'shelf' }>;
/** A tote/bin fixture spec with defaults applied. */
export type ToteFixture = Extract<Fixture, { kind: 'tote' | 'bin' }>;

/** A dynamic object ready to spawn: a `KnownObject` plus what physics needs beyond the world model. */
export interface ResolvedObject extends KnownObject {
  readonly material: string;
  readonly restitution: number;
  /** Which end effector suits the object (from the catalog), when known. */
  readonly preferredEffector?: 'gripper' | 'suction';
  /**
   * For mesh shapes: points (x, y, z, ...) in the object frame whose convex hull is the physics shape: every vertex,
   * or for a dense mesh a bounded set of its extreme points (`hullPointsM`).
   */
  readonly meshVerticesM?: Float32Array;
}

/** A robot ready to spawn. */
export interface ResolvedRobot {
  readonly id: string;
  /** Absolute (or cwd-relative) URDF path, resolved against the scene file's folder. */
  readonly urdfPath: string;
  readonly basePoseInWorld: Pose;
  readonly initialJointPositions: Readonly<Record<string, number>>;
}

/** A scene with poses as `Pose`, defaults applied, products expanded and generated places added. */
export interface ResolvedScene {
  readonly name: string;
  readonly description: string;
  readonly fileName: string;
  /** Built-in materials merged with the file's. */
  readonly materials: Readonly<Record<string, ResolvedMaterial>>;
  readonly fixtures: readonly ResolvedFixture[];
  readonly objects: readonly ResolvedObject[];
  readonly places: readonly NamedPlace[];
  readonly robots: readonly ResolvedRobot[];
}
