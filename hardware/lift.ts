import type { Observable } from 'rxjs';
import type { Motion } from './common.ts';

/** A torso lift: a prismatic joint that raises the upper body. A wheeled humanoid kneels by lowering it. */
export interface Lift {
  readonly jointName: string;
  readonly heightRangeM: readonly [number, number];
  readonly maxSpeedMps: number;
  readonly height$: Observable<{ readonly stampMs: number; readonly heightM: number }>;
  /** Moves to a height; `applied` is the height after clipping to the range. */
  moveTo(heightM: number, speedMps?: number): Motion<number>;
  stop(): void;
}
