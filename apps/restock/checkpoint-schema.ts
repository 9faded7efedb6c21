import { z } from 'zod';
import { findProduct } from '../../scenes/catalog.ts';
import { KpiStateSchema } from './kpi-state.ts';

/** What the first line of a checkpoint says it is; a file without it is not one. */
export const CHECKPOINT_FORMAT = 'embody-demo-checkpoint';
/** Bumped when a field changes meaning; an older file is refused with both numbers. */
export const CHECKPOINT_VERSION = 1;

const finite = z.number().finite();
const count = z.number().int().nonnegative();
const vec3 = z.tuple([finite, finite, finite]);
const PoseSchema = z.strictObject({
  positionM: vec3,
  /** x, y, z, w; normalised on load (JSON keeps 17 digits, so this is a check for garbage, not rounding). */
  quaternion: z
    .tuple([finite, finite, finite, finite])
    .refine((q) => Math.abs(Math.hypot(...q) - 1) < 1e-6, 'not a unit quaternion'),
});
export type CheckpointPose = z.infer<typeof PoseSchema>;

/**
 * A continuous restocking run at a quiet moment (the robot idle, its hands empty), enough to go on from it: the
 * run's options, the sim clock, the robot's posture and base pose, every object's pose, the shoppers' random
 * stream, the restock memory (facings cooling down), and the KPI accumulators with their time series.
 */
export const CheckpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  /** How the run was started: a resumed run takes these, not new flags. */
  options: z.strictObject({
    /**
     * The planogram file: relative to the embody checkout when it is one of its files (another checkout resumes
     * with its own copy), else absolute, so a resume from another folder finds it (`checkpoint-file.ts`).
     */
    planogramPath: z.string().min(1),
    planogramName: z.string().min(1),
    seed: count,
    hours: finite.positive(),
    shoppersPerHour: finite.nonnegative(),
    fill: finite.min(0).max(1),
  }),
  sim: z.strictObject({ stepCount: count, timeMs: finite.nonnegative() }),
  robot: z.strictObject({
    id: z.string().min(1),
    rootInWorld: PoseSchema,
    joints: z.record(z.string(), finite),
  }),
  objects: z.array(
    z.strictObject({
      id: z.string().min(1),
      sku: z.string().refine((sku) => findProduct(sku) !== undefined, {
        error: (issue) => `unknown product '${String(issue.input)}'`,
      }),
      poseInWorld: PoseSchema,
    }),
  ),
  /** The last number given to a new item id (`stock/can-330ml-17`), so new items never reuse an id. */
  itemCounter: count,
  random: z.strictObject({
    shoppers: z.strictObject({
      words: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]).readonly(),
      spare: finite.optional(),
    }),
  }),
  /** Facings left alone after a failed restock, and until when, sim ms. */
  coolingUntilMs: z.record(z.string(), finite),
  kpis: KpiStateSchema,
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
