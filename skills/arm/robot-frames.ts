import type { Observable } from 'rxjs';
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { isMovable, jointPosition, setJointMotion } from '../../src/kinematics/joint-motion.ts';
import type { Joint, KinematicModel } from '../../src/kinematics/model.ts';
import { matrixToPose, poseToMatrix, type Pose, type Pose2D } from '../../src/math/pose.ts';
import { robotMount } from '../../src/world/services.ts';
import type { PlanningScene } from './planning-scene.ts';

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

/** The root link's pose in the world: base odometry, else the mount the services give, else the world origin. */
export function rootInWorld(scene: PlanningScene): Matrix4 {
  const base = basePose2D(scene.robot);
  if (base) return floorPoseToMatrix(base);
  const mount = robotMount(scene.services, scene.robot.id);
  return mount ? poseToMatrix(mount) : new Matrix4();
}

/**
 * What a reachability query may change: a hypothetical base pose and joint values (the lift, or an arm's joints
 * when a plan asks what the arm could do from a posture it is not in yet).
 */
export interface FrameOverrides {
  readonly basePose?: Pose2D;
  readonly joints?: Readonly<Record<string, number>>;
}

/** The arm's joints (`arm.jointNames` order) as `overrides` suppose them, else as they are now. */
export function armJoints(arm: Arm, overrides: FrameOverrides = {}): number[] {
  const now = arm.currentState().positions;
  return arm.jointNames.map((name, i) => overrides.joints?.[name] ?? now[i] ?? 0);
}

/** `overrides` with the arm's joints set to `q` (`arm.jointNames` order). */
export function withArmJoints(overrides: FrameOverrides, arm: Arm, q: readonly number[]): FrameOverrides {
  const joints: Record<string, number> = { ...(overrides.joints ?? {}) };
  arm.jointNames.forEach((name, i) => (joints[name] = q[i] ?? 0));
  return { ...overrides, joints };
}

/** The joints from the root link down to each link, cached per model (models do not change once parsed). */
const chainsToLink = new WeakMap<KinematicModel, Map<string, readonly Joint[]>>();

function jointsDownTo(model: KinematicModel, link: string): readonly Joint[] | undefined {
  let byLink = chainsToLink.get(model);
  if (!byLink) {
    byLink = new Map();
    chainsToLink.set(model, byLink);
  }
  const cached = byLink.get(link);
  if (cached) return cached;
  const parentJoint = new Map([...model.joints.values()].map((j) => [j.child, j]));
  const chain: Joint[] = [];
  for (let at = link; at !== model.rootLink;) {
    const joint = parentJoint.get(at);
    if (!joint) return undefined;
    chain.unshift(joint);
    at = joint.parent;
  }
  byLink.set(link, chain);
  return chain;
}

/**
 * T_world_link for any link of the robot, now or with overrides. Only the joints between the root and the link
 * are composed (planning asks for a few links thousands of times), and the robot's present joints are read only
 * when the overrides leave one of them out.
 */
export function linkInWorld(scene: PlanningScene, link: string, overrides: FrameOverrides = {}): Matrix4 {
  const root = overrides.basePose ? floorPoseToMatrix(overrides.basePose) : rootInWorld(scene);
  const { model } = scene.robot;
  const chain = jointsDownTo(model, link);
  if (!chain) throw new Error(`robot '${scene.robot.id}' has no link '${link}'`);
  const given = overrides.joints ?? {};
  const needsNow = chain.some((j) => isMovable(j.type) && !((j.mimic?.joint ?? j.name) in given));
  const joints = needsNow ? { ...currentJoints(scene.robot), ...given } : given;
  const motion = new Matrix4();
  for (const joint of chain) {
    setJointMotion(joint.type, joint.axis, jointPosition(model.joints, joint, joints), motion);
    root.multiply(joint.origin).multiply(motion);
  }
  return root;
}

/** The arm's base link pose in the world. */
export function armBaseInWorld(scene: PlanningScene, arm: Arm, overrides: FrameOverrides = {}): Matrix4 {
  return linkInWorld(scene, arm.baseLink, overrides);
}

/** The arm's tool (tip link) pose in the world now. */
export function toolInWorld(scene: PlanningScene, arm: Arm): Pose {
  return matrixToPose(linkInWorld(scene, arm.tipLink));
}

/** A world pose of the tool expressed in the arm's base frame: what `Arm.moveCartesian` takes. */
export function worldToArmBase(
  scene: PlanningScene,
  arm: Arm,
  toolPoseInWorld: Pose,
  overrides: FrameOverrides = {},
): Pose {
  const base = armBaseInWorld(scene, arm, overrides);
  return matrixToPose(base.invert().multiply(poseToMatrix(toolPoseInWorld)));
}
