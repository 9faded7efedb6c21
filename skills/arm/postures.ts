import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { tuckedJoints } from './arm-sweep.ts';

/** The postures `<embody>` names per arm that planning and the reach skills use. */
export type PostureName = 'home' | 'stow' | 'ready';

/** The arm's named posture (`arm.jointNames` order), when its URDF declares one. */
export function namedPosture(robot: Robot, arm: Arm, name: PostureName): number[] | undefined {
  const posture = robot.model.extras.postures.find((p) => p.arm === arm.name && p.name === name);
  return posture ? arm.jointNames.map((joint) => posture.joints[joint] ?? 0) : undefined;
}

/**
 * Where the arm folds in for driving and docking: the named `stow` posture, else a fold found from the present
 * joints (`tuckedJoints`), for robots whose URDF names none.
 */
export function stowJoints(robot: Robot, arm: Arm): number[] {
  return namedPosture(robot, arm, 'stow') ?? tuckedJoints(robot, arm);
}

/**
 * The fixed IK seed of what-if planning: the named `ready` posture, else `home`, else the arm's present joints.
 * A fixed seed makes a plan independent of where the arm happens to be (after one restock the arm's joints differ,
 * and a seed from them finds other IK branches, or none).
 */
export function planningSeed(robot: Robot, arm: Arm): number[] {
  return namedPosture(robot, arm, 'ready') ?? namedPosture(robot, arm, 'home') ?? [...arm.currentState().positions];
}
