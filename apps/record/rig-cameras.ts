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
/**
 * The "wrist" view: beside the hand (off its narrow side, above the tool point), looking past the fingers at what
 * lies ahead of the tool; in the tool frame (z is the approach direction). Rays start 3 cm out, past the housing.
 */
const WRIST_EYE_IN_TOOL_M = new Vector3(0.1, 0, -0.06);
const WRIST_TARGET_IN_TOOL_M = new Vector3(0, 0, 0.12);
const WRIST_MIN_RANGE_M = 0.03;

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
    const mount = rigPose(key, robot);
    if (mount === undefined) {
      const known = robot.parts.cameras.map((c) => c.name);
      throw new RecordOptionError(
        `--camera ${key}: the robot has no such camera (${known.length > 0 ? `it has ${known.join(', ')}` : 'it has none'}), and the rig offers only head and wrist`,
      );
    }
    return {
      key,
      camera: new SimDepthCamera(sim, {
        name: key,
        widthPx: sizePx[0],
        heightPx: sizePx[1],
        ...mount,
      }),
    };
  });
}

/** Where a rig camera is, and from how near it reports depth. */
interface RigMount {
  readonly poseInWorld: () => Pose;
  readonly minRangeM?: number;
}

function rigPose(key: string, robot: SimRobot): RigMount | undefined {
  if (key === 'head') {
    const root = robot.body.linkPose(robot.model.rootLink).clone();
    const eye = HEAD_EYE_IN_ROOT_M.clone().applyMatrix4(root);
    const target = HEAD_TARGET_IN_ROOT_M.clone().applyMatrix4(root);
    // Image right is the robot's right (-y of its root): the view from behind the robot.
    const right = new Vector3(0, -1, 0).transformDirection(root);
    const pose = lookAtOptical(eye, target, right);
    return { poseInWorld: () => pose };
  }
  const arm = robot.parts.arms[0];
  if (key === 'wrist' && arm !== undefined) {
    const inTool = lookAtOptical(WRIST_EYE_IN_TOOL_M, WRIST_TARGET_IN_TOOL_M, new Vector3(0, 1, 0));
    const cameraInTool = new Matrix4().compose(inTool.position, inTool.quaternion, new Vector3(1, 1, 1));
    return {
      poseInWorld: () => matrixToPose(robot.body.linkPose(arm.tipLink).clone().multiply(cameraInTool)),
      minRangeM: WRIST_MIN_RANGE_M,
    };
  }
  return undefined;
}

/** An optical frame (z forward, x right, y down) at `eye` looking at `target`, its x axis as near `right` as it can. */
function lookAtOptical(eye: Vector3, target: Vector3, right: Vector3): Pose {
  const z = target.clone().sub(eye).normalize();
  const y = z.clone().cross(right).normalize();
  const x = y.clone().cross(z);
  return matrixToPose(new Matrix4().makeBasis(x, y, z).setPosition(eye));
}
