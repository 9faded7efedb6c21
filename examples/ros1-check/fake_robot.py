#!/usr/bin/env python3
"""A ROS 1 node that plays a UR arm with a parallel gripper, for the manual rosbridge check (see README.md).

It is a kinematic stand-in, not a simulator: joints move exactly as commanded, and a closing gripper stalls at
`~held_width_m` as if an object of `~held_mass_kg` were between the fingers (its weight shows on the wrist sensor;
the default 0.2 kg is within the grasp check's tolerance for both objects of the tabletop scene). Contact is modelled for one case, placing on the surface
the object was picked from: while the gripper holds, the wrist sensor feels a spring force (`~contact_stiffness_npm`)
once the tool is lower than it was at the grasp. The tool's height comes from forward kinematics over `~urdf`.
What it offers is what a real ROS 1 driver offers:

- `sensor_msgs/JointState` on `/joint_states` at `~rate_hz` (stamped with rospy time);
- `control_msgs/FollowJointTrajectory` on `~trajectory_action` (actionlib), interpolating the points in time,
  preemptable, with the result's error codes for unknown joints and empty goals;
- `control_msgs/GripperCommand` on `~gripper_action`: the command's position is one finger's travel (the pad gap is
  twice it), a stall aborts the goal unless `~allow_stalling` (as ros_controllers' gripper_action_controller does);
- suction for the check of the suction paths: `std_srvs/SetBool` on `/suction/set_vacuum`, `ur_msgs/SetIO` on
  `/ur_hardware_interface/set_io`, `std_msgs/Bool` on `/suction/command`; the vacuum state is published as
  `std_msgs/Bool` on `/suction/on` and every request is logged;
- `geometry_msgs/WrenchStamped` on `/wrist_ft/wrench` in the sensor's frame (`~ft_link`);
- a stand-in motion capture: given `~objects` (the JSON `scene-poses.ts` prints: the objects' poses and the robot's
  mount in the world), it reports every object on `/tf` (`tf2_msgs/TFMessage`, parent `world`); the object nearest
  the tool when the gripper stalls moves with the tool until the gripper opens.
"""
import json
import threading
import xml.etree.ElementTree as ElementTree

import actionlib
import rospy
import numpy as np
from control_msgs.msg import (
    FollowJointTrajectoryAction,
    FollowJointTrajectoryFeedback,
    FollowJointTrajectoryResult,
    GripperCommandAction,
    GripperCommandResult,
)
from geometry_msgs.msg import WrenchStamped
from sensor_msgs.msg import JointState
from std_msgs.msg import Bool
from geometry_msgs.msg import TransformStamped
from tf2_msgs.msg import TFMessage
from std_srvs.srv import SetBool, SetBoolResponse
from ur_msgs.srv import SetIO, SetIOResponse

ARM_JOINTS = [
    "shoulder_pan_joint",
    "shoulder_lift_joint",
    "elbow_joint",
    "wrist_1_joint",
    "wrist_2_joint",
    "wrist_3_joint",
]
FINGER_JOINTS = ["finger_a_joint", "finger_b_joint"]
HOME = [0.0, -1.5708, 1.5708, -1.5708, -1.5708, 0.0]
FINGER_MAX_M = 0.0425
FINGER_SPEED_MPS = 0.05
STEP_S = 0.004


