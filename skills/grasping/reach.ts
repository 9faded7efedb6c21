import { Vector3 } from 'three';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { NamedPlace } from '../../src/world/world-model.ts';
import type { PlaceTarget } from '../placing/place-target.ts';
import { heldObjectPose, planPlace } from '../placing/plan-place.ts';
import { armsFor, findArm, type EffectorChoice } from './effectors.ts';
import { heldObject } from './held-objects.ts';
import { searchLift } from './lift-search.ts';
import { planGrasp } from './plan-grasp.ts';
import { toolInWorld, type FrameOverrides } from './robot-frames.ts';

/** What the robot must reach: an object to grasp, or a target to place a held object at. */
export type ReachGoal =
  | { readonly kind: 'grasp'; readonly object: string; readonly effector: EffectorChoice }
  | { readonly kind: 'place'; readonly object: string; readonly target: PlaceTarget };

/** The planning defaults `grasp` uses, so a reach check agrees with the grasp that follows. */
const GRASP_CHECK = { approachDistanceM: 0.1, liftM: 0.03, maxCandidates: 16 } as const;

/** Where the work is (for ordering stand-offs and lift heights) and a feasibility test for given overrides. */
export function reachProblem(ctx: SkillContext, goal: ReachGoal): { workPoint: Vector3; arm: Arm; feasible: (o: FrameOverrides) => true | undefined } {
  const object = ctx.world.object(goal.object);
  if (!object) throw new SkillFailure('invalid-input', `no object '${goal.object}' in the world model`);
  if (goal.kind === 'grasp') {
    const arm = armsFor(ctx.robot, goal.effector)[0]?.arm;
    if (!arm) throw new SkillFailure('no-grasp', `robot '${ctx.robot.id}' has no ${goal.effector} end effector`);
    const feasible = (overrides: FrameOverrides) => attempt(() => planGrasp(ctx.robot, ctx.world, object, { effector: goal.effector, ...GRASP_CHECK, overrides }));
    return { workPoint: object.poseInWorld.position.clone(), arm, feasible };
  }
  const hold = heldObject(ctx.world, goal.object);
  if (!hold) throw new SkillFailure('precondition-failed', `'${goal.object}' is not held; grasp it first`);
  const arm = findArm(ctx.robot, hold.armName)!;
  const nowPose = heldObjectPose(toolInWorld(ctx.robot, ctx.world, arm), hold);
  const feasible = (overrides: FrameOverrides) => attempt(() => planPlace(ctx.robot, ctx.world, arm, object, hold, goal.target, nowPose, overrides));
  const where = typeof goal.target === 'string' ? goal.target : 'region' in goal.target ? goal.target.region : undefined;
  const workPoint = where ? (ctx.world.place(where)?.poseInWorld.position.clone() ?? new Vector3()) : new Vector3(...(goal.target as { position: [number, number, number] }).position);
  return { workPoint, arm, feasible };
}

function attempt(fn: () => unknown): true | undefined {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof SkillFailure && (error.reason === 'unreachable' || error.reason === 'no-grasp')) return undefined;
    throw error;
  }
}

/** Stand-offs farther than this from the work are not considered, m. */
const MAX_STANDOFF_DISTANCE_M = 2.5;

/**
 * Base stand-offs (places tagged `base-stand-off`) from which the goal is reachable with some lift height,
 * nearest to the work first. Empty when none is.
 */
export function reachableStandOffs(ctx: SkillContext, goal: ReachGoal, limit = 1): { place: NamedPlace; liftHeightM?: number }[] {
  const { workPoint, arm, feasible } = reachProblem(ctx, goal);
  const standOffs = ctx.world
    .places()
    .filter((p) => p.tags.includes('base-stand-off'))
    .map((p) => ({ place: p, distanceM: Math.hypot(p.poseInWorld.position.x - workPoint.x, p.poseInWorld.position.y - workPoint.y) }))
    .filter((s) => s.distanceM <= MAX_STANDOFF_DISTANCE_M)
    .sort((a, b) => a.distanceM - b.distanceM);
  const found: { place: NamedPlace; liftHeightM?: number }[] = [];
  for (const { place } of standOffs) {
    const q = place.poseInWorld.quaternion;
    const yawRad = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
    const basePose: Pose2D = { x: place.poseInWorld.position.x, y: place.poseInWorld.position.y, yawRad };
    const hit = searchLift(ctx.robot, ctx.world, arm, workPoint.z, feasible, { basePose });
    if (hit) found.push({ place, ...(hit.liftHeightM === undefined ? {} : { liftHeightM: hit.liftHeightM }) });
    if (found.length >= limit) break;
  }
  return found;
}
