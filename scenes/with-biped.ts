import { fileURLToPath } from 'node:url';
import type { ResolvedScene } from './schema.ts';

/** The bundled bipedal humanoid's URDF. */
export const BIPED_URDF_PATH = fileURLToPath(new URL('../hardware/robots/biped-humanoid.urdf', import.meta.url));

/** The biped standing: pelvis at walking height, arms carried low (upper arms down, forearms forward and up). */
export const BIPED_STANDING_JOINTS: Readonly<Record<string, number>> = {
  pelvis_height_joint: 0.85,
  left_shoulder_lift_joint: 1.4,
  left_elbow_flex_joint: -1.9,
  right_shoulder_lift_joint: 1.4,
  right_elbow_flex_joint: -1.9,
};

/**
 * The scene with its first robot replaced by the bipedal humanoid, standing where that robot stood under the same
 * id: every fixture, object and place stays as written, so a task file for the scene runs unchanged and only the
 * robot differs.
 *
 * @example
 * const scene = withBiped(await loadScene('scenes/retail-aisle.yaml'));
 */
export function withBiped(scene: ResolvedScene): ResolvedScene {
  const [first, ...others] = scene.robots;
  if (!first) throw new Error(`${scene.fileName}: no robot to replace with the biped`);
  return {
    ...scene,
    robots: [
      {
        id: first.id,
        urdfPath: BIPED_URDF_PATH,
        basePoseInWorld: first.basePoseInWorld,
        initialJointPositions: BIPED_STANDING_JOINTS,
      },
      ...others,
    ],
  };
}
