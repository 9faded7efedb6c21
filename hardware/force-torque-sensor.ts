import type { Observable } from 'rxjs';
import type { Vec3 } from './common.ts';

/** A wrench in the sensor frame (as `geometry_msgs/WrenchStamped`). */
export interface Wrench {
  readonly stampMs: number;
  readonly frameId: string;
  readonly forceN: Vec3;
  readonly torqueNm: Vec3;
}

/** A six-axis force/torque sensor. Readings are what the gauge measures: payload, contact and friction. */
export interface ForceTorqueSensor {
  readonly name: string;
  readonly frameId: string;
  readonly wrench$: Observable<Wrench>;
  /** The latest reading. */
  currentWrench(): Wrench;
  /** Zeroes the reading at the present load (a real sensor's bias reset). */
  tare(): void;
}
