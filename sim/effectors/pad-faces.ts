import { Vector3 } from 'three';
import type { GripperPads } from '../../hardware/end-effector.ts';
import { invertPose, type Pose } from '../../src/math/pose.ts';
import type { JawFinger } from './parallel-jaw.ts';

/**
 * The pads' contact faces in the tool frame (the gripper contract's `pads`), from the first finger's box shapes and
 * the tool's pose in the hand: the faces' extent along the approach (tool z) and across (tool x). The fingers move
 * along the closing axis (tool y) only, so the extent is the same at any opening. Undefined when the finger has no
 * box shape to take it from.
 */
export function padFacesInTool(finger: JawFinger, toolInHand: Pose): GripperPads | undefined {
  const handToTool = invertPose(toolInHand);
  let along: [number, number] = [Infinity, -Infinity];
  let across: [number, number] = [Infinity, -Infinity];
  for (const { shape, poseInFinger } of finger.shapes) {
    if (shape.kind !== 'box') continue;
    // Fingers keep the hand's orientation, so the finger frame is the hand frame moved to the finger's origin.
    const centreInTool = poseInFinger.position
      .clone()
      .add(finger.closedOriginInHand)
      .applyQuaternion(handToTool.quaternion)
      .add(handToTool.position);
    const extent = (toolAxis: Vector3): number =>
      [0, 1, 2].reduce((sum, i) => {
        const boxAxis = new Vector3(i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0)
          .applyQuaternion(poseInFinger.quaternion)
          .applyQuaternion(handToTool.quaternion);
        return sum + Math.abs(boxAxis.dot(toolAxis)) * shape.halfExtentsM[i]!;
      }, 0);
    const ez = extent(new Vector3(0, 0, 1));
    const ex = extent(new Vector3(1, 0, 0));
    along = [Math.min(along[0], centreInTool.z - ez), Math.max(along[1], centreInTool.z + ez)];
    across = [Math.min(across[0], centreInTool.x - ex), Math.max(across[1], centreInTool.x + ex)];
  }
  return along[0] > along[1] ? undefined : { alongApproachM: along, acrossM: across };
}
