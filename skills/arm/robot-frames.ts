import type { Observable } from 'rxjs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import { matrixToPose, poseToMatrix, type Pose, type Pose2D } from '../../src/math/pose.ts';
import { robotMountOf } from '../../src/world/robot-mounts.ts';
import type { WorldModel } from '../../src/world/world-model.ts';

// The mount registry moved to src/world (the sim registers the mounts of the robots it builds); re-exported here
// so callers do not change.

/** The value an Observable emits synchronously on subscribe (BehaviorSubject-style state), if any. */
export function latest<T>(source$: Observable<T>): T | undefined {
  let value: T | undefined;
  source$.subscribe((v) => (value = v)).unsubscribe();
  return value;
}

/** The robot's joint positions by URDF name right now: arms from their state, the lift from its height. */
export function currentJoints(robot: Robot): Record<string, number> {
  const joints: Record<string, number> = { ...(latest(robot.state$)?.joints ?? {}) };
  for (const arm of robot.parts.arms) {
    const { positions } = arm.currentState();
    arm.jointNames.forEach((name, i) => (joints[name] = positions[i] ?? 0));
  }
  const lift = robot.parts.lift;
  const height = lift ? latest(lift.height$) : undefined;
  if (lift && height) joints[lift.jointName] = height.heightM;
  return joints;
}

/** The base's floor pose now, when the robot has a mobile base. */
export function basePose2D(robot: Robot): Pose2D | undefined {
  const base = robot.parts.base;
  return base ? (latest(base.pose$) ?? latest(robot.state$)?.basePose) : undefined;
}

/** A floor pose as the root link's pose (root on the floor, z up). */
export function floorPoseToMatrix(pose: Pose2D): Matrix4 {
  return poseToMatrix({
    position: new Vector3(pose.x, pose.y, 0),
    quaternion: new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), pose.yawRad),
  });
}

/** The root link's pose in the world: base odometry, else the registered mount, else the world origin. */
export function rootInWorld(robot: Robot, world: WorldModel): Matrix4 {
  const base = basePose2D(robot);
  if (base) return floorPoseToMatrix(base);
  const mount = robotMountOf(world, robot.id);
  return mount ? poseToMatrix(mount) : new Matrix4();
}

/** What a reachability query may change: a hypothetical base pose and joint values (e.g. the lift). */
export interface FrameOverrides {
  readonly basePose?: Pose2D;
  readonly joints?: Readonly<Record<string, number>>;
}

/** T_world_link for any link of the robot, now or with overrides. */
export function linkInWorld(robot: Robot, world: WorldModel, link: string, overrides: FrameOverrides = {}): Matrix4 {
  const root = overrides.basePose ? floorPoseToMatrix(overrides.basePose) : rootInWorld(robot, world);
  const joints = { ...currentJoints(robot), ...(overrides.joints ?? {}) };
  const pose = linkTransforms(robot.model, joints, root).get(link);
  if (!pose) throw new Error(`robot '${robot.id}' has no link '${link}'`);
  return pose;
}

/** The arm's base link pose in the world. */
export function armBaseInWorld(robot: Robot, world: WorldModel, arm: Arm, overrides: FrameOverrides = {}): Matrix4 {
  return linkInWorld(robot, world, arm.baseLink, overrides);
}

/** The arm's tool (tip link) pose in the world now. */
export function toolInWorld(robot: Robot, world: WorldModel, arm: Arm): Pose {
  return matrixToPose(linkInWorld(robot, world, arm.tipLink));
}

/** A world pose of the tool expressed in the arm's base frame: what `Arm.moveCartesian` takes. */
export function worldToArmBase(
  robot: Robot,
  world: WorldModel,
  arm: Arm,
  toolPoseInWorld: Pose,
  overrides: FrameOverrides = {},
): Pose {
  const base = armBaseInWorld(robot, world, arm, overrides);
  return matrixToPose(base.invert().multiply(poseToMatrix(toolPoseInWorld)));
}
