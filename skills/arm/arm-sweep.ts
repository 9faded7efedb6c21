import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { armLinks, boxHalfExtents } from './link-geometry.ts';
import { armJoints, currentJoints, linkInWorld, type FrameOverrides } from './robot-frames.ts';
import { jointPosition, setJointMotion } from '../../src/kinematics/joint-motion.ts';
import type { SceneHit, SceneQuery } from '../../src/world/scene-query.ts';
import { otherArmsHit } from './other-arms.ts';
import type { PlanningScene } from './planning-scene.ts';

/** Joint-space samples per radian of the largest joint change (the sim's arm moves linearly in joint space). */
const SAMPLES_PER_RAD = 40;
const MIN_SAMPLES = 3;
/**
 * Links are grown by this much, m: the sim stops the arm on a contact a step ahead of the planned pose (its
 * kinematic links are driven by next-step targets). The base's docking error (navigate's 1 cm) is covered by
 * the reach search checking stand-offs at poses a docking error off, not by this margin: 2.5 cm here kept the
 * wrist out of a tote's corners that it clears by 3 cm.
 */
export const LINK_MARGIN_M = 0.015;
/** The hand (gripper body, cup) works among the objects by design; the approach check covers it, so only a little. */
export const HAND_MARGIN_M = 0.005;

const shape = new Matrix4();
const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const UP = new Vector3(0, 0, 1);

/**
 * The first collision box of link `name`, grown by `marginM` on every side and placed at `frame` (the link in the
 * world), that meets the scene, or undefined when all are clear (`boxHalfExtents` bounds each; meshes are skipped).
 */
export function linkBoxHit(
  query: SceneQuery,
  robot: Robot,
  name: string,
  frame: Matrix4,
  marginM: number,
  ignoreObjectIds: readonly string[],
): { readonly link: string; readonly hit: SceneHit } | undefined {
  for (const collision of robot.model.links.get(name)?.collisions ?? []) {
    const half = boxHalfExtents(collision.geometry);
    if (!half) continue;
    shape.multiplyMatrices(frame, collision.origin).decompose(position, quaternion, scale);
    const grown: [number, number, number] = [half[0] + marginM, half[1] + marginM, half[2] + marginM];
    const hit = query.castBox({ position, quaternion }, grown, UP, 0, ignoreObjectIds);
    if (hit) return { link: name, hit };
  }
  return undefined;
}

/**
 * The sweep starts from the arm's present joints; a pick passes through the ready pose above the pre-grasp
 * (`readyAbove`) first, so the forearm does not dip through a tote's near wall on the way down to a grasp.
 *
 * The first collision of the arm's links (their collision shapes, as boxes) with the scene along a joint-space
 * path through `waypoints` (arm joint vectors, `arm.jointNames` order), starting at the arm's present joints;
 * undefined when the sweep is clear or no scene query is registered. The path is sampled densely enough that a
 * link moves a few cm between samples; `overrides` places the base / lift as a reach query supposes.
 */
export function armSweepHit(
  scene: PlanningScene,
  arm: Arm,
  waypoints: readonly (readonly number[])[],
  overrides: FrameOverrides,
  ignoreObjectIds: readonly string[],
  options: SweepOptions = {},
): { readonly link: string; readonly hit: SceneHit } | undefined {
  const start = armJoints(arm, overrides);
  return armPosesHit(scene, arm, jointSamples(start, waypoints), overrides, ignoreObjectIds, options);
}

/** How an arm sweep is checked beyond its chain of links. */
export interface SweepOptions {
  /**
   * Check the hand's fingers too, fully open (their widest): a hand moving away from its work, with nothing between
   * the pads, must keep its fingertips off the products around it. Left out by default: a grasp or a place works
   * with the fingers among the objects by design, and the approach check covers them.
   */
  readonly fingers?: boolean;
  /**
   * With `fingers`, how far open they stand, as a share of each finger joint's travel (0 closed, 1 fully open, the
   * default): a hand moving with its fingers closed or on an item sweeps them where they are.
   */
  readonly fingerOpening?: number;
}

/**
 * The first collision of the arm's links with the scene at any of the joint vectors `samples` (`arm.jointNames`
 * order, checked coarse to fine, nothing in between), the base and lift where `overrides` put them, then of its
 * hand with another arm's hand (`otherArmsHit`); undefined when all are clear or no scene query is registered.
 */
