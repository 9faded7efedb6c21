import type { Quaternion, Vector3 } from 'three';
import type { FailureMode } from '../../sim/grasp-trial/types.ts';

// What bench/verify-trace.ts records of one grasp in either engine: each step's state in the gripper frame, and the
// two reductions both engines' traces share (a turn as a rotation vector; contact points to their spread on a pad).

/** BENCH_TRACE_DETAIL: a step whose every pad contact point both engines print (their depth and force). */
export const DETAIL_STEP = Number(process.env.BENCH_TRACE_DETAIL ?? -1);

/** One engine's state after one trial step, in the gripper frame (x closing, z approach), SI units. */
export interface TraceStep {
  readonly step: number;
  /** The object's centre in the gripper frame, m. */
  readonly at: readonly [number, number, number];
  /** Its turn since the end of closing as a rotation vector in the gripper frame, rad (zero before). */
  readonly turn: readonly [number, number, number];
  /** Per pad: normal force, N; contact points pushing; their spread across the pad (rms about their centre), m. */
  readonly pads: readonly {
    n: number;
    contacts: number;
    points: number;
    spreadM: number;
    centre: readonly [number, number];
  }[];
  readonly palmN: number;
  /**
   * The palm's force as the engine's palm judge reads it (palm-load.ts), N: in Rapier the palm's normal impulses over
   * the step / dt (as palmN); in MuJoCo the palm body's contact force along −z (cfrc_ext), the mean over the step's
   * substeps.
   */
  readonly palmJudgeN: number;
  /** The palm's contacts the solver pushed at, and their force-weighted |normal · z| (1: on the palm's face). */
  readonly palmContacts: number;
  readonly palmNormalZ: number;
  /** Gap between the object and the palm's face over the palm's footprint (grip-geometry.ts's palmGap), m. */
  readonly palmGapM: number;
  /** The jaw's opening (the fingers' travel sum), m. */
  readonly openingM: number;
}

export function rotationVector(q: Quaternion): [number, number, number] {
  const w = Math.min(1, Math.abs(q.w));
  const angle = 2 * Math.acos(w);
  const s = Math.sqrt(Math.max(0, 1 - w * w));
  if (s < 1e-9) return [0, 0, 0];
  const sign = q.w < 0 ? -1 : 1;
  return [(sign * q.x * angle) / s, (sign * q.y * angle) / s, (sign * q.z * angle) / s];
}

/** Points in the gripper frame → count, rms spread about their force-weighted centre (y, z of the pad), centre. */
export function spread(points: readonly { p: Vector3; f: number }[]): {
  points: number;
  spreadM: number;
  centre: [number, number];
} {
  const total = points.reduce((s, x) => s + x.f, 0);
  if (total <= 0) return { points: 0, spreadM: 0, centre: [0, 0] };
  const cy = points.reduce((s, x) => s + x.f * x.p.y, 0) / total;
  const cz = points.reduce((s, x) => s + x.f * x.p.z, 0) / total;
  const sq = points.reduce((s, x) => s + x.f * ((x.p.y - cy) ** 2 + (x.p.z - cz) ** 2), 0) / total;
  return { points: points.length, spreadM: Math.sqrt(sq), centre: [cy, cz] };
}

/** One engine's trace of a grasp: its outcome and every step. */
export interface Trace {
  readonly label: FailureMode;
  readonly slipM: number;
  readonly steps: TraceStep[];
  /** The palm judge's threshold for this grasp (palm-load.ts: the share of the weight into the palm), N. */
  readonly palmThresholdN?: number;
}
