import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsBase, heldHitsScene } from '../placing/body-clearance.ts';
import { loadFelt } from '../placing/load-check.ts';
import { armPosesHit, coarseToFine } from './arm-sweep.ts';
import { halfOf } from './carry-plan.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { armJoints, linkInWorld, type FrameOverrides } from './robot-frames.ts';

/** The lift's travel is checked at least this often, m. */
const LIFT_CHECK_STEP_M = 0.02;

/**
 * What the arms and the loads they hold would hit while the lift travels from `fromHeightM` to the height in
 * `overrides` (the base where `overrides` puts it, every arm in the posture it gives them), or undefined when the
 * travel is clear: the lift moves after the base docks beside a shelf, with the load in its carry posture, and a
 * load carried at its posture's outer reach rises through the boards above it (`'<link or load> hits <what>'`).
 * Every arm rides the lift, and so does every load: each arm's links are swept against the scene, and each `hold`
 * given (the other arm's too: a cup holding an item while the gripper works) against the scene (shelves, products,
 * the tote and cart) and the robot's base. An arm given without a hold whose effector feels a load (`loadFelt`)
 * holds one this check does not know, and is refused rather than swept as empty.
 * Undefined when the robot has no lift or no scene query.
 */
export function liftSweepHit(
  scene: PlanningScene,
  holds: readonly { readonly arm: Arm; readonly hold?: HeldObject }[],
  overrides: FrameOverrides,
  fromHeightM: number,
): string | undefined {
  const lift = scene.robot.parts.lift;
  const toHeightM = lift ? overrides.joints?.[lift.jointName] : undefined;
  if (!lift || toHeightM === undefined || !scene.services.sceneQuery) return undefined;
  const unknown = holds.find(({ arm, hold }) => !hold && loadFelt(arm.endEffector) === true);
  if (unknown) return `arm ${unknown.arm.name} holds a load the lift's check was not given`;
  // The loads ride the lift with the arms: where the world model has them now is not where the travel takes them.
  const riding = holds.flatMap(({ hold }) => (hold ? [hold.objectId] : []));
  const steps = Math.ceil(Math.abs(toHeightM - fromHeightM) / LIFT_CHECK_STEP_M);
  // The end height is the place's own start, which the place stage checks: the heights on the way are checked here,
  // coarse to fine, so a travel that meets a board stops early.
  for (const s of coarseToFine(steps)) {
    const heightM = fromHeightM + ((toHeightM - fromHeightM) * s) / steps;
    const at = { ...overrides, joints: { ...overrides.joints, [lift.jointName]: heightM } };
    for (const { arm, hold } of holds) {
      const hit = armPosesHit(scene, arm, [armJoints(arm, at)], at, riding);
      if (hit) return `${hit.link} hits ${hit.hit.what} at lift ${heightM.toFixed(2)} m`;
      if (!hold) continue;
      const half = halfOf(scene, hold);
      const tool = matrixToPose(linkInWorld(scene, arm.tipLink, at));
      const what = heldHitsScene(scene, hold, half, [tool]);
      if (what) return `${loadOf(holds, arm)} hits ${what} at lift ${heightM.toFixed(2)} m`;
      if (heldHitsBase(scene, hold, half, [tool], at))
        return `${loadOf(holds, arm)} hits the robot at lift ${heightM.toFixed(2)} m`;
    }
  }
  return undefined;
}

/** How a refusal names the load of `arm`: "the load" when it is the only one, else whose. */
function loadOf(holds: readonly { readonly arm: Arm; readonly hold?: HeldObject }[], arm: Arm): string {
  return holds.filter(({ hold }) => hold).length > 1 ? `arm ${arm.name}'s load` : 'the load';
}
