import { FAILURE_CODES, type FailureMode, type TrialResult } from '../../sim/grasp-trial/types.ts';
import type { ObjectPlan } from './object-plan.ts';

/** One labelled grasp: everything the HDF5 and Parquet writers store. */
export interface SampleRow {
  readonly trialIndex: number;
  /** Gripper pose in the mesh file frame, row-major 4×4. */
  readonly transformRowMajor: readonly number[];
  readonly success: boolean;
  readonly failure: FailureMode;
  readonly result: TrialResult;
  readonly widthM: number;
  readonly contactAngle1Rad: number;
  readonly contactAngle2Rad: number;
  readonly rimDeviationM: number;
  readonly coneMarginRad: number;
  readonly requiredFriction: number;
  readonly conePrediction: boolean;
  readonly massKg: number;
  readonly friction: number;
  readonly effort: number;
  readonly objectRotationInWorld: readonly [number, number, number, number];
}

/** Rows of the finished trials of an object, in trial order; `results` maps trial index to its result. */
export function sampleRows(plan: ObjectPlan, results: ReadonlyMap<number, TrialResult>): SampleRow[] {
  const rows: SampleRow[] = [];
  plan.trials.forEach((t, i) => {
    const result = results.get(i);
    if (result === undefined) return;
    const e = t.gripperInFile.elements;
    rows.push({
      trialIndex: i,
      transformRowMajor: [0, 1, 2, 3].flatMap((r) => [e[r]!, e[r + 4]!, e[r + 8]!, e[r + 12]!]),
      success: result.success,
      failure: result.failure,
      result,
      widthM: t.candidate.widthM,
      contactAngle1Rad: t.candidate.contactAngle1Rad,
      contactAngle2Rad: t.candidate.contactAngle2Rad,
      rimDeviationM: t.candidate.rimDeviationM,
      coneMarginRad: t.quality.coneMarginRad,
      requiredFriction: t.quality.requiredFriction,
      conePrediction: t.quality.predictedSuccess,
      massKg: t.draw.massKg,
      friction: t.draw.friction,
      effort: t.draw.effort,
      objectRotationInWorld: t.draw.objectRotationInWorld,
    });
  });
  return rows;
}

/** Failure mode names by code, for files that store the code. */
export const FAILURE_NAMES: readonly FailureMode[] = (Object.entries(FAILURE_CODES) as [FailureMode, number][])
  .sort((a, b) => a[1] - b[1])
  .map(([name]) => name);
