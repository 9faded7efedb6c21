import { Matrix4, Quaternion, Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Robot } from '../../hardware/robot.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { TOUCH_TOLERANCE_M } from '../../src/world/scene-query.ts';
import type { KnownObject } from '../../src/world/world-model.ts';
import { LINK_MARGIN_M } from '../arm/arm-sweep.ts';
import { boxHalfExtents } from '../arm/link-geometry.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import type { GraspChoice } from '../grasping/plan-grasp.ts';
import { slotBackOffM } from '../placing/plan-place.ts';
import { resolvePlaceTarget, type PlaceTarget } from '../placing/place-target.ts';
import { halfHeightInWorld } from '../placing/rest-check.ts';
import type { HoldClass } from './hold-classes.ts';
import { nominalHold } from './pick-motion.ts';

/** A grasp whose approach points down by more than this cosine holds the object from above. */
const FROM_ABOVE_COS = 0.9;

/**
 * How far the arm reaches up behind the tool point when the tool points straight down, m, at the least: the links
 * that turn with the tool (up to the first joint whose axis is not the tool's own z, the wrist's pivot) with their
 * collision boxes, and the link before the pivot (the forearm) lying level at best, its thinnest half-width over
 * the pivot; every box grown by the arm sweep's link margin, as the place's sweep checks it.
 */
export function handRiseM(robot: Robot, arm: Arm): number {
  const cached = RISE.get(arm);
  if (cached !== undefined) return cached;
  const { joints, links } = robot.model;
  const parentJoint = new Map([...joints.values()].map((j) => [j.child, j]));
  // The link's frame in the tool frame, walking up from the tool; heights are along the tool's -z.
  let linkInTool = new Matrix4();
  let riseM = 0;
  const corner = new Vector3();
  for (let link: string | undefined = arm.tipLink; link;) {
    for (const collision of links.get(link)?.collisions ?? []) {
      const half = boxHalfExtents(collision.geometry);
      if (!half) continue;
      const frame = linkInTool.clone().multiply(collision.origin);
      for (const sx of [-1, 1])
        for (const sy of [-1, 1])
          for (const sz of [-1, 1]) {
            corner.set(sx * half[0], sy * half[1], sz * half[2]).applyMatrix4(frame);
            riseM = Math.max(riseM, -corner.z + LINK_MARGIN_M);
          }
    }
    const joint = parentJoint.get(link);
    if (!joint || link === arm.baseLink) break;
    const axisInTool = joint.axis.clone().transformDirection(linkInTool);
    const turnsWithTool = joint.type === 'fixed' || (joint.type !== 'prismatic' && Math.abs(axisInTool.z) > 0.999);
    if (!turnsWithTool) {
      // The pivot: its parent (the forearm) ends there and lies level over it at best.
      const pivotRiseM = -new Vector3().setFromMatrixPosition(linkInTool).z;
      const thinnest = Math.min(
        ...(links.get(joint.parent)?.collisions ?? []).map((c) => Math.min(...(boxHalfExtents(c.geometry) ?? [0]))),
      );
      riseM = Math.max(riseM, pivotRiseM + (Number.isFinite(thinnest) ? thinnest : 0) + LINK_MARGIN_M);
      break;
    }
    linkInTool = linkInTool.clone().multiply(new Matrix4().copy(joint.origin).invert());
    link = joint.parent;
  }
  RISE.set(arm, riseM);
  return riseM;
}

const RISE = new WeakMap<Arm, number>();

/**
 * How much higher than the room under the board above a shelf slot (`target`) the arm must reach to place the
 * object held by `choice` from above, m, or undefined when it fits (or the target is not a slot with a board
 * above). The least it needs: the object's bottom rises over the board by the slot's back-off (the hand backs
 * off along its approach after the release), the tool point stands its grasp height over the object's bottom, and
 * the hand rises `handRiseM` over the tool point.
 */
export function overheadShortfallM(
  scene: PlanningScene,
  object: KnownObject,
  choice: GraspChoice,
  target: PlaceTarget,
): number | undefined {
  if (-choice.approach.z < FROM_ABOVE_COS) return undefined;
  const roomM = roomAboveM(scene, target, object.id);
  if (roomM === undefined) return undefined;
  const half = shapeHalfExtents(object.shape);
  const bottomZ = object.poseInWorld.position.z - halfHeightInWorld(half, object.poseInWorld.quaternion);
  const toolOverBottomM = choice.graspInWorld.position.z - bottomZ;
  const backOffM = slotBackOffM(nominalHold(object, choice), half);
  const neededM = backOffM + toolOverBottomM + handRiseM(scene.robot, choice.entry.arm);
  return neededM > roomM ? neededM - roomM : undefined;
}

/** Half size of the probe swept up from a slot's floor, m. */
const PROBE_HALF_M = 0.01;
/** How far up the probe looks, m: farther than any arm's reach over a slot's floor. */
const PROBE_UP_M = 1.5;

/**
 * The free height over a shelf slot's floor where the object goes, m, up to the first fixture or object above (the
 * board of the level above): what the scene query finds, not the slot's nominal size (a top level has no board
 * over it). Undefined for places not entered from the front, with nothing above, or with no scene query.
 */
export function roomAboveM(scene: PlanningScene, target: PlaceTarget, objectId: string): number | undefined {
  const query = scene.services.sceneQuery;
  const goal = resolvePlaceTarget(scene.world, target, 0);
  if (!query || goal.approach !== 'front') return undefined;
  const startZ = goal.surfacePoint.z + PROBE_HALF_M + TOUCH_TOLERANCE_M;
  const start = { position: goal.surfacePoint.clone().setZ(startZ), quaternion: new Quaternion() };
  const half: [number, number, number] = [PROBE_HALF_M, PROBE_HALF_M, PROBE_HALF_M];
  const hit = query.castBox(start, half, UP, PROBE_UP_M, [objectId]);
  return hit ? startZ + PROBE_HALF_M + hit.distanceM - goal.surfacePoint.z : undefined;
}

const UP = new Vector3(0, 0, 1);

/**
 * Hold classes in the order the planner tries them: those whose hand fits under the board above the target first,
 * then those that cannot (`overheadShortfallM`), each part best score first. A tall item going under a low board
 * then tries its side and front holds before the budget of classes is spent on holds from above that cannot fit.
 */
export function roomFirst(
  scene: PlanningScene,
  object: KnownObject,
  classes: readonly HoldClass[],
  target: PlaceTarget,
): { readonly ordered: HoldClass[]; readonly short: ReadonlyMap<string, number> } {
  const short = new Map<string, number>();
  for (const cls of classes) {
    const shortM = overheadShortfallM(scene, object, cls.choices[0]!, target);
    if (shortM !== undefined) short.set(cls.key, shortM);
  }
  const ordered = [...classes.filter((c) => !short.has(c.key)), ...classes.filter((c) => short.has(c.key))];
  return { ordered, short };
}
