import { Vector3 } from 'three';
import { composePoses, type Pose } from '../../src/math/pose.ts';
import type { EffectorKind } from './candidates.ts';
import type { SceneHit, SceneQuery } from '../../src/world/scene-query.ts';
import { HAND_MARGIN_M } from '../arm/arm-sweep.ts';

/** One box of the hand, in the tool frame. */
interface HandBox {
  readonly centreInTool: Vector3;
  readonly halfExtentsM: [number, number, number];
}

/** Finger pads span from 45 mm behind the grasp point to 15 mm past it; the palm sits behind them. */
const FINGER_BACK_M = 0.045;
const FINGER_TIP_M = 0.015;
/** The cup's tube is stopped this far short of the face, so touching the face is not a collision, m. */
const CUP_STANDOFF_M = 0.005;

/** Boxes that bound the hand when open to `openWidthM` (gripper) or the cup and its tube (suction). */
export function handBoxes(effector: EffectorKind, openWidthM: number): HandBox[] {
  if (effector === 'suction') {
    return [{ centreInTool: new Vector3(0, 0, -0.05 - CUP_STANDOFF_M), halfExtentsM: [0.02, 0.02, 0.05] }];
  }
  const fingerHalfZ = (FINGER_BACK_M + FINGER_TIP_M) / 2;
  return [
    {
      centreInTool: new Vector3(0, 0, FINGER_TIP_M - fingerHalfZ),
      halfExtentsM: [0.015, openWidthM / 2 + 0.012, fingerHalfZ],
    },
    // The palm, grown by the margin the arm's sweep gives the hand: a palm corner the corridor lets past but the
    // sweep then finds against a tote's wall would cost a whole motion check to find out.
    {
      centreInTool: new Vector3(0, 0, -FINGER_BACK_M - 0.03),
      halfExtentsM: [0.03 + HAND_MARGIN_M, 0.07 + HAND_MARGIN_M, 0.03 + HAND_MARGIN_M],
    },
  ];
}

/**
 * Sweeps the hand from `approachDistanceM` back along the tool's z to the grasp pose; the first hit, or
 * undefined when the corridor is free. The object being grasped is ignored.
 */
export function checkApproach(
  query: SceneQuery,
  toolAtGraspInWorld: Pose,
  effector: EffectorKind,
  openWidthM: number,
  approachDistanceM: number,
  ignoreObjectIds: readonly string[],
): SceneHit | undefined {
  const approach = new Vector3(0, 0, 1).applyQuaternion(toolAtGraspInWorld.quaternion);
  for (const box of handBoxes(effector, openWidthM)) {
    const atGrasp = composePoses(toolAtGraspInWorld, {
      position: box.centreInTool,
      quaternion: toolAtGraspInWorld.quaternion.clone().identity(),
    });
    const start = {
      position: atGrasp.position.clone().addScaledVector(approach, -approachDistanceM),
      quaternion: atGrasp.quaternion,
    };
    const hit = query.castBox(start, box.halfExtentsM, approach, approachDistanceM, ignoreObjectIds);
    if (hit) return hit;
  }
  return undefined;
}
