import { Matrix4, Quaternion, Vector3 } from 'three';
import { composePoses, type Pose } from '../../src/math/pose.ts';
import { obbFromPose, obbPenetrationM, type Obb } from '../../src/math/obb.ts';
import type { HeldObject } from '../arm/held-objects.ts';
import { linkInWorld, type FrameOverrides } from '../arm/robot-frames.ts';
import type { PlanningScene } from '../arm/planning-scene.ts';
import type { ObjectShape } from '../../src/world/world-model.ts';
import { squaredAbout } from './axial-spin.ts';

/**
 * How a clearance check sizes a round load (`squaredAbout`): its shape, and the heading its box is squared to
 * against the scene (a slot's: its walls and boards run along and across it). Left out, the load is sized by its box
 * as it is turned.
 */
export interface RoundSizing {
  readonly shape: ObjectShape;
  readonly squareToRad: number;
}

/** The load's pose as the checks size it: as it is, or a round load squared to `squareToRad`. */
export function sizedAt(pose: Pose, sizing: RoundSizing | undefined, squareToRad = sizing?.squareToRad): Pose {
  return sizing && squareToRad !== undefined ? squaredAbout(sizing.shape, pose, squareToRad) : pose;
}

/** Gap kept between a carried object and the robot's own base, m. */
const BODY_MARGIN_M = 0.015;

/** The base link's collision boxes in the world (the body a load lowered in front of the robot can land on). */
function baseBoxes(scene: PlanningScene, overrides: FrameOverrides): Obb[] {
  const root = linkInWorld(scene, scene.robot.model.rootLink, overrides);
  const out: Obb[] = [];
  const shape = new Matrix4();
  const position = new Vector3();
  const quaternion = new Quaternion();
  const scale = new Vector3();
  for (const collision of scene.robot.model.links.get(scene.robot.model.rootLink)?.collisions ?? []) {
    if (collision.geometry.kind !== 'box') continue;
    shape.multiplyMatrices(root, collision.origin).decompose(position, quaternion, scale);
    const [x, y, z] = collision.geometry.sizeM;
    out.push(
      obbFromPose({ position: position.clone(), quaternion: quaternion.clone() }, [
        x / 2 + BODY_MARGIN_M,
        y / 2 + BODY_MARGIN_M,
        z / 2 + BODY_MARGIN_M,
      ]),
    );
  }
  return out;
}

/**
 * Whether the held object, carried along the tool poses given, would touch the robot's own base: the scene
 * query leaves the robot out, so a load lowered toward a low shelf from over the base would land on it. A round
 * load (`round`) is sized by its box squared to each of the base's boxes in turn.
 */
export function heldHitsBase(
  scene: PlanningScene,
  hold: HeldObject,
  halfExtentsM: readonly [number, number, number],
  toolPosesInWorld: readonly Pose[],
  overrides: FrameOverrides = {},
  round?: RoundSizing,
): boolean {
  const boxes = baseBoxes(scene, overrides);
  if (boxes.length === 0) return false;
  return toolPosesInWorld.some((tool) => {
    const load = composePoses(tool, hold.objectInTool);
    return boxes.some((box) => {
      const squareTo = round ? Math.atan2(box.axes[0].y, box.axes[0].x) : undefined;
      return obbPenetrationM(obbFromPose(sizedAt(load, round, squareTo), halfExtentsM), box) > 0;
    });
  });
}

/** Gap kept between a carried object and the scene while the arm moves it, m. */
const LOAD_MARGIN_M = 0.01;

/**
 * The first scene part the held object (its box, grown a little; a round load's squared to `round`'s heading)
 * overlaps at any of the tool poses given, or undefined: the arm's sweep check covers its links, not the load it
 * carries (a can drawn in over a tote's wall).
 */
export function heldHitsScene(
  scene: PlanningScene,
  hold: HeldObject,
  halfExtentsM: readonly [number, number, number],
  toolPosesInWorld: readonly Pose[],
  round?: RoundSizing,
): string | undefined {
  const query = scene.services.sceneQuery;
  if (!query) return undefined;
  const grown: [number, number, number] = [
    halfExtentsM[0] + LOAD_MARGIN_M,
    halfExtentsM[1] + LOAD_MARGIN_M,
    halfExtentsM[2] + LOAD_MARGIN_M,
  ];
  for (const tool of toolPosesInWorld) {
    const load = sizedAt(composePoses(tool, hold.objectInTool), round);
    const hit = query.castBox(load, grown, new Vector3(0, 0, 1), 0, [hold.objectId]);
    if (hit) return hit.what;
  }
  return undefined;
}

/** The rest box checked for what already stands there is this much smaller on every side, m, and this far up, m. */
const SPOT_SHRINK_M = 0.003;
const SPOT_LIFT_M = 0.004;

/**
 * What already stands where the object would come to rest (`objectAtRest`, its box a little smaller and just off
 * the surface, so the board it stands on and a neighbour it touches do not count), or undefined when the spot is
 * free or no scene query is registered: an item left lying in a facing by a failed place, which a place into the
 * same facing would push along or land on. A round load (`round`) is sized by its box squared to `round`'s heading.
 */
export function spotTakenBy(
  scene: PlanningScene,
  objectAtRest: Pose,
  halfExtentsM: readonly [number, number, number],
  objectId: string,
  round?: RoundSizing,
): string | undefined {
  const query = scene.services.sceneQuery;
  if (!query) return undefined;
  const half: [number, number, number] = [
    halfExtentsM[0] - SPOT_SHRINK_M,
    halfExtentsM[1] - SPOT_SHRINK_M,
    halfExtentsM[2] - SPOT_SHRINK_M,
  ];
  const sized = sizedAt(objectAtRest, round);
  const lifted = {
    position: sized.position.clone().setZ(sized.position.z + SPOT_LIFT_M),
    quaternion: sized.quaternion,
  };
  return query.castBox(lifted, half, new Vector3(0, 0, 1), 0, [objectId])?.what;
}
