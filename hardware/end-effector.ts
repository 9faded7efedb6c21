import type { Observable } from 'rxjs';
import type { Motion } from './common.ts';

/** A two-finger parallel gripper, modelled on the Franka/Robotiq grasp action. */
export interface ParallelGripper {
  readonly kind: 'parallel-gripper';
  readonly name: string;
  readonly widthRangeM: readonly [number, number];
  readonly maxForceN: number;
  readonly width$: Observable<{ readonly stampMs: number; readonly widthM: number }>;
  /** True while the fingers stalled on something before reaching the commanded width. */
  readonly objectDetected$: Observable<boolean>;
  /** Opens to a width (clipped to the range). */
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