export function armPosesHit(
  scene: PlanningScene,
  arm: Arm,
  samples: readonly (readonly number[])[],
  overrides: FrameOverrides,
  ignoreObjectIds: readonly string[],
  options: SweepOptions = {},
): { readonly link: string; readonly hit: SceneHit } | undefined {
  const query = scene.services.sceneQuery;
  if (!query) return undefined;
  const joints: Record<string, number> = { ...currentJoints(scene.robot), ...(overrides.joints ?? {}) };
  // The arm's base does not move along an arm path: one pose for it, then only the arm's own joints per sample.
  const armBase = linkInWorld(scene, arm.baseLink, { ...overrides, joints });
  const model = scene.robot.model;
  const parentJoint = new Map([...model.joints.values()].map((j) => [j.child, j]));
  const links = armLinks(scene.robot, arm).filter((name) => name !== arm.baseLink);
  const linkJoints = links.map((name) => parentJoint.get(name)!);
  const frames = links.map(() => new Matrix4());
  const motion = new Matrix4();
  const handLinks = new Set(
    [...scene.robot.model.extras.grippers, ...scene.robot.model.extras.suctionCups]
      .filter((e) => e.arm === arm.name)
      .map((e) => e.link),
  );
  const handFrom = links.findIndex((name) => handLinks.has(name));
  // Fingers: links hung off the hand but not on the chain, each with its joint set fully open.
  const fingers = options.fingers
    ? [...model.joints.values()]
        .filter((j) => links.includes(j.parent) && !links.includes(j.child) && links.indexOf(j.parent) >= handFrom)
        .filter((j) => handFrom >= 0 && (model.links.get(j.child)?.collisions.length ?? 0) > 0)
        .map((j) => {
          const open = new Matrix4();
          const [lower, upper] = [j.limits?.lower ?? 0, j.limits?.upper ?? 0];
          const share = Math.min(1, Math.max(0, options.fingerOpening ?? 1));
          setJointMotion(j.type, j.axis, lower + share * (upper - lower), open);
          return { parent: links.indexOf(j.parent), link: j.child, local: j.origin.clone().multiply(open) };
        })
    : [];
  const fingerFrame = new Matrix4();
  // Links tip first: the hand and the wrist are what meets a shelf board or a tote wall.
  const order = [...links.keys()].reverse();
  const hitAt = (q: readonly number[]): { readonly link: string; readonly hit: SceneHit } | undefined => {
    arm.jointNames.forEach((name, i) => (joints[name] = q[i] ?? 0));
    linkJoints.forEach((joint, index) => {
      setJointMotion(joint.type, joint.axis, jointPosition(model.joints, joint, joints), motion);
      frames[index]!.copy(index === 0 ? armBase : frames[index - 1]!)
        .multiply(joint.origin)
        .multiply(motion);
    });
    const boxHit = (name: string, frame: Matrix4, marginM: number) =>
      linkBoxHit(query, scene.robot, name, frame, marginM, ignoreObjectIds);
    for (const finger of fingers) {
      const hit = boxHit(
        finger.link,
        fingerFrame.multiplyMatrices(frames[finger.parent]!, finger.local),
        HAND_MARGIN_M,
      );
      if (hit) return hit;
    }
    for (const index of order) {
      const name = links[index]!;
      const hit = boxHit(name, frames[index]!, handFrom >= 0 && index >= handFrom ? HAND_MARGIN_M : LINK_MARGIN_M);
      if (hit) return hit;
    }
    return undefined;
  };
  // Every sample is checked when the sweep is clear; the order only decides how soon a blocked one is found: coarse
  // to fine (a board the arm runs into blocks a run of neighbouring samples), so a failing sweep stops early.
  for (const index of coarseToFine(samples.length)) {
    const hit = hitAt(samples[index]!);
    if (hit) return hit;
  }
  // The robot's own colliders are not in the scene query: the other arms are checked apart.
  return otherArmsHit(scene, arm, samples, overrides, LINK_MARGIN_M, options.fingers ? options.fingerOpening : 1);
}

/** The joint-space samples along a path from `start` through `waypoints`, dense enough that a link moves a few cm. */
export function jointSamples(start: readonly number[], waypoints: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  let from: readonly number[] = start;
  for (const to of waypoints) {
    const span = Math.max(0, ...to.map((q, i) => Math.abs(q - (from[i] ?? q))));
    const samples = Math.max(MIN_SAMPLES, Math.ceil(span * SAMPLES_PER_RAD));
    for (let s = 1; s <= samples; s++) {
      const t = s / samples;
      out.push(to.map((q, i) => (from[i] ?? 0) + t * (q - (from[i] ?? 0))));
    }
    from = to;
  }
  return out;
}

/** Widest stride of the coarse-to-fine order, samples. */
const COARSE_STRIDE = 16;

/** Indices 0..n-1, each once: every `COARSE_STRIDE`-th first, then the strides halved down to every one. */
export function coarseToFine(n: number): number[] {
  const seen = new Uint8Array(n);
  const out: number[] = [];
  for (let stride = COARSE_STRIDE; stride >= 1; stride /= 2) {
    for (let i = stride - 1; i < n; i += stride) {
      if (seen[i]) continue;
      seen[i] = 1;
      out.push(i);
    }
  }
  for (let i = 0; i < n; i++) if (!seen[i]) out.push(i);
  return out;
}
