import { z } from 'zod';
import { ROS_PRESETS, type GripperPositionMap } from './presets.ts';

const Topic = z.string().regex(/^\/?[A-Za-z~][\w/~]*$/, 'expected a ROS name such as /joint_states');
const PositiveMs = z.number().positive();

const PositionMapSchema = z.strictObject({
  atClosed: z.number(),
  perMetre: z.number().refine((v) => v !== 0, 'must not be 0'),
});

const ArmSchema = z.strictObject({ trajectoryAction: Topic });
const GripperSchema = z.strictObject({
  action: Topic,
  position: PositionMapSchema.optional(),
  /** Joints in `/joint_states` whose positions give the width (by the same map); default the URDF's finger joints. */
  joints: z.array(z.string().min(1)).optional(),
});
const SuctionSchema = z
  .strictObject({
    /** A `std_srvs/SetBool` service that switches the vacuum. */
    setBool: Topic.optional(),
    /** Or a `std_msgs/Bool` topic the pump listens on. */
    topic: Topic.optional(),
    /** Or a UR tool output through `ur_msgs/SetIO` (`fun` 1, the pin, state 1/0). */
    urSetIo: z.strictObject({ service: Topic, pin: z.number().int().nonnegative() }).optional(),
    /** A `std_msgs/Bool` topic saying whether the cup holds vacuum (a pressure switch); without it, sealed = on. */
    sealedTopic: Topic.optional(),
  })
  .refine((s) => [s.setBool, s.topic, s.urSetIo].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of setBool, topic, urSetIo',
  });
const FtSchema = z.strictObject({ topic: Topic });
const BaseSchema = z.strictObject({
  cmdVel: Topic,
  /** `geometry_msgs/TwistStamped` instead of `Twist` on cmdVel. */
  stamped: z.boolean().default(false),
  odom: Topic,
  /** `nav2_msgs/NavigateToPose` (ROS 2) or `move_base_msgs/MoveBase` (ROS 1) action for `goTo`, when a stack runs. */
  navigateAction: Topic.optional(),
  maxLinearMps: z.number().positive().optional(),
  maxAngularRadps: z.number().positive().optional(),
});
const CameraSchema = z
  .strictObject({ depthImage: Topic.optional(), pointCloud: Topic.optional() })
  .refine((c) => (c.depthImage === undefined) !== (c.pointCloud === undefined), {
    message: 'give exactly one of depthImage, pointCloud',
  });

/** A robot config file for the ROS backend, as written (before the preset fills in defaults). */
export const RosRobotConfigSchema = z.strictObject({
  /** A driver preset whose interface names are the defaults (see `hardware/ros/presets.ts`). */
  preset: z.enum(Object.keys(ROS_PRESETS) as [keyof typeof ROS_PRESETS, ...(keyof typeof ROS_PRESETS)[]]).optional(),
  /** The rosbridge server, `ws://host:port`. */
  url: z.string().regex(/^wss?:\/\/.+/, 'expected a ws:// or wss:// URL'),
  dialect: z.enum(['ros1', 'ros2']).optional(),
  robot: z.strictObject({
    /** The robot's id; a scene's robot with the same id gives its mount (where it stands in the world). */
    id: z.string().min(1),
    /** The URDF (with its `<embody>` tag), relative to this file. Joint names must match the driver's. */
    urdf: z.string().min(1),
  }),
  /** How the server should encode what it sends: `cbor` is smaller and faster for numeric arrays. */
  compression: z.enum(['json', 'cbor', 'cbor-raw']).default('json'),
  connectTimeoutMs: PositiveMs.default(3000),
  /** State silent for longer than this fails running motions and stops the robot. */
  watchdogMs: PositiveMs.default(200),
  reconnect: z
    .strictObject({ initialDelayMs: PositiveMs.default(200), maxDelayMs: PositiveMs.default(5000) })
    .default({ initialDelayMs: 200, maxDelayMs: 5000 }),
  /** A CBOR subscription silent this long is retried as JSON (ROS 1 rosbridge 0.11 drops some messages under CBOR). */
  cborFallbackMs: PositiveMs.default(1500),
  /** A goal nobody accepts within this time fails (a ROS 1 action server that is not running). */
  goalAcceptTimeoutMs: PositiveMs.default(3000),
  /** Caps every motion's velocity scale: a site's safety margin on top of the URDF limits. */
  maxVelocityScale: z.number().gt(0).max(1).default(1),
  jointStates: Topic.optional(),
  arms: z.record(z.string(), ArmSchema).default({}),
  grippers: z.record(z.string(), GripperSchema).default({}),
  suctionCups: z.record(z.string(), SuctionSchema).default({}),
  ftSensors: z.record(z.string(), FtSchema).default({}),
  lift: z.strictObject({ trajectoryAction: Topic }).optional(),
  base: BaseSchema.optional(),
  cameras: z.record(z.string(), CameraSchema).default({}),
  /** `tf2_msgs/TFMessage` topic whose transforms from `parentFrame` to an object id update the world model. */
  objectPoses: z.strictObject({ topic: Topic, parentFrame: z.string().min(1) }).optional(),
});

export type RosRobotConfigInput = z.input<typeof RosRobotConfigSchema>;
export type RosRobotConfigFile = z.output<typeof RosRobotConfigSchema>;

/** Per-part interface names after the preset's defaults were applied. */
export interface RosRobotConfig extends Omit<RosRobotConfigFile, 'preset' | 'dialect' | 'jointStates' | 'grippers'> {
  readonly dialect: 'ros1' | 'ros2';
  readonly jointStates: string;
  readonly grippers: Readonly<
    Record<
      string,
      { readonly action: string; readonly position: GripperPositionMap; readonly joints?: readonly string[] }
    >
  >;
}
