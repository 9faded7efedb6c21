/**
 * The two ROS dialects a rosbridge server speaks, and what differs between them on the wire: type names
 * (`sensor_msgs/JointState` vs `sensor_msgs/msg/JointState`), time (`secs`/`nsecs` vs `sec`/`nanosec`), and actions
 * (actionlib topics in ROS 1, the rosbridge action ops in ROS 2). Both the ROS backend and `embody serve` use these,
 * so the two sides of the bridge agree by construction.
 */
export type RosDialect = 'ros1' | 'ros2';

/** A ROS time or duration as either dialect writes it. */
export type RosTime =
  { readonly secs: number; readonly nsecs: number } | { readonly sec: number; readonly nanosec: number };

/** The interface kinds whose type names carry a `msg`/`srv`/`action` infix in ROS 2. */
export type InterfaceKind = 'msg' | 'srv' | 'action';

/**
 * The type name of an interface in a dialect: `typeName('ros2', 'sensor_msgs/JointState')` is
 * `sensor_msgs/msg/JointState`; ROS 1 names have no infix.
 */
export function typeName(dialect: RosDialect, name: string, kind: InterfaceKind = 'msg'): string {
  const [pkg, type] = splitType(name);
  return dialect === 'ros2' ? `${pkg}/${kind}/${type}` : `${pkg}/${type}`;
}

/** `pkg/Type` of a type name written in either dialect (`pkg/msg/Type` or `pkg/Type`). */
export function canonicalType(name: string): string {
  const [pkg, type] = splitType(name);
  return `${pkg}/${type}`;
}

function splitType(name: string): [string, string] {
  const parts = name.split('/').filter((p) => p.length > 0);
  if (parts.length === 3 && ['msg', 'srv', 'action'].includes(parts[1]!)) return [parts[0]!, parts[2]!];
  if (parts.length === 2) return [parts[0]!, parts[1]!];
  throw new Error(`not a ROS type name: '${name}'`);
}

/** Milliseconds as a ROS time or duration in a dialect. */
export function rosTime(dialect: RosDialect, ms: number): RosTime {
  const whole = Math.floor(ms / 1000);
  const nanos = Math.round((ms - whole * 1000) * 1e6);
  // Rounding can carry a full second.
  const [s, ns] = nanos >= 1e9 ? [whole + 1, nanos - 1e9] : [whole, nanos];
  return dialect === 'ros2' ? { sec: s, nanosec: ns } : { secs: s, nsecs: ns };
}

/**
 * A ROS time or duration in either dialect as milliseconds (0 for a missing or malformed one); `{ sec, nsec }` (ROS 1
 * messages decoded from raw bytes) too.
 */
export function timeToMs(time: unknown): number {
  if (typeof time !== 'object' || time === null) return 0;
  const t = time as Record<string, unknown>;
  const s = Number(t.sec ?? t.secs ?? 0);
  const ns = Number(t.nanosec ?? t.nsecs ?? t.nsec ?? 0);
  return Number.isFinite(s) && Number.isFinite(ns) ? s * 1000 + ns / 1e6 : 0;
}

/** A `std_msgs/Header` in a dialect. ROS 1 headers carry a sequence number, ROS 2 headers do not. */
export function rosHeader(dialect: RosDialect, stampMs: number, frameId: string, seq = 0): Record<string, unknown> {
  const stamp = rosTime(dialect, stampMs);
  return dialect === 'ros2' ? { stamp, frame_id: frameId } : { seq, stamp, frame_id: frameId };
}

/** `action_msgs/GoalStatus` codes (ROS 2), as rosbridge's `action_result.status` reports them. */
export const ROS2_GOAL_STATUS = {
  unknown: 0,
  accepted: 1,
  executing: 2,
  canceling: 3,
  succeeded: 4,
  canceled: 5,
  aborted: 6,
} as const;

/** `actionlib_msgs/GoalStatus` codes (ROS 1). */
export const ROS1_GOAL_STATUS = {
  pending: 0,
  active: 1,
  preempted: 2,
  succeeded: 3,
  aborted: 4,
  rejected: 5,
  preempting: 6,
  recalling: 7,
  recalled: 8,
  lost: 9,
} as const;

/** ROS 1 goal states after which nothing more happens to a goal. */
export const ROS1_TERMINAL_STATUS: ReadonlySet<number> = new Set([
  ROS1_GOAL_STATUS.preempted,
  ROS1_GOAL_STATUS.succeeded,
  ROS1_GOAL_STATUS.aborted,
  ROS1_GOAL_STATUS.rejected,
  ROS1_GOAL_STATUS.recalled,
  ROS1_GOAL_STATUS.lost,
]);
