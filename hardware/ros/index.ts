// The ROS backend: the hardware interfaces over rosbridge (roslib), for real arms and bases.

// The robot and its config
export { RosRobot } from './ros-robot.ts';
export type { RosRobotOptions, ObservedObjectPose } from './ros-robot.ts';
export { loadRosRobotConfig, resolveRosConfig, RosConfigError } from './load-ros-config.ts';
export type { LoadedRosRobot } from './load-ros-config.ts';
export { RosRobotConfigSchema } from './ros-config.ts';
export type { RosRobotConfig, RosRobotConfigInput } from './ros-config.ts';
export { ROS_PRESETS, presetName } from './presets.ts';
export type { RosPreset, RosPresetName, GripperPositionMap } from './presets.ts';
// The bridge and its link
export { RosBridge } from './ros-bridge.ts';
export { RosBridgeError } from './bridge-types.ts';
export type { Compression, GoalEvent, LinkStatus, RosBridgeOptions } from './bridge-types.ts';
export { LinkHealth } from './link-health.ts';
export type { LinkHealthState } from './link-health.ts';
// The wire conventions both sides of the bridge share
export * from './dialect.ts';
