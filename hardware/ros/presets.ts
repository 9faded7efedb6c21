import type { RosDialect } from './dialect.ts';

/**
 * How a gripper driver's `GripperCommand.position` (and its finger joints in `/joint_states`) relate to the pad gap:
 * `position = atClosed + perMetre × widthM`, linear for every driver we know of.
 */
export interface GripperPositionMap {
  readonly atClosed: number;
  readonly perMetre: number;
}

/**
 * Interface names a driver stack uses by default. `{name}` stands for the part's name from the URDF `<embody>` tag,
 * so one preset fits robots with several arms. A robot config takes these as defaults and overrides any of them.
 */
export interface RosPreset {
  readonly description: string;
  readonly dialect: RosDialect;
  readonly jointStates: string;
  readonly arm: { readonly trajectoryAction: string };
  readonly gripper?: { readonly action: string; readonly position: GripperPositionMap };
  readonly ftSensor?: { readonly topic: string };
  readonly suction?: { readonly setBool: string; readonly sealedTopic?: string };
  readonly lift?: { readonly trajectoryAction: string };
  readonly base?: {
    readonly cmdVel: string;
    readonly stamped: boolean;
    readonly odom: string;
    readonly navigateAction?: string;
  };
  /** A robot config takes `depthImage` by default; `pointCloud` names the driver's cloud for configs that want it. */
  readonly camera?: { readonly depthImage: string; readonly pointCloud?: string };
  readonly objectPoses?: { readonly topic: string; readonly parentFrame: string };
}

/**
 * Driver presets. The names are each stack's defaults as its documentation gives them; a site that renamed a
 * controller overrides the name in its robot config (`ros2 topic list` / `rostopic list` show what is there).
 */
export const ROS_PRESETS = {
  /** Universal Robots e-series through `ur_robot_driver` (ROS 2), with a Robotiq 2F-85 on `robotiq_driver`. */
  'ur-e-series': {
    description: 'UR e-series via ur_robot_driver (ROS 2), Robotiq 2F-85 gripper',
    dialect: 'ros2',
    jointStates: '/joint_states',
    arm: { trajectoryAction: '/scaled_joint_trajectory_controller/follow_joint_trajectory' },
    // The 2F-85 knuckle joint runs 0 (open, 85 mm) to 0.8 rad (closed).
    gripper: { action: '/robotiq_gripper_controller/gripper_cmd', position: { atClosed: 0.8, perMetre: -0.8 / 0.085 } },
    ftSensor: { topic: '/force_torque_sensor_broadcaster/wrench' },
  },
  /** Franka FR3 through `franka_ros2`: the arm's trajectory controller and the Franka Hand's GripperCommand action. */
  'franka-fr3': {
    description: 'Franka FR3 via franka_ros2, Franka Hand',
    dialect: 'ros2',
    jointStates: '/joint_states',
    arm: { trajectoryAction: '/fr3_arm_controller/follow_joint_trajectory' },
    // franka_gripper doubles the commanded position: it is one finger's travel, half the width.
    gripper: { action: '/fr3_gripper/gripper_action', position: { atClosed: 0, perMetre: 0.5 } },
    ftSensor: { topic: '/franka_robot_state_broadcaster/external_wrench_in_stiffness_frame' },
  },
  /** UFactory xArm 6 through `xarm_ros2` with the xArm gripper. */
  xarm6: {
    description: 'UFactory xArm 6 via xarm_ros2, xArm gripper',
    dialect: 'ros2',
    jointStates: '/joint_states',
    arm: { trajectoryAction: '/xarm6_traj_controller/follow_joint_trajectory' },
    // The gripper's drive joint runs 0 (open, 86 mm) to 0.85 (closed).
    gripper: { action: '/xarm_gripper/gripper_action', position: { atClosed: 0.85, perMetre: -0.85 / 0.086 } },
    ftSensor: { topic: '/xarm/uf_ftsensor_ext_states' },
  },
  /**
   * `embody serve`: the sim's robot on rosbridge, named the ros2_control way (`<part>_controller/...`). The gripper
   * follows the Franka convention (position = one finger's travel).
   */
  'embody-serve': {
    description: 'embody serve (the simulator on rosbridge)',
    dialect: 'ros2',
    jointStates: '/joint_states',
    arm: { trajectoryAction: '/{name}_controller/follow_joint_trajectory' },
    gripper: { action: '/{name}_controller/gripper_cmd', position: { atClosed: 0, perMetre: 0.5 } },
    ftSensor: { topic: '/{name}_broadcaster/wrench' },
    suction: { setBool: '/{name}/set_vacuum', sealedTopic: '/{name}/sealed' },
    lift: { trajectoryAction: '/{name}_controller/follow_joint_trajectory' },
    base: { cmdVel: '/cmd_vel', stamped: false, odom: '/odom', navigateAction: '/navigate_to_pose' },
    // depth_image_proc's names: the depth image and the organised xyz cloud made from it.
    camera: { depthImage: '/{name}/depth/image_raw', pointCloud: '/{name}/depth/points' },
    objectPoses: { topic: '/tf', parentFrame: 'world' },
  },
} as const satisfies Readonly<Record<string, RosPreset>>;

export type RosPresetName = keyof typeof ROS_PRESETS;

/** A preset's name with `{name}` replaced by a part's name. */
export function presetName(template: string, part: string): string {
  return template.replaceAll('{name}', part);
}
