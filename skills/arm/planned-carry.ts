import type { Arm } from '../../hardware/arm.ts';
import { matrixToPose } from '../../src/math/pose.ts';
import { heldHitsBase, heldHitsScene } from '../placing/body-clearance.ts';
import { armSweepHit } from './arm-sweep.ts';
import { halfOf, type CarryPlan } from './carry-plan.ts';
import type { HeldObject } from './held-objects.ts';
import type { PlanningScene } from './planning-scene.ts';
import { armJoints, linkInWorld, withArmJoints } from './robot-frames.ts';

/**
 * The arm may stand this far (largest joint) from where a planned carry starts for that carry to run as planned,
 * rad: the pick's motion is solved again from where the base docked (up to 1 cm and 1° off), so its retreat ends
 * a little off the plan's (0.06-0.07 rad seen in the multi-pick bench); the sweep from where the arm actually is
 * is what decides.
 */
const PLANNED_CARRY_START_TOLERANCE_RAD = 0.15;
/**
 * The load is checked at least this often along the carry, m of tool travel: half the gap kept around a load
 * (`heldHitsScene`'s 1 cm), so no obstacle's edge fits between two checks.
 */
const LOAD_CHECK_STEP_M = 0.005;

/**
 * Whether `planned` (the carry planned with the pick, from the arm at `plannedStartJoints`) still holds from where
 * the robot is: the arm stands within a small joint distance of where that carry starts, and, from the arm's actual
 * joints and the base's actual pose, the arm's sweep and the load as it is held now (`hold`, as seen after the
 * grasp) pass clear along the whole path, the load checked every few mm of its travel. A reason when it does not.
 */
export function plannedCarryFromHere(
  scene: PlanningScene,
  arm: Arm,
  hold: HeldObject,
  planned: CarryPlan,
  plannedStartJoints: readonly number[],
): true | string {
  if (!planned.carry) return 'the plan has no carry posture';
  const start = armJoints(arm);
  const offRad = Math.max(...start.map((q, i) => Math.abs(q - (plannedStartJoints[i] ?? q))));
  if (offRad > PLANNED_CARRY_START_TOLERANCE_RAD)
    return `the arm stands ${offRad.toFixed(3)} rad from where the planned carry starts`;
  const path = [...planned.rise, ...planned.carry.joints];
  const hit = armSweepHit(scene, arm, path, {}, [hold.objectId]);
  if (hit) return `sweep: ${hit.link} hits ${hit.hit.what}`;
  const half = halfOf(scene, hold);
  const toolPoses = densePath(scene, arm, [start, ...path]).map((q) =>
    matrixToPose(linkInWorld(scene, arm.tipLink, withArmJoints({}, arm, q))),
  );
  const what = heldHitsScene(scene, hold, half, toolPoses);
  if (what) return `the load hits ${what}`;
  return heldHitsBase(scene, hold, half, toolPoses) ? 'the load hits the robot' : true;
}

/** Joint vectors along straight joint moves through `waypoints`, close enough that the tool moves a few mm apart. */
function densePath(scene: PlanningScene, arm: Arm, waypoints: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [[...waypoints[0]!]];
  const toolAt = (q: readonly number[]) =>
    matrixToPose(linkInWorld(scene, arm.tipLink, withArmJoints({}, arm, q))).position;
  for (let k = 1; k < waypoints.length; k++) {
    const from = waypoints[k - 1]!;
    const to = waypoints[k]!;
    // The tool's chord between the ends, and a bound on how far the arc bulges past it: every joint's turn moves the
    // tool at most its distance from that joint, which the arm's whole reach bounds.
    const chordM = toolAt(from).distanceTo(toolAt(to));
    const spanRad = to.reduce((sum, q, i) => sum + Math.abs(q - (from[i] ?? q)), 0);
    const steps = Math.max(1, Math.ceil(Math.max(chordM, spanRad * ARC_REACH_M) / LOAD_CHECK_STEP_M));
    for (let s = 1; s <= steps; s++) out.push(to.map((q, i) => (from[i] ?? q) + ((q - (from[i] ?? q)) * s) / steps));
  }
  return out;
}

/** A bound on the tool's distance from any arm joint, m, for the step count of `densePath`. */
const ARC_REACH_M = 0.8;
