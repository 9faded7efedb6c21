import type { Robot } from '../../hardware/robot.ts';
import type { KinematicModel } from '../../src/kinematics/model.ts';
import type { SceneHit } from '../../src/world/scene-query.ts';
import { LINK_MARGIN_M, linkBoxHit } from './arm-sweep.ts';
import type { PlanningScene } from './planning-scene.ts';
import { linkInWorld, type FrameOverrides } from './robot-frames.ts';

/** The body links of each model that a lift command moves other than straight up and down, cached per model. */
const bodyLinksByModel = new WeakMap<KinematicModel, readonly string[]>();

/**
 * The links a lift command swings out over the footprint: everything carried by a joint that mimics the lift (a
 * biped's waist pitching with its squat, its hips setting back), apart from the arms past their base links (the arm
 * sweep checks those) and the legs (solved onto the soles by the walking controller, not by these joints).
 * A lift that only moves the body up and down keeps it over the base's footprint, which navigation keeps clear,
 * so a robot without such a follower has none. With one, a pitched torso and head lean past the footprint over a
 * shelf's boards, and nothing else would see them.
 */
export function swungBodyLinks(robot: Robot): readonly string[] {
  const cached = bodyLinksByModel.get(robot.model);
  if (cached) return cached;
  const lift = robot.parts.lift?.jointName;
  const model = robot.model;
  const joints = [...model.joints.values()];
  const followsLift = (name: string): boolean => {
    for (let j = model.joints.get(name); j?.mimic !== undefined; j = model.joints.get(j.mimic.joint))
      if (j.mimic.joint === lift) return true;
    return false;
  };
  const armBases = new Set(robot.parts.arms.map((arm) => arm.baseLink));
  // The legs stand where the walking controller's IK puts them, which these joint values do not say.
  const parentOf = new Map(joints.map((j) => [j.child, j.parent]));
  const legRoots = new Set<string>();
  for (const leg of model.extras.legs ?? []) {
    let link = leg.soleLink;
    while (parentOf.get(link) !== undefined && parentOf.get(link) !== leg.hipLink) link = parentOf.get(link)!;
    legRoots.add(link);
  }
  const out: string[] = [];
  const visit = (link: string): void => {
    if (legRoots.has(link)) return;
    out.push(link);
    if (armBases.has(link)) return;
    for (const j of joints) if (j.parent === link) visit(j.child);
  };
  if (lift !== undefined) for (const j of joints) if (followsLift(j.name)) visit(j.child);
  const links = out.filter((link) => (model.links.get(link)?.collisions.length ?? 0) > 0);
  bodyLinksByModel.set(model, links);
  return links;
}

/**
 * The first of the swung body links (`swungBodyLinks`: a biped's torso, head and shoulder mounts) that meets the
 * scene with the base and joints where `overrides` put them, or undefined when they are clear, the robot has none or
 * no scene query is registered: a posture the planner would choose with the torso through a shelf board.
 */
export function bodyHit(
  scene: PlanningScene,
  overrides: FrameOverrides,
  ignoreObjectIds: readonly string[] = [],
): { readonly link: string; readonly hit: SceneHit } | undefined {
  const query = scene.services.sceneQuery;
  if (!query) return undefined;
  for (const link of swungBodyLinks(scene.robot)) {
    const hit = linkBoxHit(
      query,
      scene.robot,
      link,
      linkInWorld(scene, link, overrides),
      LINK_MARGIN_M,
      ignoreObjectIds,
    );
    if (hit) return hit;
  }
  return undefined;
}