class FakeRobot:
    def __init__(self):
        self.lock = threading.Lock()
        self.positions = dict(zip(ARM_JOINTS, HOME))
        self.positions.update({j: FINGER_MAX_M for j in FINGER_JOINTS})
        self.velocities = {j: 0.0 for j in self.positions}
        self.held_width_m = rospy.get_param("~held_width_m", 0.05)
        self.allow_stalling = rospy.get_param("~allow_stalling", False)
        self.held_mass_kg = rospy.get_param("~held_mass_kg", 0.2)
        self.stiffness_npm = rospy.get_param("~contact_stiffness_npm", 20000.0)
        self.chain = Chain(rospy.get_param("~urdf"), rospy.get_param("~base_link", "base_link"))
        self.ft_link = rospy.get_param("~ft_link", "ft_link")
        self.tcp_link = rospy.get_param("~tcp_link", "gripper_tcp")
        # The tool height when the gripper closed on the object: the surface it stood on is this far below.
        self.grasp_tool_z = None
        with open(rospy.get_param("~objects")) as file:
            scene = json.load(file)
        self.mount = pose_matrix(scene["mountInWorld"])
        self.objects = {name: pose_matrix(pose) for name, pose in scene["objects"].items()}
        # (object id, its pose in the tool frame) while the gripper holds it.
        self.carried = None
        self.tf = rospy.Publisher("/tf", TFMessage, queue_size=10)
        rospy.Timer(rospy.Duration(1.0 / 30.0), self.publish_objects)
        self.states = rospy.Publisher("/joint_states", JointState, queue_size=10)
        self.wrench = rospy.Publisher("/wrist_ft/wrench", WrenchStamped, queue_size=10)
        self.vacuum = rospy.Publisher("/suction/on", Bool, queue_size=1, latch=True)
        self.vacuum.publish(Bool(data=False))
        self.trajectory = actionlib.SimpleActionServer(
            rospy.get_param("~trajectory_action", "/arm_controller/follow_joint_trajectory"),
            FollowJointTrajectoryAction,
            execute_cb=self.follow,
            auto_start=False,
        )
        self.gripper = actionlib.SimpleActionServer(
            rospy.get_param("~gripper_action", "/gripper_controller/gripper_cmd"),
            GripperCommandAction,
            execute_cb=self.grip,
            auto_start=False,
        )
        rospy.Service("/suction/set_vacuum", SetBool, self.set_bool)
        rospy.Service("/ur_hardware_interface/set_io", SetIO, self.set_io)
        rospy.Subscriber("/suction/command", Bool, self.bool_command)
        self.trajectory.start()
        self.gripper.start()
        rospy.Timer(rospy.Duration(1.0 / rospy.get_param("~rate_hz", 125.0)), self.publish_state)

    def publish_state(self, _event):
        with self.lock:
            names = list(self.positions)
            message = JointState(
                name=names,
                position=[self.positions[n] for n in names],
                velocity=[self.velocities[n] for n in names],
                effort=[0.0] * len(names),
            )
        message.header.stamp = rospy.Time.now()
        self.states.publish(message)
        self.publish_wrench(message.header.stamp)

    def publish_objects(self, _event):
        stamp = rospy.Time.now()
        message = TFMessage()
        with self.lock:
            if self.carried is not None:
                name, in_tool = self.carried
                self.objects[name] = self.tool_in_world() @ in_tool
            objects = dict(self.objects)
        for name, pose in objects.items():
            transform = TransformStamped()
            transform.header.stamp = stamp
            transform.header.frame_id = "world"
            transform.child_frame_id = name
            transform.transform.translation.x, transform.transform.translation.y, transform.transform.translation.z = (
                pose[:3, 3]
            )
            q = quaternion(pose[:3, :3])
            rotation = transform.transform.rotation
            rotation.x, rotation.y, rotation.z, rotation.w = q
            message.transforms.append(transform)
        self.tf.publish(message)

    def tool_in_world(self):
        """The tool pose in the world; call with the lock held."""
        return self.mount @ self.chain.pose(self.tcp_link, self.positions)

    def publish_wrench(self, stamp):
        with self.lock:
            positions = dict(self.positions)
            grasp_z = self.grasp_tool_z
        force_in_base = np.zeros(3)
        if grasp_z is not None:
            depth = grasp_z - self.chain.pose(self.tcp_link, positions)[:3, 3][2]
            # The object's weight pulls down; the surface, once reached, pushes it up.
            force_in_base[2] = -9.81 * self.held_mass_kg + self.stiffness_npm * max(0.0, depth)
        rotation = self.chain.pose(self.ft_link, positions)[:3, :3]
        force = rotation.T @ force_in_base
        message = WrenchStamped()
        message.header.stamp = stamp
        message.header.frame_id = self.ft_link
        message.wrench.force.x, message.wrench.force.y, message.wrench.force.z = force
        self.wrench.publish(message)

    def follow(self, goal):
        names = list(goal.trajectory.joint_names)
        unknown = [n for n in names if n not in ARM_JOINTS]
        if unknown or not goal.trajectory.points:
            code = FollowJointTrajectoryResult.INVALID_JOINTS if unknown else FollowJointTrajectoryResult.INVALID_GOAL
            rospy.logwarn("trajectory refused: unknown joints %s or no points", unknown)
            self.trajectory.set_aborted(FollowJointTrajectoryResult(error_code=code, error_string="refused"))
            return
        with self.lock:
            start = [self.positions[n] for n in names]
        points = [(0.0, start)] + [(p.time_from_start.to_sec(), list(p.positions)) for p in goal.trajectory.points]
        rospy.loginfo("trajectory: %d points over %.2f s", len(goal.trajectory.points), points[-1][0])
        began = rospy.Time.now()
        feedback = FollowJointTrajectoryFeedback(joint_names=names)
        while True:
            if self.trajectory.is_preempt_requested() or rospy.is_shutdown():
                self.hold(names)
                rospy.loginfo("trajectory preempted")
                self.trajectory.set_preempted(FollowJointTrajectoryResult(error_string="preempted"))
                return
            t = (rospy.Time.now() - began).to_sec()
            target, velocity = interpolate(points, t)
            with self.lock:
                for name, q, v in zip(names, target, velocity):
                    self.positions[name] = q
                    self.velocities[name] = v
            feedback.header.stamp = rospy.Time.now()
            feedback.actual.positions = target
            feedback.desired.positions = target
            self.trajectory.publish_feedback(feedback)
            if t >= points[-1][0]:
                break
            rospy.sleep(STEP_S)
        self.hold(names)
        self.trajectory.set_succeeded(FollowJointTrajectoryResult(error_code=FollowJointTrajectoryResult.SUCCESSFUL))

    def hold(self, names):
        with self.lock:
            for name in names:
                self.velocities[name] = 0.0

    def grip(self, goal):
        target = min(FINGER_MAX_M, max(0.0, goal.command.position))
        closing = target < self.positions[FINGER_JOINTS[0]]
        if not closing:
            with self.lock:
                self.grasp_tool_z = None
                self.carried = None
        stall_at = self.held_width_m / 2.0
        rospy.loginfo("gripper: position %.4f effort %.1f", goal.command.position, goal.command.max_effort)
        while True:
            if self.gripper.is_preempt_requested() or rospy.is_shutdown():
                self.gripper.set_preempted(self.gripper_result(False, False))
                return
            with self.lock:
                now = self.positions[FINGER_JOINTS[0]]
                step = FINGER_SPEED_MPS * STEP_S
                nxt = max(target, now - step) if closing else min(target, now + step)
                stalled = closing and nxt <= stall_at < now
                if stalled:
                    nxt = stall_at
                for j in FINGER_JOINTS:
                    self.positions[j] = nxt
            if stalled:
                with self.lock:
                    self.grasp_tool_z = self.chain.pose(self.tcp_link, self.positions)[:3, 3][2]
                    tool = self.tool_in_world()
                    name = min(self.objects, key=lambda n: np.linalg.norm(self.objects[n][:3, 3] - tool[:3, 3]))
                    if np.linalg.norm(self.objects[name][:3, 3] - tool[:3, 3]) < 0.1:
                        self.carried = (name, np.linalg.inv(tool) @ self.objects[name])
                        rospy.loginfo("holding %s", name)
                result = self.gripper_result(True, False)
                if self.allow_stalling:
                    self.gripper.set_succeeded(result)
                else:
                    self.gripper.set_aborted(result)
                return
            if nxt == target:
                self.gripper.set_succeeded(self.gripper_result(False, True))
                return
            rospy.sleep(STEP_S)

    def gripper_result(self, stalled, reached):
        return GripperCommandResult(
            position=self.positions[FINGER_JOINTS[0]], effort=0.0, stalled=stalled, reached_goal=reached
        )

    def set_bool(self, request):
        rospy.loginfo("SetBool data=%s", request.data)
        self.vacuum.publish(Bool(data=request.data))
        return SetBoolResponse(success=True, message="vacuum on" if request.data else "vacuum off")

    def set_io(self, request):
        rospy.loginfo("SetIO fun=%d pin=%d state=%.1f", request.fun, request.pin, request.state)
        self.vacuum.publish(Bool(data=request.state > 0.5))
        return SetIOResponse(success=True)

    def bool_command(self, message):
        rospy.loginfo("Bool command data=%s", message.data)
        self.vacuum.publish(Bool(data=message.data))


