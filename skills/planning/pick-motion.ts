import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { composePoses, invertPose, type Pose } from '../../src/math/pose.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { armSweepHit } from '../arm/arm-sweep.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { CUP_LEAST_PRESS_M } from '../arm/effectors.ts';
import { postureBalanceRefusal } from '../arm/posture-balance-check.ts';
import { armFollowsLine, continuousPath, readyAbovePreGrasp, solveOnBranch } from '../arm/reachability.ts';
import { armJoints, type FrameOverrides } from '../arm/robot-frames.ts';
import { GRAVITY_MPS2 } from '../force/wrench.ts';
import { graspAt, type GraspChoice } from '../grasping/plan-grasp.ts';
import { heldHitsScene } from '../placing/body-clearance.ts';
import { straightLine } from '../placing/slot-way.ts';

/** Distances of a pick, as `grasp` takes them, m. */
export interface PickDistances {
  readonly approachDistanceM: number;
  readonly liftM: number;
  readonly retreatM: number;
}

/** `grasp`'s defaults, so a plan checks the motion the grasp makes. */
export const PICK_DISTANCES: PickDistances = { approachDistanceM: 0.1, liftM: 0.03, retreatM: 0.08 };

/**
 * The motion of one pick, as joint samples (`arm.jointNames` order) whose IK, continuity and sweep were checked:
 * a joint move to the ready pose above the pre-grasp (when the arm reaches one), to the pre-grasp, then straight
 * lines in to the grasp, up the verification lift, and up to the retreat.
 */
export interface PickMotion {
  readonly choice: GraspChoice;
  readonly ready?: readonly number[];
  readonly preGrasp: readonly number[];
  /** Samples of the line from the pre-grasp to the grasp, the grasp last. */
  readonly approach: readonly (readonly number[])[];
  /** Samples of the verification lift. */
  readonly lift: readonly (readonly number[])[];
  /** Samples of the retreat, up from the lift; its last is where the carry starts. */
  readonly retreat: readonly (readonly number[])[];
  readonly preGraspInWorld: Pose;
  readonly graspInWorld: Pose;
  /** Largest-joint travel summed over the motion, rad. */
  readonly armTravelRad: number;
}

/**
 * Plans the pick motion of one grasp choice with the base, lift and arm as `overrides` suppose them (the arm's
 * start joints included), IK seeded from `seed`: a `PickMotion`, or why not (`'out of reach'`, a blocked sweep
 * naming the link and what it hits, the wrist too low).
 */
