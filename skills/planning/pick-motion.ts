import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import { composePoses, invertPose, type Pose } from '../../src/math/pose.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { armPosesHit, armSweepHit, HAND_MARGIN_M, jointSamples, type SweepOptions } from '../arm/arm-sweep.ts';
import { fingersOnOtherHand } from '../arm/other-arms.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import { CUP_LEAST_PRESS_M } from '../arm/effectors.ts';
import { postureBalanceRefusal } from '../arm/posture-balance-check.ts';
import { armFollowsLine, continuousPath, readyAbovePreGrasp, solveOnBranch } from '../arm/reachability.ts';
import { armJoints, withArmJoints, type FrameOverrides } from '../arm/robot-frames.ts';
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
  /** The empty gripper closes before the swing: its fingers open would brush something on the way. */
  readonly closeFirst?: true;
  /**
   * With `closeFirst`, where it closes when the fingers shut where the arm starts would meet another arm's hand (the
   * fold): the swing leaves with the fingers as they stand and closes here, on the way, once clear of it.
   */
  readonly closeAt?: readonly number[];
  /** With `closeAt`, the leg of the swing it lies on, as the planner drew it. */
  readonly closeLeg?: SwingLeg;
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
  // The approach works with the fingers among the target by design (the approach check covers them): only the arm.
  const inward = armSweepHit(scene, arm, approach, withArmJoints(overrides, arm, preGrasp), [object.id]);
  if (inward) return `sweep: ${inward.link} hits ${inward.hit.what}`;
  const swing = swingDown(scene, arm, plan.preGraspInWorld, preGrasp, approach, overrides);
  if (typeof swing === 'string') return swing;
  const { ready, closeFirst, closeAt, closeLeg } = swing;
  const down = [...(ready ? [ready] : []), preGrasp, ...approach];
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
    ...(closeFirst ? { closeFirst } : {}),
    ...(closeAt && closeLeg ? { closeAt, closeLeg } : {}),
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

/** The swing's ready pose, and whether an empty gripper closes before it (its open fingers would brush something). */
interface Swing {
  readonly ready?: number[];
  readonly closeFirst?: true;
  readonly closeAt?: number[];
  readonly closeLeg?: SwingLeg;
}

/**
 * Where on a swing a joint sample lies: on leg `index` (leg 0 runs from the start to the first waypoint, leg 1 from
 * the ready pose to the pre-grasp), `t` along it in (0, 1], 1 at the leg's waypoint.
 */
export interface SwingLeg {
  readonly index: number;
  readonly t: number;
}

/**
 * The joint samples of the swing start → `waypoints`, as the sweeps draw them (`jointSamples`), the start first
 * (leg 0 at t 0), each with the leg it lies on.
 */
export function swingSamples(
  start: readonly number[],
  waypoints: readonly (readonly number[])[],
): { readonly q: number[]; readonly leg: SwingLeg }[] {
  const out = [{ q: [...start], leg: { index: 0, t: 0 } }];
  let from = start;
  waypoints.forEach((to, index) => {
    const samples = jointSamples(from, [to]);
    samples.forEach((q, s) => out.push({ q, leg: { index, t: (s + 1) / samples.length } }));
    from = to;
  });
  return out;
}

/**
 * The swing's waypoints (start excluded) in two legs: before the empty gripper closes (none unless the motion
 * closes on the way, `closeAt`, which ends this leg) and after. The close point's leg (`closeLeg`, as the planner
 * drew it) splits them: the waypoints of the legs before it, then the close point; then the rest, its own leg's
 * waypoint unless the close point is that waypoint.
 */
export function swingLegs(motion: Pick<PickMotion, 'ready' | 'preGrasp' | 'closeAt' | 'closeLeg'>): {
  readonly beforeClose: readonly (readonly number[])[];
  readonly afterClose: readonly (readonly number[])[];
} {
  const { ready, preGrasp, closeAt, closeLeg } = motion;
  const waypoints = [...(ready ? [ready] : []), preGrasp];
  if (!closeAt) return { beforeClose: [], afterClose: waypoints };
  if (!closeLeg || closeLeg.index >= waypoints.length || !(closeLeg.t > 0 && closeLeg.t <= 1))
    throw new Error(`a close point on the swing needs its leg (got ${JSON.stringify(closeLeg)})`);
  const { index, t } = closeLeg;
  return {
    beforeClose: [...waypoints.slice(0, index), closeAt],
    afterClose: waypoints.slice(t === 1 ? index + 1 : index),
  };
}

/**
 * The joint move down to the pre-grasp (through a ready pose above it, when the arm reaches one), checked with the
 * target in the scene and the fingers fully open (the most they open before the pre-grasp): a joint move arcs the
 * tool away from the straight line, and a swing that knocks the target off its support leaves the grasp closing on
 * air (demo seed 10's milk carton). When only the open fingers hit, the same swing with the empty gripper closed
 * first is tried. Ready poses higher over the pre-grasp (0.2-0.3 m) rescued none of the swings refused on demo seeds
 * 10, 5, 1 and 2 and are not tried. The swing, or why not (its hit).
 */
