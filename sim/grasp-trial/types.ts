import type { SimShape } from '../shapes.ts';

// The contract between the data generator (apps/datagen) and the physics trial: plain data only, so a chunk of
// trials can be posted to a worker thread and its results posted back.

/**
 * A Franka-like parallel-jaw gripper. Frame (ACRONYM convention): origin at the hand's base, +z the approach
 * direction, +x the closing axis; the pads' centre (the TCP) sits at z = `tcpZM`.
 */
export interface ParallelJawModel {
  readonly kind: 'parallel';
  readonly name: string;
  /** Largest distance between the pads' inner faces, m. */
  readonly maxOpeningM: number;
  readonly tcpZM: number;
  /** Pad half extents along x (thickness), y (width), z (length), m. */
  readonly padHalfM: readonly [number, number, number];
  readonly fingerMassKg: number;
  /** Palm (hand body) half extents; it sits right behind the pads. */
  readonly palmHalfM: readonly [number, number, number];
  /** Finger servo gains: F = clamp(kp·(q* − q) − kd·q̇, ±gripForceN). */
  readonly kpNPerM: number;
  readonly kdNsPerM: number;
}

/** A single bellows suction cup on a stem. Frame: origin at the mount, +z the approach, cup lip at z = `tcpZM`. */
export interface SuctionCupModel {
  readonly kind: 'suction';
  readonly name: string;
  readonly cupRadiusM: number;
  readonly tcpZM: number;
  readonly stemRadiusM: number;
  /** Largest spread of the rim ray distances that still seals (covers tilt and curvature), m. */
  readonly sealToleranceM: number;
  /** Largest gap between lip and surface that still seals, m. */
  readonly maxGapM: number;
  /** Friction of the rubber lip; a contact's μ is the mean of the lip's and the object's. */
  readonly lipFriction: number;
}

/** Either end effector. */
export type EffectorModel = ParallelJawModel | SuctionCupModel;

/** The gripper of ACRONYM's Franka Panda, approximated by boxes: 80 mm stroke, 50 mm long, 20 mm wide fingers. */
export const PANDA_LIKE_GRIPPER: ParallelJawModel = {
  kind: 'parallel',
  name: 'embody-parallel-jaw-80mm',
  maxOpeningM: 0.08,
  tcpZM: 0.1034,
  padHalfM: [0.005, 0.01, 0.025],
  fingerMassKg: 0.05,
  palmHalfM: [0.055, 0.02, 0.03],
  kpNPerM: 2000,
  kdNsPerM: 20,
};

/** A 30 mm cup as in GraspGen's suction data. */
export const SUCTION_30MM: SuctionCupModel = {
  kind: 'suction',
  name: 'embody-suction-30mm',
  cupRadiusM: 0.015,
  tcpZM: 0.1,
  stemRadiusM: 0.008,
  sealToleranceM: 0.003,
  maxGapM: 0.003,
  lipFriction: 1.0,
};

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
  /** Coulomb friction of the object's surface (pads take the same value; a suction lip averages it with its own). */
  readonly friction: number;
  /** Per-finger force limit (parallel) or vacuum in kPa (suction). */
  readonly effort: number;
}

/** Why a trial failed; `none` when it succeeded. */
export type FailureMode =
  'none' | 'collision_at_approach' | 'no_contact' | 'slipped_during_lift' | 'slipped_during_shake';

/** Codes stored in the datasets, stable across versions. */
export const FAILURE_CODES: Readonly<Record<FailureMode, number>> = {
  none: 0,
  collision_at_approach: 1,
  no_contact: 2,
  slipped_during_lift: 3,
  slipped_during_shake: 4,
};

/** What happened in one trial. */
export interface TrialResult {
  readonly success: boolean;
  readonly failure: FailureMode;
  /** Distance between the pads at the end of closing (parallel), 0 for suction, m. */
  readonly closedWidthM: number;
  /** How far the grasped point moved in the gripper frame between closing and the end, m. */
  readonly slipM: number;
}

/** A chunk of trials of one object with one effector: the unit a worker runs and the manifest records. */
export interface TrialChunk {
  readonly object: TrialObject;
  readonly effector: EffectorModel;
  readonly trials: readonly TrialSpec[];
  readonly schedule: TrialScheduleName;
}

/** `fast`: the short protocol datagen uses; `long`: the peers' 2.15 s protocol (the naive baseline). */
export type TrialScheduleName = 'fast' | 'long';