class Chain:
    """Forward kinematics over a URDF's joints (fixed, revolute, continuous and prismatic), from `base`."""

    def __init__(self, urdf_path, base):
        self.base = base
        self.parent_joint = {}
        for joint in ElementTree.parse(urdf_path).getroot().findall("joint"):
            origin = joint.find("origin")
            axis = joint.find("axis")
            xyz = [float(v) for v in (origin.get("xyz", "0 0 0") if origin is not None else "0 0 0").split()]
            rpy = [float(v) for v in (origin.get("rpy", "0 0 0") if origin is not None else "0 0 0").split()]
            self.parent_joint[joint.find("child").get("link")] = {
                "name": joint.get("name"),
                "type": joint.get("type"),
                "parent": joint.find("parent").get("link"),
                "origin": transform(xyz, rpy),
                "axis": np.array([float(v) for v in (axis.get("xyz") if axis is not None else "1 0 0").split()]),
            }

    def pose(self, link, positions):
        """The link's pose in the base frame, a 4x4 matrix."""
        pose = np.eye(4)
        while link != self.base:
            joint = self.parent_joint[link]
            motion = np.eye(4)
            q = positions.get(joint["name"], 0.0)
            if joint["type"] in ("revolute", "continuous"):
                motion[:3, :3] = axis_angle(joint["axis"], q)
            elif joint["type"] == "prismatic":
                motion[:3, 3] = joint["axis"] * q
            pose = joint["origin"] @ motion @ pose
            link = joint["parent"]
        return pose