function swingDown(
  scene: PlanningScene,
  arm: Arm,
  preGraspInWorld: Pose,
  preGrasp: readonly number[],
  approach: readonly (readonly number[])[],
  overrides: FrameOverrides,
): Swing | string {
  const ready = readyAbovePreGrasp(scene, arm, preGraspInWorld, preGrasp, overrides);
  const refusal = (fingerOpening: number) =>
    swingRefusal(scene, arm, ready, preGrasp, approach, overrides, { fingers: true, fingerOpening });
  // Fingers open fully, whatever the width reads now: fingers held in by a contact (at the fold, the other hand's cup
  // presses the gripper's fingers in) spring back to the width last commanded as soon as the swing frees them.
  const open = refusal(1);
  if (!open) return ready ? { ready } : {};
  // Closing helps only fingers: any other link's hit stands with them closed.
  if (typeof open === 'string' || !fingerLinks(scene, arm).has(open.link)) return refusalText(open);
  // An empty gripper may close first: only when its fingers, closed where the arm starts, meet nothing.
  if (!closesOnNothing(scene, arm, overrides) || refusal(0)) return refusalText(open);
  const close = closingPoint(scene, arm, ready, preGrasp, overrides);
  if (typeof close === 'string') return `${refusalText(open)}; closed first, ${close}`;
  return { ...(ready ? { ready } : {}), closeFirst: true, ...close };
}

/**
 * Where along the swing an empty gripper closed first may close: undefined (where it starts) when its fingers shut
 * keep off the other arms' hands the whole swing; else the first sample from which they do to the end (with the leg
 * of the swing it lies on, so the swing splits there without a search), reached with
 * the fingers as they stand (open: the sweep with them open allows the fold's own touching) and closing on nothing
 * there; or why not. Shut under their squeeze, fingers take whatever comes between their pads, the other hand too:
 * demo seed 11's right gripper, shut, swung out of the fold past the folded left arm and dragged its cup 95 mm. The
 * fingers are checked against the other hand's collision boxes (a cylinder's bounding box), which the shut fingers
 * already meet at the wheeled humanoid's fold: a close there would refuse every close-first swing from the fold.
 */
export function closingPoint(
  scene: PlanningScene,
  arm: Arm,
  ready: number[] | undefined,
  preGrasp: readonly number[],
  overrides: FrameOverrides,
): { closeAt: number[]; closeLeg: SwingLeg } | undefined | string {
  const start = armJoints(arm, overrides);
  const swing = swingSamples(start, [...(ready ? [ready] : []), preGrasp]);
  let last = -1;
  swing.forEach(({ q }, i) => {
    if (fingersOnOtherHand(scene, arm, [q], overrides, HAND_MARGIN_M)) last = i;
  });
  if (last < 0) return undefined;
  if (last === swing.length - 1) return 'the shut fingers meet the other hand at the pre-grasp';
  const { q: closeAt, leg: closeLeg } = swing[last + 1]!;
  const leaving = swingLegs({ ...(ready ? { ready } : {}), preGrasp, closeAt, closeLeg }).beforeClose;
  const open = armSweepHit(scene, arm, leaving, overrides, [], { fingers: true, fingerOpening: 1 });
  if (open) return `leaving open, ${refusalText(open)}`;
  const shut = armPosesHit(scene, arm, [closeAt], overrides, [], { fingers: true, fingerOpening: 0 });
  if (shut) return `closing on the way, ${refusalText(shut)}`;
  return { closeAt, closeLeg };
}

/** The finger links of the arm's gripper (none for a cup). */
function fingerLinks(scene: PlanningScene, arm: Arm): Set<string> {
  const gripper = scene.robot.model.extras.grippers.find((g) => g.arm === arm.name);
  const joints = gripper?.fingerJoints.map((name) => scene.robot.model.joints.get(name)?.child) ?? [];
  return new Set(joints.filter((link) => link !== undefined));
}

function refusalText(why: string | SweepHit): string {
  return typeof why === 'string' ? why : `sweep: ${why.link} hits ${why.hit.what}`;
}

/** Whether the arm's fingers, closed where the arm stands at the start, meet nothing (the target included). */
function closesOnNothing(scene: PlanningScene, arm: Arm, overrides: FrameOverrides): boolean {
  return !armPosesHit(scene, arm, [armJoints(arm, overrides)], overrides, [], { fingers: true, fingerOpening: 0 });
}

const BRANCH = 'approach changes IK branch';

type SweepHit = NonNullable<ReturnType<typeof armSweepHit>>;

/** Why the swing start → `ready` → pre-grasp is refused (its first hit, or a change of IK branch), or undefined. */
function swingRefusal(
  scene: PlanningScene,
  arm: Arm,
  ready: number[] | undefined,
  preGrasp: readonly number[],
  approach: readonly (readonly number[])[],
  overrides: FrameOverrides,
  fingers: SweepOptions,
): string | SweepHit | undefined {
  if (!continuousPath(ready ?? preGrasp, [...(ready ? [preGrasp] : []), ...approach])) return BRANCH;
  return armSweepHit(scene, arm, [...(ready ? [ready] : []), preGrasp], overrides, [], fingers);
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