export function planPickMotion(
  scene: PlanningScene,
  object: KnownObject,
  choice: GraspChoice,
  overrides: FrameOverrides,
  seed: readonly number[],
  distances: PickDistances = PICK_DISTANCES,
): PickMotion | string {
  const arm = choice.entry.arm;
  const supportZM = object.poseInWorld.position.z - shapeHalfExtents(object.shape)[2];
  const plan = graspAt(scene, choice, { ...distances, overrides, seed }, supportZM);
  if (typeof plan === 'string') return plan;
  const [preGrasp, atGrasp] = plan.joints;
  const ready = readyAbovePreGrasp(scene, arm, plan.preGraspInWorld, preGrasp, overrides);
  const approach = lineSamples(scene, arm, plan.preGraspInWorld, plan.graspInWorld, overrides, preGrasp);
  if (!approach) return 'approach line out of reach';
  // The cup's approach runs as a guarded Cartesian move solved to the arm's own accuracy, not the planner's, and must
  // press a little past the face: a plan whose face is reached only to within the planner's 3 mm stalls there.
  if (choice.entry.kind === 'suction') {
    const pressed = {
      position: plan.graspInWorld.position
        .clone()
        .addScaledVector(new Vector3(0, 0, 1).applyQuaternion(plan.graspInWorld.quaternion), CUP_LEAST_PRESS_M),
      quaternion: plan.graspInWorld.quaternion,
    };
    if (!armFollowsLine(scene, arm, straightLine(plan.preGraspInWorld, pressed), overrides, preGrasp))
      return "cup approach out of reach at the arm's own accuracy";
  }
  const retreatInWorld = {
    position: plan.graspInWorld.position.clone().add(new Vector3(0, 0, distances.retreatM)),
    quaternion: plan.graspInWorld.quaternion,
  };
  const lift = lineSamples(scene, arm, plan.graspInWorld, plan.liftInWorld, overrides, atGrasp);
  const retreat = lift && lineSamples(scene, arm, plan.liftInWorld, retreatInWorld, overrides, lift[lift.length - 1]!);
  if (!lift || !retreat) return 'lift out of reach';
  const start = armJoints(arm, overrides);
  const down = [...(ready ? [ready] : []), preGrasp, ...approach];
  if (!continuousPath(ready ?? preGrasp, down.slice(1))) return 'approach changes IK branch';
  const empty = armSweepHit(scene, arm, down, overrides, [object.id]);
  if (empty) return `sweep: ${empty.link} hits ${empty.hit.what}`;
  const up = [...lift, ...retreat];
  const loaded = armSweepHit(
    scene,
    arm,
    up,
    { ...overrides, joints: { ...overrides.joints, ...jointMap(arm, approach[approach.length - 1]!) } },
    [object.id],
  );
  if (loaded) return `lift sweep: ${loaded.link} hits ${loaded.hit.what}`;
  // A robot that can tip (a biped) refuses a posture it would not balance in: plan none of those.
  const unbalanced =
    postureBalanceRefusal(scene, arm, down, overrides) ??
    postureBalanceRefusal(scene, arm, up, overrides, object.massKg);
  if (unbalanced) return unbalanced;
  const hold = nominalHold(object, choice);
  const poses = [
    ...straightLine(plan.graspInWorld, plan.liftInWorld),
    ...straightLine(plan.liftInWorld, retreatInWorld),
  ];
  const loadHit = heldHitsScene(scene, hold, shapeHalfExtents(object.shape), poses);
  if (loadHit) return `lift: the load hits ${loadHit}`;
  return {
    choice,
    ...(ready ? { ready } : {}),
    preGrasp,
    approach,
    lift,
    retreat,
    preGraspInWorld: plan.preGraspInWorld,
    graspInWorld: plan.graspInWorld,
    armTravelRad: travelRad([start, ...down, ...up]),
  };
}

/** The hold a grasp choice would leave: the object where the candidate puts it in the tool, centred in the fingers. */
export function nominalHold(object: KnownObject, choice: GraspChoice): HeldObject {
  return {
    objectId: object.id,
    armName: choice.entry.arm.name,
    effector: choice.entry.kind,
    objectInTool: invertPose(choice.candidate.toolInObject),
    restQuaternion: object.poseInWorld.quaternion.clone(),
    payloadN: object.massKg * GRAVITY_MPS2,
    ...(choice.candidate.widthM === undefined ? {} : { gripWidthM: choice.candidate.widthM }),
  };
}

/** The object's pose for a hold with the tool at `toolInWorld`. */
export function objectPoseFor(toolInWorld: Pose, hold: HeldObject): Pose {
  return composePoses(toolInWorld, hold.objectInTool);
}

/** IK samples along the straight line `from` → `to` (excluded, included), from `seed`, on one branch. */
export function lineSamples(
  scene: PlanningScene,
  arm: Arm,
  from: Pose,
  to: Pose,
  overrides: FrameOverrides,
  seed: readonly number[],
): number[][] | undefined {
  return solveOnBranch(scene, arm, straightLine(from, to), overrides, seed);
}

/** The largest joint change between neighbours, summed along a path, rad. */
export function travelRad(path: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    sum += Math.max(0, ...path[i]!.map((q, j) => Math.abs(q - (a[j] ?? q))));
  }
  return sum;
}

function jointMap(arm: Arm, q: readonly number[]): Record<string, number> {
  return Object.fromEntries(arm.jointNames.map((name, i) => [name, q[i] ?? 0]));
}
