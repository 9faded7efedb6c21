import { FAILURE_CODES } from '../../sim/grasp-trial/types.ts';
import type { SampleRow } from './sample-rows.ts';

/** One per-grasp HDF5 dataset: its path, numpy dtype, trailing shape and how to read it from a row. */
export interface Hdf5Column {
  readonly path: string;
  readonly dtype: '<f8' | '<i4' | '|u1';
  /** Shape of one row's value ([] for a scalar). */
  readonly rowShape: readonly number[];
  readonly description: string;
  readonly value: (row: SampleRow) => number | readonly number[];
}

/** One Parquet column. */
export interface ParquetColumn {
  readonly name: string;
  readonly type: 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';
  readonly description: string;
  readonly value: (row: SampleRow, object: string, h5File: string) => string | number | boolean;
}

const E = 'grasps/qualities/embody';

/** Per-grasp datasets of each object's HDF5 file (N rows). ACRONYM's names first. */
export const HDF5_COLUMNS: readonly Hdf5Column[] = [
  {
    path: 'grasps/transforms',
    dtype: '<f8',
    rowShape: [4, 4],
    description:
      'gripper pose in the object mesh frame (scaled by object/scale), row-major 4x4; gripper z = approach, x = closing axis',
    value: (r) => r.transformRowMajor,
  },
  {
    path: 'grasps/qualities/flex/object_in_gripper',
    dtype: '|u1',
    rowShape: [],
    description: '1 if the object was still held after lift and shake (ACRONYM name)',
    value: (r) => (r.success ? 1 : 0),
  },
  {
    path: `${E}/failure_mode`,
    dtype: '|u1',
    rowShape: [],
    description: `failure code: ${Object.entries(FAILURE_CODES)
      .map(([k, v]) => `${v}=${k}`)
      .join(', ')}`,
    value: (r) => FAILURE_CODES[r.failure],
  },
  {
    path: `${E}/trial_index`,
    dtype: '<i4',
    rowShape: [],
    description: "index of the trial among the object's sampled candidates",
    value: (r) => r.trialIndex,
  },
  {
    path: `${E}/width_m`,
    dtype: '<f8',
    rowShape: [],
    description: 'antipodal contact distance (0 for suction)',
    value: (r) => r.widthM,
  },
  {
    path: `${E}/contact_angle_1_rad`,
    dtype: '<f8',
    rowShape: [],
    description: 'angle between contact 1 inward normal and the closing axis',
    value: (r) => r.contactAngle1Rad,
  },
  {
    path: `${E}/contact_angle_2_rad`,
    dtype: '<f8',
    rowShape: [],
    description: 'angle between contact 2 inward normal and the closing axis',
    value: (r) => r.contactAngle2Rad,
  },
  {
    path: `${E}/rim_deviation_m`,
    dtype: '<f8',
    rowShape: [],
    description: 'suction: spread of rim distances under the cup (flatness)',
    value: (r) => r.rimDeviationM,
  },
  {
    path: `${E}/cone_margin_rad`,
    dtype: '<f8',
    rowShape: [],
    description: 'atan(friction) minus the larger contact angle (>= 0: inside the friction cone)',
    value: (r) => r.coneMarginRad,
  },
  {
    path: `${E}/required_friction`,
    dtype: '<f8',
    rowShape: [],
    description: 'friction the point-contact model needs under peak load (suction: load / rated hold force)',
    value: (r) => r.requiredFriction,
  },
  {
    path: `${E}/cone_prediction`,
    dtype: '|u1',
    rowShape: [],
    description: '1 if the analytic model predicts success',
    value: (r) => (r.conePrediction ? 1 : 0),
  },
  {
    path: `${E}/closed_width_m`,
    dtype: '<f8',
    rowShape: [],
    description: 'pad gap at the end of closing',
    value: (r) => r.result.closedWidthM,
  },
  {
    path: `${E}/slip_m`,
    dtype: '<f8',
    rowShape: [],
    description: 'how far the grasped point moved relative to the pads (or the cup face) from closing to the end, m',
    value: (r) => r.result.slipM,
  },
  { path: `${E}/mass_kg`, dtype: '<f8', rowShape: [], description: 'randomized object mass', value: (r) => r.massKg },
  {
    path: `${E}/friction`,
    dtype: '<f8',
    rowShape: [],
    description: 'randomized object friction; a pad contact has min(friction, pad friction 1)',
    value: (r) => r.friction,
  },
  {
    path: `${E}/effort`,
    dtype: '<f8',
    rowShape: [],
    description: 'randomized finger force limit in N (parallel) or vacuum in kPa (suction)',
    value: (r) => r.effort,
  },
  {
    path: `${E}/object_rotation_in_world`,
    dtype: '<f8',
    rowShape: [4],
    description: 'randomized object orientation (x, y, z, w); gravity is -z in the world',
    value: (r) => r.objectRotationInWorld,
  },
];