def axis_angle(axis, angle):
    x, y, z = axis / np.linalg.norm(axis)
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def transform(xyz, rpy):
    roll, pitch, yaw = rpy
    matrix = np.eye(4)
    matrix[:3, :3] = axis_angle(np.array([0.0, 0, 1]), yaw) @ axis_angle(np.array([0.0, 1, 0]), pitch) @ axis_angle(
        np.array([1.0, 0, 0]), roll
    )
    matrix[:3, 3] = xyz
    return matrix


def pose_matrix(pose):
    """A 4x4 matrix from `{position: [x, y, z], quaternion: [x, y, z, w]}`."""
    x, y, z, w = pose["quaternion"]
    matrix = np.eye(4)
    matrix[:3, :3] = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ]
    matrix[:3, 3] = pose["position"]
    return matrix


def quaternion(rotation):
    """(x, y, z, w) of a rotation matrix."""
    w = np.sqrt(max(0.0, 1 + rotation[0, 0] + rotation[1, 1] + rotation[2, 2])) / 2
    x = np.copysign(np.sqrt(max(0.0, 1 + rotation[0, 0] - rotation[1, 1] - rotation[2, 2])) / 2, rotation[2, 1] - rotation[1, 2])
    y = np.copysign(np.sqrt(max(0.0, 1 - rotation[0, 0] + rotation[1, 1] - rotation[2, 2])) / 2, rotation[0, 2] - rotation[2, 0])
    z = np.copysign(np.sqrt(max(0.0, 1 - rotation[0, 0] - rotation[1, 1] + rotation[2, 2])) / 2, rotation[1, 0] - rotation[0, 1])
    return x, y, z, w


def interpolate(points, t):
    """Positions and velocities at time t along straight segments between the points."""
    if t >= points[-1][0]:
        return points[-1][1], [0.0] * len(points[-1][1])
    for (t0, q0), (t1, q1) in zip(points, points[1:]):
        if t <= t1:
            span = max(t1 - t0, 1e-9)
            s = (t - t0) / span
            return [a + (b - a) * s for a, b in zip(q0, q1)], [(b - a) / span for a, b in zip(q0, q1)]
    return points[-1][1], [0.0] * len(points[-1][1])


if __name__ == "__main__":
    rospy.init_node("fake_robot")
    FakeRobot()
    rospy.loginfo("fake robot ready")
    rospy.spin()
