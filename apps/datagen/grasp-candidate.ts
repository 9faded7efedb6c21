import type { Matrix4, Vector3 } from 'three';

/** A sampled grasp before its physics trial, in the (scaled) object frame. */
export interface GraspCandidate {
  readonly gripperInObject: Matrix4;
  /** Parallel: closing axis (contact 1 → contact 2). Suction: approach axis (into the surface). */
  readonly axisInObject: Vector3;
  /** Distance between the antipodal contacts; 0 for suction. */
  readonly widthM: number;
  /** Angle of each contact's inward normal to the grasp axis (suction: cup axis to the normal, twice). */
  readonly contactAngle1Rad: number;
  readonly contactAngle2Rad: number;
  /** Suction: spread of the rim ray distances (flatness under the cup); 0 for parallel. */
  readonly rimDeviationM: number;
}
