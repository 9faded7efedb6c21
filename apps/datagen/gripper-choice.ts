import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EMBODY_JAW_80MM, jawModelFromUrdf, PANDA_HAND } from '../../sim/grasp-trial/effector-models.ts';
import type { ParallelJawModel } from '../../sim/grasp-trial/types.ts';
import { parseUrdf } from '../../src/kinematics/urdf-parser.ts';

/** The parallel grippers `--gripper` offers. */
export const GRIPPER_CHOICES = ['embody-80mm', 'panda', 'ur'] as const;
export type GripperChoice = (typeof GRIPPER_CHOICES)[number];

const UR_URDF = new URL('../../hardware/robots/ur-arm.urdf', import.meta.url);

/**
 * The jaw of a `--gripper` choice: embody's default, Panda-compatible fingers, or the UR tabletop robot's own
 * gripper read from its URDF (labels with the geometry the robot grasps with).
 */
export function gripperModel(choice: GripperChoice): ParallelJawModel {
  switch (choice) {
    case 'embody-80mm':
      return EMBODY_JAW_80MM;
    case 'panda':
      return PANDA_HAND;
    case 'ur': {
      const path = fileURLToPath(UR_URDF);
      return jawModelFromUrdf(parseUrdf(readFileSync(path, 'utf8'), path)).jaw;
    }
  }
}
