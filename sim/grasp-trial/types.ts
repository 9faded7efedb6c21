import type { JawJoints } from '../effectors/jaw-joints.ts';
import type { RapierEngine } from '../rapier.ts';
import type { SimShape } from '../shapes.ts';

// The contract between the data generator (apps/datagen) and the physics trial: plain data only, so a chunk of
// trials can be posted to a worker thread and its results posted back. The contact laws and their constants live in
// sim/effectors/ (shared with the robot's parts); these models carry geometry only.

/**
 * A parallel-jaw gripper. Frame (ACRONYM convention): origin at the hand's base, +z the approach direction, +x the
 * closing axis; the pads and the palm are boxes. Closed, the pads' inner faces meet at x = 0.
 */
export interface ParallelJawModel {
  readonly kind: 'parallel';
  readonly name: string;
  /** Largest distance between the pads' inner faces, m. */
  readonly maxOpeningM: number;
  /** The tool centre point (where grasps are aimed) at (0, 0, tcpZM). */
  readonly tcpZM: number;
  /** Pad half extents along x (thickness), y (width), z (length), m. */
  readonly padHalfM: readonly [number, number, number];
  /** Height of the pads' centres, m. */
  readonly padCentreZM: number;
  readonly fingerMassKg: number;
  /** Palm (hand body) half extents and the height of its centre. */
  readonly palmHalfM: readonly [number, number, number];
  readonly palmCentreZM: number;
  /**
   * Bench only (bench/verify-agreement.ts, BENCH_PAD_CROWN_MM): crown of the pads' inner faces, m, their fall at
   * the ends of their length (`crownedPadShape`, sim/effectors/pad-crown.ts). Absent: flat box pads, as always.
   */
  readonly padCrownM?: number;
  /**
   * Bench only (bench/verify-agreement.ts, BENCH_PAD_SEGMENTS): each pad built of this many boxes along its length
   * (`segmentedPadShapes`, sim/effectors/pad-segments.ts), together the one box. Absent: one box per pad, as always.
   */
  readonly padSegments?: number;
  /** Bench only: the pads' pressed patch radius for their spin friction, m (absent: `PAD_SPIN_LAW.patchRadiusM`). */
  readonly padPatchRadiusM?: number;
}

/** A single bellows suction cup on a stem. Frame: origin at the mount, +z the approach, cup lip at z = `tcpZM`. */
export interface SuctionCupModel {
  readonly kind: 'suction';
  readonly name: string;
  readonly cupRadiusM: number;
  readonly tcpZM: number;
  readonly stemRadiusM: number;
}

/** Either end effector. */
export type EffectorModel = ParallelJawModel | SuctionCupModel;

/** The object of a trial, already scaled, in its own frame. */
export interface TrialObject {
  readonly shape: SimShape;
  readonly massKg: number;
}

/** One grasp to test, with its randomized parameters. */
export interface TrialSpec {
  /** Gripper pose in the object frame, a column-major 4×4 (three's `Matrix4.elements`). */
  readonly gripperInObject: readonly number[];
  /** Object orientation in the world (x, y, z, w): gravity's direction relative to the object. */
  readonly objectRotationInWorld: readonly [number, number, number, number];
  readonly massKg: number;
  /**
   * Coulomb friction of the object's surface. Pads are rubber (μ 1) and objects combine with the `Min` rule, so a
   * pad contact has min(friction, 1); a suction lip's shear is the cup law's own.
   */
  readonly friction: number;
  /** Per-finger force limit (parallel) or vacuum in kPa (suction). */
  readonly effort: number;
}

/** Why a trial failed; `none` when it succeeded. */
export type FailureMode =
  'none' | 'collision_at_approach' | 'no_contact' | 'slipped_during_lift' | 'slipped_during_shake' | 'palm_contact';

/** Codes stored in the datasets, stable across versions. */
export const FAILURE_CODES: Readonly<Record<FailureMode, number>> = {
  none: 0,
  collision_at_approach: 1,
  no_contact: 2,
  slipped_during_lift: 3,
  slipped_during_shake: 4,
  palm_contact: 5,
};

/** What happened in one trial. */
export interface TrialResult {
  readonly success: boolean;
  readonly failure: FailureMode;
  /** Distance between the pads at the end of closing (parallel), 0 for suction, m. */
  readonly closedWidthM: number;
  /** How far the grasped point moved relative to the pads (or the cup face) between closing and the end, m. */
  readonly slipM: number;
}

/** A chunk of trials of one object with one effector: the unit a worker runs and the manifest records. */
export interface TrialChunk {
  readonly object: TrialObject;
  readonly effector: EffectorModel;
  readonly trials: readonly TrialSpec[];
  readonly schedule: TrialScheduleName;
  /**
   * Index of the first trial among the object's trials. A trial's place in the physics worlds follows from its
   * own index only, so its label does not depend on how trials are chunked or which worker runs them.
   */
  readonly firstTrialIndex: number;
  /** The Rapier build to step it with (default deterministic: bit-equal labels on every machine). */
  readonly engine?: RapierEngine;
  /** How a parallel jaw's fingers are jointed (default `TRIAL_FINGER_JOINTS`); suction ignores it. */
  readonly fingerJoints?: JawJoints;
}

/** `fast`: the short protocol datagen uses; `long`: the peers' 2.15 s protocol (the naive baseline). */
export type TrialScheduleName = 'fast' | 'long';
