import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import { obbFromPose, obbPenetrationM, type Obb } from '../../src/math/obb.ts';
import { TOUCH_TOLERANCE_M, type SceneHit } from '../../src/world/scene-query.ts';
import { boxHalfExtents } from './link-geometry.ts';
import type { PlanningScene } from './planning-scene.ts';
import { namedPosture } from './postures.ts';
import {
  armJoints,
  currentJoints,
  latest,
  rootInWorld,
  floorPoseToMatrix,
  type FrameOverrides,
} from './robot-frames.ts';

// The scene query leaves the robot's own colliders out, so an arm's sweep checked against it alone runs through the
// robot's other hand. On the biped the two rigid hands jammed (store seed 9: the left wrist read 451.6 N on a 2 N
// can, which then slipped out in the carry): its folds, found one arm at a time, crossed the two grippers. Its URDF
// now names folds that keep them apart, and this checks every sweep's hand against the other arms' hands, so no
// path is planned into one. Only hands: they are the robot's only parts that collide with each other
// (sim/collision-groups.ts: links skip links and hands). A robot whose named `stow` folds bring its hands together
// (the wheeled humanoid: its left cup rests against the right palm) is checked too, but a touch is allowed where the
// fold makes it: the other arms folded, and the touching next to this arm's own fold (leaving it, or folding in) or
// moving off a touch the sweep starts in.

/** Whether a sweep's hit (its `what`) is on another arm's hand, as `otherArmsHit` names one, not on the scene. */
export function onOtherArm(what: string): boolean {
  return what.startsWith('arm ');
}

/** One collision box of a link, placed in the world. */
interface PlacedBox {
  readonly link: string;
  readonly obb: Obb;
  /** Radius of a sphere about the centre that holds the box, m. */
  readonly radiusM: number;
}

/** A hit of a sweep on another arm's hand: the moving link and what it meets, named `arm <name> link <link>`. */
export interface OtherArmHit {
  readonly link: string;
  readonly hit: SceneHit;
}

const shape = new Matrix4();
const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();

/**
 * The first of the joint vectors `samples` (`arm.jointNames` order) at which the arm's hand (its palm or cup, and
 * its fingers open as `fingerOpening` says, a share of their travel, fully open unless told) comes within
 * `marginM` of another arm's hand; undefined when none does or the robot has one arm. The other arms stand at
 * their present joints, fingers as their grippers stand, unless `overrides` set them. On a robot whose named `stow`
 * postures bring the hands together (`foldsApart` false), touching is allowed where the fold makes it: every other
 * arm at its stow, and the hit in the run of touching samples that starts the sweep from this arm's stow or from a
 * pose already touching (the arm stands there, `overrides` included: a hand may move off the other, not onto it),
 * or that ends the sweep at its stow.
 */
