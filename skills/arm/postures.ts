import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { Matrix4 } from 'three';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import { armLinks, boxHalfExtents } from './link-geometry.ts';
import { currentJoints } from './robot-frames.ts';

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

/** Joint step of the tuck search, rad, and its passes over the joints. */
const TUCK_STEP_RAD = 0.15;
const TUCK_PASSES = 20;
/** A tucked arm's links stay this far above the base's top, m. */
const TUCK_ABOVE_BASE_M = 0.05;

/**
 * Joints (in `arm.jointNames` order) that fold the arm in: the farthest of its link origins from the base's
 * vertical axis as close as a coordinate descent from the present joints gets, with every link kept above the
 * base's body. An idle arm carried as it is (a hand held out in front) reaches past the footprint navigation
 * keeps clear, and pokes into a shelf or a tote as the base docks or the lift rises.
 */
export function tuckedJoints(robot: Robot, arm: Arm): number[] {
  const links = armLinks(robot, arm).filter((name) => name !== arm.baseLink);
  const rootTopZ = Math.max(
    0,
    ...(robot.model.links.get(robot.model.rootLink)?.collisions ?? []).map((c) => {
      const half = boxHalfExtents(c.geometry);
      return half ? c.origin.elements[14] + half[2] : 0;
    }),
  );
  const joints: Record<string, number> = { ...currentJoints(robot) };
  const limits = arm.jointNames.map((name) => robot.model.joints.get(name)?.limits);
  const cost = (): number => {
    const frames = linkTransforms(robot.model, joints, new Matrix4());
    let reach = 0;
    for (const name of links) {
      const m = frames.get(name);
      if (!m) continue;
      if (m.elements[14] < rootTopZ + TUCK_ABOVE_BASE_M) return Infinity;
      reach = Math.max(reach, Math.hypot(m.elements[12], m.elements[13]));
    }
    return reach;
  };
  let best = cost();
  for (let pass = 0; pass < TUCK_PASSES; pass++) {
    let improved = false;
    arm.jointNames.forEach((name, i) => {
      for (const step of [TUCK_STEP_RAD, -TUCK_STEP_RAD]) {
        const was = joints[name] ?? 0;
        const limit = limits[i];
        const next = Math.min(limit?.upper ?? Infinity, Math.max(limit?.lower ?? -Infinity, was + step));
        joints[name] = next;
        const c = cost();
        if (c < best - 1e-4) {
          best = c;
          improved = true;
        } else {
          joints[name] = was;
        }
      }
    });
    if (!improved) break;
  }
  return arm.jointNames.map((name) => joints[name] ?? 0);
}
