import { z } from 'zod';
import type { Pose } from '../src/math/pose.ts';
import type { KnownObject, NamedPlace } from '../src/world/world-model.ts';

// Scene files are z-up, metres, kilograms, degrees for hand-written angles. Every number carries its unit in
// its key so a file reads without the schema beside it.

const finite = z.number({ error: 'expected a number' }).refine(Number.isFinite, 'expected a finite number');
const positive = finite.refine((v) => v > 0, 'expected a positive number');
const nonNegative = finite.refine((v) => v >= 0, 'expected a number >= 0');
const id = z
  .string({ error: 'expected a string id' })
  .regex(/^[A-Za-z0-9_.\-/]+$/, 'ids use letters, digits and - _ . / only');

/** `[x, y, z]` in metres (or any other triple of finite numbers). */
export const Vec3Schema = z.tuple([finite, finite, finite], { error: 'expected array of 3 numbers' });
const PositiveVec3 = z.tuple([positive, positive, positive], { error: 'expected array of 3 positive numbers' });
const PositiveVec2 = z.tuple([positive, positive], { error: 'expected array of 2 positive numbers' });

/**
 * A pose as written in a file: position in m, orientation as roll/pitch/yaw in degrees (fixed axes x, y, z,
 * i.e. `R = Rz(yaw)·Ry(pitch)·Rx(roll)` as in URDF) or the `yawDeg` shorthand. `frame` names a fixture or a
 * place whose frame the pose is given in; without it the pose is in the world frame.
 */
export const PoseSpecSchema = z
  .strictObject({
    position: Vec3Schema,
    rpyDeg: Vec3Schema.optional(),
    yawDeg: finite.optional(),
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
  friction: nonNegative,
  restitution: nonNegative.default(0),
  densityKgM3: positive.optional(),
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
  thicknessM: positive.default(0.1),
});

/** A table; its frame is on the floor under the centre of the top, the top surface is at `heightM`. */
export const TableFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('table'),
  pose: PoseSpecSchema,
  topSizeM: PositiveVec2,
  heightM: positive,
  topThicknessM: positive.default(0.04),
  legSizeM: positive.default(0.05),
});

/** Products placed into every listed slot of one shelf level, arranged in facings across and rows deep. */
export const ShelfFillSchema = z.strictObject({
  /** 1-based level index, bottom board = 1. */
  level: z.number().int().positive(),
  /** 1-based slot indices; all slots of the level when omitted. */
  slots: z.array(z.number().int().positive()).optional(),
  product: id,
  /** Items per slot. */
  count: z.number().int().positive(),
  /** Gap between neighbouring items, m. */
  spacingM: nonNegative.default(0.01),
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
  widthM: positive,
  depthM: positive,
  /** Top-surface height of each board (a level), bottom first, strictly increasing. */
  boardHeightsM: z.array(positive).min(1),
  boardThicknessM: positive.default(0.025),
  /** Total height of the side and back panels; defaults to the top board + 0.35 m. */
  heightM: positive.optional(),
  sidePanels: z.boolean().default(true),
  backPanel: z.boolean().default(true),
  panelThicknessM: positive.default(0.02),
  /** Height of a lip along the front edge of each board, 0 for none. */
  frontLipHeightM: nonNegative.default(0),
  slots: z.number().int().positive().default(4),
  /** Distance from the shelf front to the base stand-off point `stand/<id>`, m. */
  standOffM: positive.default(0.6),
  fill: z.array(ShelfFillSchema).default([]),
});

/** Products laid in a grid on a tote's floor. */
export const ToteFillSchema = z.strictObject({
  product: id,
  count: z.number().int().positive(),
  spacingM: nonNegative.default(0.01),
});

/** An open-top tote or bin. Frame: on the floor under the centre, z up; `innerSizeM` is the usable volume. */
export const ToteFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.enum(['tote', 'bin']),
  pose: PoseSpecSchema,
  innerSizeM: PositiveVec3,
  wallThicknessM: positive.default(0.01),
  fill: ToteFillSchema.optional(),
});

/** A wall: length along local x, thickness along y, standing on its frame's origin. */
export const WallFixtureSchema = z.strictObject({
  ...fixtureBase,
  kind: z.literal('wall'),
  pose: PoseSpecSchema,
  lengthM: positive,
  heightM: positive,
  thicknessM: positive.default(0.1),
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
  z.strictObject({ kind: z.literal('cylinder'), radiusM: positive, heightM: positive }),
  z.strictObject({ kind: z.literal('sphere'), radiusM: positive }),
  z.strictObject({ kind: z.literal('capsule'), radiusM: positive, heightM: positive }),
  z.strictObject({
    kind: z.literal('mesh'),
    file: z.string().regex(/\.(obj|stl|glb)$/i, 'expected an .obj, .stl or .glb file'),
    scale: z.union([positive, PositiveVec3]).default(1),
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
    massKg: positive.optional(),
    densityKgM3: positive.optional(),
    friction: nonNegative.optional(),
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
  initialJointPositions: z.record(z.string(), finite).default({}),
});
export type RobotSpec = z.infer<typeof RobotSpecSchema>;

/** A scene file, as validated. */
export const SceneSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  materials: z.record(id, MaterialSchema).default({}),
  fixtures: z.array(FixtureSchema).default([]),
  objects: z.array(ObjectSpecSchema).default([]),
  places: z.array(PlaceSpecSchema).default([]),
  robots: z.array(RobotSpecSchema).default([]),
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
  /** For mesh shapes: the scaled vertex positions (x, y, z, ...) in the object frame, for a convex hull. */
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
