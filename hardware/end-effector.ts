import type { Observable } from 'rxjs';
import type { Motion } from './common.ts';

/**
 * Where the pads' contact faces lie in the tool frame (z along the approach, y the closing axis, x across the
 * pads, the TCP at the origin): what a squeeze is sized over when the grasp is off the object's centre of mass.
 */
export interface GripperPads {
  /** The pad face's extent along the approach (tool z), [from, to], m. */
  readonly alongApproachM: readonly [number, number];
  /** The pad face's extent across (tool x), [from, to], m. */
  readonly acrossM: readonly [number, number];
}

/** A two-finger parallel gripper, modelled on the Franka/Robotiq grasp action. */
export interface ParallelGripper {
  readonly kind: 'parallel-gripper';
  readonly name: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly width$: Observable<{ readonly stampMs: number; readonly widthM: number }>;
  /** True while the fingers stalled on something before reaching the commanded width. */
  readonly objectDetected$: Observable<boolean>;
  /** The pads' contact faces, when the gripper knows them (sizes the squeeze of off-centre grasps). */
  readonly pads?: GripperPads;
  /**
   * Opens to a width (clipped to the range). Completes when the fingers reach it (GripperCommand `reached_goal`);
   * fails with a `stalled` fault (detail `widthM`, where they stopped) when they come to rest short of it, blocked
   * by something, within a bound set by the speed and the stroke: an opening never runs on unanswered.
   */
  open(widthM?: number, speedMps?: number): Motion<{ readonly widthM: number }>;
  /**
   * Closes until the fingers stall on an object or reach `minWidthM`, then holds `forceN` (clipped to maxForceN).
   * Completes when stalled or closed.
   */
  close(forceN: number, speedMps?: number): Motion<{ readonly forceN: number }>;
  stop(): void;
}

/** A vacuum suction cup: holds only while sealed, and only up to its rated force. */
export interface SuctionCup {
  readonly kind: 'suction-cup';
  readonly name: string;
  readonly diameterM: number;
  /** Vacuum × cup area, N. */
  readonly ratedHoldForceN: number;
  readonly sealed$: Observable<boolean>;
  /** Switches the vacuum; returns the state the pump was set to. */
  setVacuum(on: boolean): boolean;
}

export type EndEffector = ParallelGripper | SuctionCup;
