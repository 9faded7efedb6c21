import { Matrix4, Vector3 } from 'three';
import type { Camera } from '../../hardware/camera.ts';
import { SimDepthCamera } from '../../sim/sim-camera.ts';
import type { SimRobot } from '../../sim/sim-robot.ts';
import type { SimWorld } from '../../sim/sim-world.ts';
import { matrixToPose, type Pose } from '../../src/math/pose.ts';
import { RecordOptionError } from './record-args.ts';

/** A camera to record and the name of its `observation.images.<key>` feature. */
export interface RecordedCamera {
  readonly key: string;
  readonly camera: Camera;
}

/** The fixed "head" view: from above and behind the robot's root, looking at the workspace in front of it. */
const HEAD_EYE_IN_ROOT_M = new Vector3(-0.3, 0, 0.8);
const HEAD_TARGET_IN_ROOT_M = new Vector3(0.5, 0, 0);
/** The "wrist" view: on the first arm's tool frame, this far back along the tool axis, looking along it. */
const WRIST_SETBACK_M = 0.15;

/**
 * The cameras `names` ask for. A name the robot has a camera for (`head` matches `head` or `head_camera`) records
 * that camera; otherwise `head` and `wrist` add a sim depth camera of `sizePx` on the rig (over the robot's root,
 * or on the first arm's tool), so robots without cameras (the tabletop UR arm) can still be recorded with views.
 */
export function resolveCameras(
  names: readonly string[],
  sim: SimWorld,
  robot: SimRobot,
  sizePx: readonly [number, number],
): RecordedCamera[] {
  return names.map((key) => {
    const own = robot.parts.cameras.find((c) => c.name === key || c.name === `${key}_camera`);
    if (own !== undefined) return { key, camera: own };
    const poseInWorld = rigPose(key, robot);
    if (poseInWorld === undefined) {
      const known = robot.parts.cameras.map((c) => c.name);
      throw new RecordOptionError(
        `--camera ${key}: the robot has no such camera (${known.length > 0 ? `it has ${known.join(', ')}` : 'it has none'}), and the rig offers only head and wrist`,
      );
    }
    return {
      key,
      camera: new SimDepthCamera(sim, { name: key, widthPx: sizePx[0], heightPx: sizePx[1], poseInWorld }),
    };
  });
}

function rigPose(key: string, robot: SimRobot): (() => Pose) | undefined {
  if (key === 'head') {
    const root = robot.body.linkPose(robot.model.rootLink).clone();
    const eye = HEAD_EYE_IN_ROOT_M.clone().applyMatrix4(root);
    const target = HEAD_TARGET_IN_ROOT_M.clone().applyMatrix4(root);
    const pose = lookAtOptical(eye, target);
    return () => pose;
  }
  const arm = robot.parts.arms[0];
  if (key === 'wrist' && arm !== undefined) {
    const setback = new Matrix4().makeTranslation(0, 0, -WRIST_SETBACK_M);
    return () => matrixToPose(robot.body.linkPose(arm.tipLink).clone().multiply(setback));
  }
  return undefined;
}

/** An optical frame (z forward, x right, y down) at `eye` looking at `target`, with world z up. */
function lookAtOptical(eye: Vector3, target: Vector3): Pose {
  const z = target.clone().sub(eye).normalize();
  const x = z
    .clone()
    .cross(new Vector3(0, 0, 1))
    .normalize();
  const y = z.clone().cross(x);
  return matrixToPose(new Matrix4().makeBasis(x, y, z).setPosition(eye));
}
