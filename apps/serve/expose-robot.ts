import { z } from 'zod';
import { Quaternion, Vector3 } from 'three';
import { isMovable } from '../../src/kinematics/joint-motion.ts';
import { presetName, ROS_PRESETS } from '../../hardware/ros/presets.ts';
import { rosHeader, typeName, type RosDialect } from '../../hardware/ros/dialect.ts';
import { cloudFromDepth } from '../../hardware/ros/point-cloud2.ts';
import type { DepthFrame } from '../../hardware/camera.ts';
import type { Simulation } from '../../sim/build-scene.ts';
import type { SimRobot } from '../../sim/sim-robot.ts';
import { ActionlibHost } from './actionlib-host.ts';
import { latestOf } from './latest.ts';
import { armTarget, gripperAction, liftTarget, navigateAction, trajectoryAction } from './motion-actions.ts';
import type { ActionServer, RosGraph } from './ros-graph.ts';

export interface ExposeOptions {
  readonly dialect: RosDialect;
  /** `/joint_states` (and wrench) rate, wall-clock Hz. */
  readonly stateHz: number;
  /** Wall-clock epoch time in ms, for header stamps (what a ROS driver on the robot would stamp). */
  readonly clockMs: () => number;
  /** The sim's clock, ms: the robot's own time, for its controllers' timeouts. */
  readonly simTimeMs: () => number;
}

/** The interface names `embody serve` uses: the embody-serve preset, so a robot config naming it needs no more. */
const NAMES = ROS_PRESETS['embody-serve'];
/** Slower streams, Hz: object poses, odometry, the cups' seal switches, depth images (only while watched). */
const TF_HZ = 20;
const ODOM_HZ = 50;
const SEALED_HZ = 20;
const CAMERA_HZ = 2;
/**
 * A base that gets no cmd_vel for this long (the robot's time: sim time) stops, as diff_drive_controller's
 * cmd_vel_timeout does, ms.
 */
const CMD_VEL_TIMEOUT_MS = 500;

const Vec = z.object({ x: z.number(), y: z.number(), z: z.number() });
const Twist = z.object({ linear: Vec, angular: Vec });
const TwistStamped = z.object({ twist: Twist }).loose();
const SetBoolRequest = z.object({ data: z.boolean() });
const BoolMessage = z.object({ data: z.boolean() });
/** `ur_msgs/SetIO`: `fun` 1 sets a digital output; the cup answers on any pin. */
const SetIoRequest = z.object({ fun: z.number().int(), pin: z.number().int(), state: z.number() });
/** The other ways a site switches a vacuum, served beside the preset's SetBool: a Bool topic and a UR tool output. */
const SUCTION_TOPIC = '/{name}/vacuum_command';
const SUCTION_SET_IO = '/{name}/set_io';
/** cmd_vel as `geometry_msgs/TwistStamped` (ROS 2 Jazzy's default for diff_drive_controller), beside the Twist one. */
const CMD_VEL_STAMPED = '/cmd_vel_stamped';

/**
 * Exposes a sim robot on the graph with the standard interfaces, named as the embody-serve preset says: joint
 * states, a FollowJointTrajectory action per arm (and for the lift), a GripperCommand action per gripper, a
 * WrenchStamped per wrist sensor, a SetBool service and a seal topic per suction cup, cmd_vel (Twist), odometry
 * and NavigateToPose (move_base in ROS 1) for a wheeled base, depth images and xyz point clouds per camera, and the scene's object
 * poses on /tf. Returns the per-batch publisher the wall-clock loop calls after stepping.
 */
