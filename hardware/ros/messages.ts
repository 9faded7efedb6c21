import { z } from 'zod';

/**
 * The standard ROS messages the backend reads, as zod schemas: where data enters from the bridge it is parsed once,
 * whichever encoding brought it (JSON arrays or CBOR typed arrays; byte arrays as base64 under JSON), and only
 * the fields we use are required.
 */

/** A number array from JSON (`null` for NaN, which JSON cannot carry) or a CBOR typed array. */
const Numbers = z.preprocess(
  (v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v),
  z.array(z.union([z.number(), z.null().transform(() => Number.NaN)])),
);

/** Bytes from JSON (base64, as rosbridge writes `uint8[]`), a CBOR byte string, or a plain number array. */
export const Bytes = z.preprocess((v) => {
  if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
  if (v instanceof Uint8Array) return v;
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  return v;
}, z.instanceof(Uint8Array));

const Vector3 = z.object({ x: z.number(), y: z.number(), z: z.number() });
const Quaternion = z.object({ x: z.number(), y: z.number(), z: z.number(), w: z.number() });
const Header = z.object({ frame_id: z.string().default('') }).loose();

export const JointStateMsg = z.object({
  name: z.array(z.string()),
  position: Numbers.default([]),
  velocity: Numbers.default([]),
  effort: Numbers.default([]),
});
export type JointStateMsg = z.infer<typeof JointStateMsg>;

export const WrenchStampedMsg = z.object({
  header: Header,
  wrench: z.object({ force: Vector3, torque: Vector3 }),
});

export const OdometryMsg = z.object({
  pose: z.object({ pose: z.object({ position: Vector3, orientation: Quaternion }) }),
});

export const BoolMsg = z.object({ data: z.boolean() });

export const TfMessageMsg = z.object({
  transforms: z.array(
    z.object({
      header: Header,
      child_frame_id: z.string(),
      transform: z.object({ translation: Vector3, rotation: Quaternion }),
    }),
  ),
});

export const ImageMsg = z.object({
  header: Header,
  height: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  encoding: z.string(),
  is_bigendian: z.union([z.number(), z.boolean()]).transform((v) => v === true || v === 1),
  step: z.number().int().nonnegative(),
  data: Bytes,
});
export type ImageMsg = z.infer<typeof ImageMsg>;

export const PointCloud2Msg = z.object({
  header: Header,
  height: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  fields: z.array(z.object({ name: z.string(), offset: z.number(), datatype: z.number(), count: z.number() })),
  is_bigendian: z.union([z.number(), z.boolean()]).transform((v) => v === true || v === 1),
  point_step: z.number().int().positive(),
  row_step: z.number().int().nonnegative(),
  data: Bytes,
});
export type PointCloud2Msg = z.infer<typeof PointCloud2Msg>;

/** `control_msgs/FollowJointTrajectory` result: 0 is SUCCESSFUL, negatives name what went wrong. */
export const FollowJointTrajectoryResult = z
  .object({ error_code: z.number().default(0), error_string: z.string().default('') })
  .loose();

/** `control_msgs/GripperCommand` result. */
export const GripperCommandResult = z
  .object({
    position: z.number().default(0),
    effort: z.number().default(0),
    stalled: z.boolean().default(false),
    reached_goal: z.boolean().default(false),
  })
  .loose();

/** `std_srvs/SetBool` response (and `ur_msgs/SetIO`'s, which has `success` only). */
export const SuccessResponse = z.object({ success: z.boolean(), message: z.string().default('') }).loose();

/** `control_msgs/FollowJointTrajectory` error codes. */
export const TRAJECTORY_ERROR = {
  successful: 0,
  invalidGoal: -1,
  invalidJoints: -2,
  oldHeaderTimestamp: -3,
  pathToleranceViolated: -4,
  goalToleranceViolated: -5,
} as const;
