import { z } from 'zod';

// A planogram file: which product stands in which slot of which shelving unit, how many facings wide, which face to
// the aisle. It names the scene whose shelves it describes; the restocking demo loads both from it.

const id = z
  .string({ error: 'expected a string id' })
  .regex(/^[A-Za-z0-9_.\-/]+$/, 'ids use letters, digits and - _ . / only');
const index = z
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .positive('expected 1 or more');
const gapM = z
  .number({ error: 'expected a number' })
  .refine(Number.isFinite, 'expected a finite number')
  .refine((v) => v >= 0 && v <= 0.5, 'expected a gap between 0 and 0.5 m');

/** One slot: its product, how many facings across, and which face looks at the aisle. */
export const PlanogramSlotSchema = z.strictObject({
  /** 1-based slot index on the level, slot 1 at the unit's most negative y. */
  slot: index,
  /** Catalog product name (`scenes/catalog.ts`). */
  sku: id,
  /** Items side by side across the slot, each at the front. */
  facings: index.max(12, 'at most 12 facings per slot'),
  /** `front`: the product's wide face to the aisle (its catalog y across the slot); `side`: turned a quarter. */
  orientation: z.enum(['front', 'side'], { error: 'expected front or side' }).default('front'),
  /** Gap between neighbouring facings, m (room for the gripper's fingers); the file's `facingGapM` when left out. */
  gapM: gapM.optional(),
});

/** One level (board) of a unit. */
export const PlanogramLevelSchema = z.strictObject({
  /** 1-based board index, bottom board = 1. */
  level: index,
  slots: z.array(PlanogramSlotSchema).min(1, 'a level lists at least one slot'),
});

/** One shelving unit: a `shelf` fixture of the scene, by id. */
export const PlanogramUnitSchema = z.strictObject({
  unit: id,
  levels: z.array(PlanogramLevelSchema).min(1, 'a unit lists at least one level'),
});

/** A planogram file, as validated. */
export const PlanogramSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  /** The scene whose shelves this planogram describes, relative to the planogram file. */
  scene: z.string().min(1),
  /** Default gap between facings, m. */
  facingGapM: gapM.default(0.03),
  units: z.array(PlanogramUnitSchema).min(1, 'a planogram lists at least one unit'),
});
export type PlanogramFile = z.infer<typeof PlanogramSchema>;