export function otherArmsHit(
  scene: PlanningScene,
  arm: Arm,
  samples: readonly (readonly number[])[],
  overrides: FrameOverrides,
  marginM: number,
  fingerOpening = 1,
): OtherArmHit | undefined {
  const { robot } = scene;
  const others = robot.parts.arms.filter((a) => a.name !== arm.name);
  if (others.length === 0 || samples.length === 0) return undefined;
  const { joints, root } = standingFor(scene, others, overrides);
  const handAt = handsHitAt(robot.model, arm, others, joints, root, marginM, fingerOpening);
  const hitAt = (index: number) => handAt(samples[index]!);
  const n = samples.length;
  let from = 0;
  let to = n;
  if (!foldsApart(robot, arm, marginM) && others.every((other) => atStow(robot, other, joints))) {
    const stow = namedPosture(robot, arm, 'stow');
    const start = armJoints(arm, overrides);
    if ((stow && nearPosture(start, stow)) || handAt(start)) while (from < n && hitAt(from)) from++;
    if (stow && nearPosture(samples[n - 1]!, stow)) while (to > from && hitAt(to - 1)) to--;
  }
  for (let index = from; index < to; index++) {
    const hit = hitAt(index);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The first of the joint vectors `samples` at which the arm's gripper fingers, open as `fingerOpening` says (a share
 * of their travel, shut unless told), come within `marginM` of another arm's hand, with no allowance for the fold
 * (`otherArmsHit`'s): fingers under a gripper's squeeze close on whatever comes between their pads, and the other
 * hand is no load. Demo seed 11: the right gripper, closed for its fold, swung out of it past the folded left arm;
 * its pads took the left cup between them and dragged it 95 mm. Undefined when none does, or the arm has no
 * fingers or no other arm.
 */
export function fingersOnOtherHand(
  scene: PlanningScene,
  arm: Arm,
  samples: readonly (readonly number[])[],
  overrides: FrameOverrides,
  marginM: number,
  fingerOpening = 0,
): OtherArmHit | undefined {
  const others = scene.robot.parts.arms.filter((a) => a.name !== arm.name);
  if (others.length === 0) return undefined;
  const { joints, root } = standingFor(scene, others, overrides);
  const fingersAt = handsHitAt(scene.robot.model, arm, others, joints, root, marginM, fingerOpening, 'fingers');
  for (const q of samples) {
    const hit = fingersAt(q);
    if (hit) return hit;
  }
  return undefined;
}

/** The robot's joints as `overrides` suppose them (the other arms' fingers as their grippers stand), and its root. */
function standingFor(
  scene: PlanningScene,
  others: readonly Arm[],
  overrides: FrameOverrides,
): { joints: Record<string, number>; root: Matrix4 } {
  const { robot } = scene;
  const root = overrides.basePose ? floorPoseToMatrix(overrides.basePose) : rootInWorld(scene);
  const joints: Record<string, number> = { ...currentJoints(robot) };
  for (const other of others) setFingers(robot.model, other, joints, fingersAsTheyStand(other));
  Object.assign(joints, overrides.joints ?? {});
  return { joints, root };
}

/** How near a joint vector stands to a posture to count as at it, rad (each joint). */
const AT_POSTURE_RAD = 0.05;

/** Whether `q` is within `AT_POSTURE_RAD` of `posture` in every joint. */
function nearPosture(q: readonly number[], posture: readonly number[]): boolean {
  return posture.every((p, i) => Math.abs((q[i] ?? 0) - p) <= AT_POSTURE_RAD);
}

/** Whether the arm stands at its named `stow` in `joints` (false when it names none). */
function atStow(robot: Robot, arm: Arm, joints: Record<string, number>): boolean {
  const stow = namedPosture(robot, arm, 'stow');
  return (
    stow !== undefined &&
    nearPosture(
      arm.jointNames.map((name) => joints[name] ?? 0),
      stow,
    )
  );
}

/** Per model and arm (and margin): whether the stow postures hold that arm's hand clear of the others'. */
const apartByModel = new WeakMap<KinematicModel, Map<string, boolean>>();

/**
 * Whether every arm names a `stow` posture and, all of them folded there with the fingers fully open, the arm's
 * hand stands `marginM` clear of the others'. A robot whose fold brings its hands together (the wheeled humanoid's
 * suction cup rests against its gripper's palm in their stow) would have every fold refused by a plain check: its
 * sweeps are allowed the fold's own touching (`otherArmsHit`), a fold into the other hand being the robot's design.
 */
function foldsApart(robot: Robot, arm: Arm, marginM: number): boolean {
  let byArm = apartByModel.get(robot.model);
  if (!byArm) apartByModel.set(robot.model, (byArm = new Map<string, boolean>()));
  const key = `${arm.name} ${marginM}`;
  const known = byArm.get(key);
  if (known !== undefined) return known;
  const joints: Record<string, number> = {};
  let named = true;
  for (const a of robot.parts.arms) {
    const stow = namedPosture(robot, a, 'stow');
    if (!stow) named = false;
    a.jointNames.forEach((name, i) => (joints[name] = stow?.[i] ?? 0));
    setFingers(robot.model, a, joints, 1);
  }
  const others = robot.parts.arms.filter((a) => a.name !== arm.name);
  const stow = arm.jointNames.map((name) => joints[name] ?? 0);
  const apart = named && !handsHitAt(robot.model, arm, others, joints, new Matrix4(), marginM, 1)(stow);
  byArm.set(key, apart);
  return apart;
}

/**
 * `otherArmsHit` at one joint vector of the arm, once the joints (`others`' fingers included) and the root are set:
 * the other hands are placed once, then each call places the arm's hand (or `only` its fingers) at `q` and checks it
 * against them.
 */
function handsHitAt(
  model: KinematicModel,
  arm: Arm,
  others: readonly Arm[],
  joints: Record<string, number>,
  root: Matrix4,
  marginM: number,
  fingerOpening: number,
  only: 'hand' | 'fingers' = 'hand',
): (q: readonly number[]) => OtherArmHit | undefined {
  const still = linkTransforms(model, joints, root);
  const obstacles = others.flatMap((other) => handLinks(model, other).flatMap((l) => boxesOf(model, l, still, 0)));
  const fingers = new Set(
    model.extras.grippers.find((g) => g.arm === arm.name)?.fingerJoints.map((name) => model.joints.get(name)?.child),
  );
  const moving = handLinks(model, arm).filter((link) => only === 'hand' || fingers.has(link));
  if (obstacles.length === 0 || moving.length === 0) return () => undefined;
  setFingers(model, arm, joints, fingerOpening);
  return (q) => {
    arm.jointNames.forEach((name, i) => (joints[name] = q[i] ?? 0));
    const frames = linkTransforms(model, joints, root);
    for (const box of moving.flatMap((l) => boxesOf(model, l, frames, marginM))) {
      for (const obstacle of obstacles) {
        const apartM = box.obb.centre.distanceTo(obstacle.obb.centre);
        if (apartM > box.radiusM + obstacle.radiusM) continue;
        if (obbPenetrationM(box.obb, obstacle.obb) > TOUCH_TOLERANCE_M)
          return {
            link: box.link,
            hit: { distanceM: 0, what: `arm ${armOf(others, model, obstacle.link)} link ${obstacle.link}` },
          };
      }
    }
    return undefined;
  };
}

/**
 * The arm's hand: its gripper's or suction cup's link and every link below it (fingers), those with collisions.
 * Empty for an arm with no effector.
 */
function handLinks(model: KinematicModel, arm: Arm): string[] {
  const effector = [...model.extras.grippers, ...model.extras.suctionCups].find((e) => e.arm === arm.name)?.link;
  if (!effector) return [];
  const hand = [effector];
  for (let grown = true; grown;) {
    grown = false;
    for (const j of model.joints.values())
      if (hand.includes(j.parent) && !hand.includes(j.child)) {
        hand.push(j.child);
        grown = true;
      }
  }
  return hand.filter((name) => (model.links.get(name)?.collisions.length ?? 0) > 0);
}

/** The name of the arm among `arms` whose body holds `link`. */
function armOf(arms: readonly Arm[], model: KinematicModel, link: string): string {
  return arms.find((a) => handLinks(model, a).includes(link))?.name ?? '?';
}

/** Sets the finger joints hung off the arm's hand to `share` of their travel (0 closed, 1 fully open). */
function setFingers(model: KinematicModel, arm: Arm, joints: Record<string, number>, share: number): void {
  const gripper = model.extras.grippers.find((g) => g.arm === arm.name);
  for (const name of gripper?.fingerJoints ?? []) {
    const limits = model.joints.get(name)?.limits;
    if (!limits) continue;
    joints[name] = limits.lower + Math.min(1, Math.max(0, share)) * (limits.upper - limits.lower);
  }
}

/** How far open the arm's gripper stands now, a share of its travel; 1 (fully open) when it reports no width. */
function fingersAsTheyStand(arm: Arm): number {
  const gripper = arm.endEffector;
  if (gripper?.kind !== 'parallel-gripper') return 1;
  const widthM = latest(gripper.width$)?.widthM;
  const [minM, maxM] = gripper.widthRangeM;
  return widthM === undefined || maxM <= minM ? 1 : (widthM - minM) / (maxM - minM);
}

/** The link's collision boxes (cylinders and spheres by their bounding boxes) in the world, grown by `marginM`. */
function boxesOf(model: KinematicModel, link: string, frames: Map<string, Matrix4>, marginM: number): PlacedBox[] {
  const frame = frames.get(link);
  if (!frame) return [];
  return (model.links.get(link)?.collisions ?? []).flatMap((collision) => {
    const half = boxHalfExtents(collision.geometry);
    if (!half) return [];
    shape.multiplyMatrices(frame, collision.origin).decompose(position, quaternion, scale);
    const grown: [number, number, number] = [half[0] + marginM, half[1] + marginM, half[2] + marginM];
    const obb = obbFromPose({ position: position.clone(), quaternion: quaternion.clone() }, grown);
    return [{ link, obb, radiusM: Math.hypot(...grown) }];
  });
}