export function exposeRobot(
  graph: RosGraph,
  simulation: Simulation,
  robot: SimRobot,
  options: ExposeOptions,
): { afterSteps(): void; dispose(): void } {
  const { dialect, clockMs } = options;
  const type = (name: string): string => typeName(dialect, name);
  const hosts: ActionlibHost[] = [];
  const addAction = (name: string, server: ActionServer): void => {
    if (dialect === 'ros2') graph.addAction(name, server);
    else hosts.push(new ActionlibHost(graph, name, server, clockMs));
  };
  const ex = robot.model.extras;
  const { parts } = robot;

  for (const arm of parts.arms)
    addAction(presetName(NAMES.arm.trajectoryAction, arm.name), trajectoryAction(armTarget(arm)));
  parts.grippers.forEach((gripper, i) =>
    addAction(presetName(NAMES.gripper.action, ex.grippers[i]!.name), gripperAction(gripper, NAMES.gripper.position)),
  );
  const liftJoint = ex.lift === undefined ? undefined : robot.model.joints.get(ex.lift.joint);
  if (parts.lift !== undefined && liftJoint?.limits !== undefined)
    addAction(
      presetName(NAMES.lift.trajectoryAction, 'lift'),
      trajectoryAction(liftTarget(parts.lift, liftJoint.limits)),
    );
  parts.suctionCups.forEach((cup, i) => {
    const name = ex.suctionCups[i]!.name;
    graph.addService(presetName(NAMES.suction.setBool, name), {
      type: 'std_srvs/SetBool',
      call: (request) => {
        const parsed = SetBoolRequest.safeParse(request);
        if (!parsed.success) throw new Error(`SetBool request: ${parsed.error.issues[0]!.message}`);
        const on = cup.setVacuum(parsed.data.data);
        return { success: on === parsed.data.data, message: on ? 'vacuum on' : 'vacuum off' };
      },
    });
    graph.declareTopic(presetName(NAMES.suction.sealedTopic, name), type('std_msgs/Bool'));
    const command = presetName(SUCTION_TOPIC, name);
    graph.declareTopic(command, type('std_msgs/Bool'), (m) => issueOf(BoolMessage.safeParse(m)));
    graph.listen(command, undefined, (message) => void cup.setVacuum(BoolMessage.parse(message).data));
    graph.addService(presetName(SUCTION_SET_IO, name), {
      type: 'ur_msgs/SetIO',
      call: (request) => {
        const parsed = SetIoRequest.safeParse(request);
        if (!parsed.success) throw new Error(`SetIO request: ${parsed.error.issues[0]!.message}`);
        if (parsed.data.fun !== 1) return { success: false };
        const on = parsed.data.state > 0.5;
        return { success: cup.setVacuum(on) === on };
      },
    });
  });

  const joints = [...robot.model.joints.values()]
    .filter((j) => isMovable(j.type) && j.mimic === undefined)
    .map((j) => j.name);
  const jointStatesTopic = NAMES.jointStates;
  graph.declareTopic(jointStatesTopic, type('sensor_msgs/JointState'));
  const wrenchTopics = ex.ftSensors.map((s) => presetName(NAMES.ftSensor.topic, s.name));
  for (const topic of wrenchTopics) graph.declareTopic(topic, type('geometry_msgs/WrenchStamped'));
  graph.declareTopic(NAMES.objectPoses.topic, type('tf2_msgs/TFMessage'));
  const cameraTopics = ex.cameras.map((c) => ({
    image: presetName(NAMES.camera.depthImage, c.name),
    cloud: presetName(NAMES.camera.pointCloud, c.name),
  }));
  for (const topics of cameraTopics) {
    graph.declareTopic(topics.image, type('sensor_msgs/Image'));
    graph.declareTopic(topics.cloud, type('sensor_msgs/PointCloud2'));
  }

  const base = parts.base;
  let lastCmdVelMs = Number.NEGATIVE_INFINITY;
  let moving = false;
  if (base !== undefined) {
    const stamped = NAMES.base.stamped;
    graph.declareTopic(NAMES.base.cmdVel, type(stamped ? 'geometry_msgs/TwistStamped' : 'geometry_msgs/Twist'), (m) =>
      issueOf((stamped ? TwistStamped : Twist).safeParse(m)),
    );
    graph.listen(NAMES.base.cmdVel, undefined, (message) => {
      const t = stamped ? TwistStamped.parse(message).twist : Twist.parse(message);
      base.setVelocity({ vxMps: t.linear.x, vyMps: t.linear.y, wzRadps: t.angular.z });
      lastCmdVelMs = options.simTimeMs();
      moving = t.linear.x !== 0 || t.linear.y !== 0 || t.angular.z !== 0;
    });
    graph.declareTopic(CMD_VEL_STAMPED, type('geometry_msgs/TwistStamped'), (m) => issueOf(TwistStamped.safeParse(m)));
    graph.listen(CMD_VEL_STAMPED, undefined, (message) => {
      const t = TwistStamped.parse(message).twist;
      base.setVelocity({ vxMps: t.linear.x, vyMps: t.linear.y, wzRadps: t.angular.z });
      lastCmdVelMs = options.simTimeMs();
      moving = t.linear.x !== 0 || t.linear.y !== 0 || t.angular.z !== 0;
    });
    graph.declareTopic(NAMES.base.odom, type('nav_msgs/Odometry'));
    addAction(
      NAMES.base.navigateAction,
      dialect === 'ros2'
        ? navigateAction(base, 'nav2_msgs/NavigateToPose', 'pose')
        : navigateAction(base, 'move_base_msgs/MoveBase', 'target_pose'),
    );
  }

  const due = new Map<string, number>();
  /** True when a stream with period 1000/hz ms is due now (and books its next slot). */
  const tick = (key: string, hz: number, nowMs: number): boolean => {
    if (nowMs < (due.get(key) ?? 0)) return false;
    due.set(key, nowMs + 1000 / hz);
    return true;
  };
  // The sim's fingers are dynamic bodies, not skeleton joints: their joints are reported from each gripper's gap,
  // in the preset's units (one finger's travel), which is what a client maps back to the gap.
  const fingerJoints = new Map<string, () => number>();
  parts.grippers.forEach((gripper, i) => {
    for (const joint of ex.grippers[i]!.fingerJoints)
      fingerJoints.set(joint, () => {
        const widthM = latestOf(gripper.width$)?.widthM ?? 0;
        return NAMES.gripper.position.atClosed + NAMES.gripper.position.perMetre * widthM;
      });
  });
  let previous: Float64Array | undefined;
  let previousMs = 0;
  let seq = 0;

  return {
    afterSteps() {
      const now = clockMs();
      if (tick('joints', options.stateHz, now)) {
        const position = Float64Array.from(joints, (n) => fingerJoints.get(n)?.() ?? robot.body.joints[n] ?? 0);
        const dtS = (now - previousMs) / 1000;
        const velocity =
          previous === undefined || dtS <= 0
            ? new Float64Array(joints.length)
            : position.map((q, i) => (q - previous![i]!) / dtS);
        previous = position;
        previousMs = now;
        graph.publish(
          jointStatesTopic,
          {
            header: rosHeader(dialect, now, '', seq++),
            name: joints,
            position,
            velocity,
            effort: new Float64Array(joints.length),
          },
          'local',
        );
        parts.ftSensors.forEach((sensor, i) => {
          const w = sensor.currentWrench();
          graph.publish(
            wrenchTopics[i]!,
            {
              header: rosHeader(dialect, now, sensor.frameId),
              wrench: { force: xyz(w.forceN), torque: xyz(w.torqueNm) },
            },
            'local',
          );
        });
      }
      if (base !== undefined) {
        if (moving && options.simTimeMs() - lastCmdVelMs > CMD_VEL_TIMEOUT_MS) {
          base.setVelocity({ vxMps: 0, vyMps: 0, wzRadps: 0 });
          moving = false;
        }
        const pose = latestOf(base.pose$);
        if (pose !== undefined && tick('odom', ODOM_HZ, now)) {
          const q = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), pose.yawRad);
          graph.publish(
            NAMES.base.odom,
            {
              header: rosHeader(dialect, now, 'odom'),
              child_frame_id: 'base_link',
              pose: {
                pose: { position: { x: pose.x, y: pose.y, z: 0 }, orientation: quat(q) },
                covariance: new Float64Array(36),
              },
              twist: { twist: { linear: xyz([0, 0, 0]), angular: xyz([0, 0, 0]) }, covariance: new Float64Array(36) },
            },
            'local',
          );
        }
      }
      if (tick('sealed', SEALED_HZ, now))
        parts.suctionCups.forEach((cup, i) =>
          graph.publish(
            presetName(NAMES.suction.sealedTopic, ex.suctionCups[i]!.name),
            { data: latestOf(cup.sealed$) === true },
            'local',
          ),
        );
      if (tick('tf', TF_HZ, now)) {
        const transforms = simulation.worldModel.objects().map((o) => ({
          header: rosHeader(dialect, now, NAMES.objectPoses.parentFrame),
          child_frame_id: o.id,
          transform: { translation: xyz(o.poseInWorld.position.toArray()), rotation: quat(o.poseInWorld.quaternion) },
        }));
        graph.publish(NAMES.objectPoses.topic, { transforms }, 'local');
      }
      if (tick('camera', CAMERA_HZ, now))
        parts.cameras.forEach((camera, i) => {
          const topics = cameraTopics[i]!;
          const image = graph.hasListeners(topics.image);
          const cloud = graph.hasListeners(topics.cloud);
          if (!image && !cloud) return;
          camera.captureDepth().subscribe((frame) => {
            const header = rosHeader(dialect, now, ex.cameras[i]!.link);
            if (image) graph.publish(topics.image, { header, ...depthImage(frame) }, 'local');
            if (cloud)
              graph.publish(topics.cloud, { header, ...cloudFromDepth(frame.depthM, frame.intrinsics) }, 'local');
          });
        });
    },
    dispose() {
      for (const host of hosts) host.dispose();
    },
  };
}

/** The body of a `sensor_msgs/Image` (32FC1, metres) of a depth frame. */
function depthImage(frame: DepthFrame): Record<string, unknown> {
  const k = frame.intrinsics;
  const { buffer, byteOffset, byteLength } = frame.depthM;
  return {
    height: k.heightPx,
    width: k.widthPx,
    encoding: '32FC1',
    is_bigendian: 0,
    step: k.widthPx * 4,
    data: new Uint8Array(buffer.slice(byteOffset, byteOffset + byteLength)),
  };
}

function xyz(v: readonly number[]): { x: number; y: number; z: number } {
  return { x: v[0] ?? 0, y: v[1] ?? 0, z: v[2] ?? 0 };
}

function quat(q: { x: number; y: number; z: number; w: number }): { x: number; y: number; z: number; w: number } {
  return { x: q.x, y: q.y, z: q.z, w: q.w };
}

function issueOf(result: { success: boolean; error?: z.ZodError }): string | undefined {
  if (result.success || result.error === undefined) return undefined;
  const first = result.error.issues[0]!;
  return `${first.path.map(String).join('.') || 'message'}: ${first.message}`;
}