const T_NAMES = [0, 1, 2, 3].flatMap((r) => [0, 1, 2, 3].map((c) => `t${r}${c}`));

/** Columns of the Parquet index (one row per grasp, all objects). */
export const PARQUET_COLUMNS: readonly ParquetColumn[] = [
  { name: 'object', type: 'STRING', description: 'object name', value: (_r, object) => object },
  {
    name: 'h5_file',
    type: 'STRING',
    description: "the object's HDF5 file, relative to the dataset root",
    value: (_r, _o, h5) => h5,
  },
  {
    name: 'trial_index',
    type: 'INT32',
    description: 'trial index within the object (= row order in the HDF5 file)',
    value: (r) => r.trialIndex,
  },
  { name: 'success', type: 'BOOLEAN', description: 'object still held after lift and shake', value: (r) => r.success },
  {
    name: 'failure_mode',
    type: 'STRING',
    description: Object.keys(FAILURE_CODES).join(' | '),
    value: (r) => r.failure,
  },
  ...T_NAMES.map((name, i): ParquetColumn => ({
    name,
    type: 'DOUBLE',
    description: `gripper pose in the object mesh frame, row ${name[1]} column ${name[2]}`,
    value: (r) => r.transformRowMajor[i]!,
  })),
  { name: 'width_m', type: 'DOUBLE', description: 'antipodal contact distance', value: (r) => r.widthM },
  {
    name: 'contact_angle_1_rad',
    type: 'DOUBLE',
    description: 'contact 1 normal to closing axis',
    value: (r) => r.contactAngle1Rad,
  },
  {
    name: 'contact_angle_2_rad',
    type: 'DOUBLE',
    description: 'contact 2 normal to closing axis',
    value: (r) => r.contactAngle2Rad,
  },
  {
    name: 'cone_margin_rad',
    type: 'DOUBLE',
    description: 'atan(friction) minus the larger contact angle',
    value: (r) => r.coneMarginRad,
  },
  {
    name: 'required_friction',
    type: 'DOUBLE',
    description: 'friction the analytic model needs',
    value: (r) => r.requiredFriction,
  },
  {
    name: 'cone_prediction',
    type: 'BOOLEAN',
    description: 'analytic model predicts success',
    value: (r) => r.conePrediction,
  },
  {
    name: 'slip_m',
    type: 'DOUBLE',
    description: 'slip of the grasped point relative to the pads',
    value: (r) => r.result.slipM,
  },
  { name: 'mass_kg', type: 'DOUBLE', description: 'randomized mass', value: (r) => r.massKg },
  { name: 'friction', type: 'DOUBLE', description: 'randomized friction', value: (r) => r.friction },
  { name: 'effort', type: 'DOUBLE', description: 'randomized grip force (N) or vacuum (kPa)', value: (r) => r.effort },
  ...(['qx', 'qy', 'qz', 'qw'] as const).map((name, i): ParquetColumn => ({
    name: `object_${name}`,
    type: 'DOUBLE',
    description: `randomized object orientation ${name}`,
    value: (r) => r.objectRotationInWorld[i]!,
  })),
];
