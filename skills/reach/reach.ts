import { Vector2, type Vector3 } from 'three';
import { z } from 'zod';
import type { Arm } from '../../hardware/arm.ts';
import type { Pose2D } from '../../src/math/pose.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { KnownObject, NamedPlace } from '../../src/world/world-model.ts';
import { PlaceTargetInput, resolvePlaceTarget, type PlaceTarget } from '../placing/place-target.ts';
import { shapeHalfExtents } from '../../src/world/shape-bounds.ts';
import { heldObjectPose, holdAsSeen, planPlace } from '../placing/plan-place.ts';
import { armsFor, EffectorInput, type EffectorChoice } from '../arm/effectors.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { heldObject } from '../arm/held-objects.ts';
import { searchLift } from '../arm/lift-search.ts';
import { planGrasp, type GraspPlan } from '../grasping/plan-grasp.ts';
import { readyAbovePreGrasp } from '../arm/reachability.ts';
import { basePose2D, toolInWorld, type FrameOverrides } from '../arm/robot-frames.ts';
import { DOCKING_ERRORS, standOffCandidates } from './reach-standoffs.ts';
import { armSweepHit } from '../arm/arm-sweep.ts';
import type { NavigationMap } from '../../src/world/navigation/navigation-map.ts';
import { planPath } from '../navigation/plan-path.ts';
import { knownObject } from '../../src/skill/known-object.ts';

/** What the robot must reach: an object to grasp (with an effector), or a target to place a held object at. */
export const ReachGoalInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grasp'), object: z.string().min(1), effector: EffectorInput }),
  z.strictObject({ kind: z.literal('place'), object: z.string().min(1), target: PlaceTargetInput }),
]);
/** A parsed `ReachGoalInput`. */
export type ReachGoal =
  | { readonly kind: 'grasp'; readonly object: string; readonly effector: EffectorChoice }
  | { readonly kind: 'place'; readonly object: string; readonly target: PlaceTarget };

/** The planning defaults `grasp` uses, so a reach check agrees with the grasp that follows. */
const GRASP_CHECK = { approachDistanceM: 0.1, liftM: 0.03, maxCandidates: 16 } as const;

/** Where the work is (for ordering stand-offs and lift heights) and a feasibility test for given overrides. */
export function reachProblem(
  ctx: SkillContext,
  goal: ReachGoal,
): { workPoint: Vector3; arm: Arm; feasible: (o: FrameOverrides) => true | undefined } {
  const object = knownObject(ctx.world, goal.object);
  if (goal.kind === 'grasp') {
    const effector = effectorToReachWith(ctx, object, goal.effector);
    const arm = armsFor(ctx.robot, effector)[0]?.arm;
    if (!arm) throw new SkillFailure('no-grasp', `robot '${ctx.robot.id}' has no ${goal.effector} end effector`);
    probeGeometry(ctx, object, effector);
    const feasible = (overrides: FrameOverrides) =>
      attempt(() => {
        const plan = planGrasp(ctx, object, { effector, ...GRASP_CHECK, overrides });
        return armSweepHit(ctx, plan.entry.arm, graspPath(ctx, plan, overrides), overrides, [object.id])
          ? undefined
          : true;
      });
    return { workPoint: object.poseInWorld.position.clone(), arm, feasible };
  }
  const recorded = heldObject(ctx.blackboard, goal.object);
  if (!recorded) throw new SkillFailure('precondition-failed', `'${goal.object}' is not held; grasp it first`);
  const arm = findArm(ctx.robot, recorded.armName)!;
  const hold = holdAsSeen(ctx, arm, recorded);
  const nowPose = heldObjectPose(toolInWorld(ctx, arm), hold);
  const feasible = (overrides: FrameOverrides) =>
    attempt(() => {
      const plan = planPlace(ctx, arm, object, hold, goal.target, nowPose, overrides);
      // Shelf slots' ways in and out come with their sweep checked along the motion the place will make.
      if (plan.frontPath) return true;
      return armSweepHit(ctx, arm, plan.joints, overrides, [object.id]) ? undefined : true;
    });
  // The spot the object goes to (a slot's front part, not its centre), so stand-offs are ordered by the real reach.
  const workPoint = resolvePlaceTarget(
    ctx.world,
    goal.target,
    Math.min(...shapeHalfExtents(object.shape)),
  ).surfacePoint;
  return { workPoint, arm, feasible };
}

/**
 * The joint waypoints a pick moves through: the ready pose above the pre-grasp (`readyAbove`), when the arm
 * reaches one, then pre-grasp, grasp and lift.
 */
export function graspPath(ctx: SkillContext, plan: GraspPlan, overrides: FrameOverrides): number[][] {
  const ready = readyAbovePreGrasp(ctx, plan.entry.arm, plan.preGraspInWorld, plan.joints[0], overrides);
  return ready ? [ready, ...plan.joints] : [...plan.joints];
}

/**
 * The effector a reach search plans for: the one asked for, or for `auto` the one the object suits (catalog
 * `preferredEffector`, else suction for boxes and the gripper for round bodies) when the robot carries it, so the
 * base is placed for the arm that `grasp` will rank first rather than for whichever arm is listed first.
 */
export function effectorToReachWith(ctx: SkillContext, object: KnownObject, choice: EffectorChoice): EffectorChoice {
  if (choice !== 'auto') return choice;
  const hint = (object as { preferredEffector?: unknown }).preferredEffector;
  const preferred =
    hint === 'gripper' || hint === 'suction' ? hint : object.shape.kind === 'box' ? 'suction' : 'gripper';
  return armsFor(ctx.robot, preferred).length > 0 ? preferred : 'auto';
}

/**
 * Fails `no-grasp` at once when the object's geometry allows no grasp for the effector, or every approach
 * corridor is blocked: neither depends on where the base stands, so searching stand-offs would only turn a
 * reason a person can act on ("too big for the gripper") into a vague `unreachable`.
 */
function probeGeometry(ctx: SkillContext, object: KnownObject, effector: EffectorChoice): void {
  try {
    planGrasp(ctx, object, { effector, ...GRASP_CHECK });
  } catch (error) {
    if (error instanceof SkillFailure && error.reason === 'no-grasp') throw error;
    if (!(error instanceof SkillFailure && error.reason === 'unreachable')) throw error;
  }
}

function attempt(fn: () => true | undefined): true | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SkillFailure && (error.reason === 'unreachable' || error.reason === 'no-grasp'))
      return undefined;
    throw error;
  }
}

/** IK checks the search spends at most, so an unreachable goal fails in bounded time. */
const MAX_IK_STAND_OFFS = 16;
/** Lift heights tried per stand-off (nearest the ideal first). */
const LIFT_TRIES = 5;

/** A base pose from which the goal is reachable, the named place it is (if any) and the lift height that works. */
export interface ReachStandOff {
  readonly basePose: Pose2D;
  readonly place?: NamedPlace;
  readonly liftHeightM?: number;
  /** Whether the goal stays in reach with the base a docking error off; false: only at the exact pose (dock tighter). */
  readonly robust: boolean;
}

/**
 * Base stand-offs from which the goal is reachable with some lift height, cheapest first: poses around the work
 * that keep the footprint clear of the navigation map's geometry (and named `base-stand-off` places), each
 * checked for a drivable path from where the base is, then for IK of the whole motion (pre-grasp, grasp, lift;
 * or pre-place, place, retreat) at lift heights chosen for the work's height. Empty when none is.
 */
export function reachableStandOffs(ctx: SkillContext, goal: ReachGoal, limit = 1): ReachStandOff[] {
  const { workPoint, arm, feasible } = reachProblem(ctx, goal);
  const base = ctx.robot.parts.base;
  const map = ctx.services.navigationMap;
  const fromPose = basePose2D(ctx.robot);
  const footprintRadiusM = base?.limits.footprintRadiusM ?? 0;
  const candidates = standOffCandidates(ctx, arm, map, workPoint, {
    footprintRadiusM,
    ...(fromPose ? { fromPose } : {}),
  });
  const found: ReachStandOff[] = [];
  const fragile: ReachStandOff[] = [];
  let checked = 0;
  for (const candidate of candidates) {
    if (found.length >= limit || checked >= MAX_IK_STAND_OFFS) break;
    if (map && fromPose && !drivable(map, fromPose, candidate.basePose, footprintRadiusM)) continue;
    checked += 1;
    const hit = searchLift(ctx, arm, workPoint.z, feasible, {
      basePose: candidate.basePose,
      maxTries: LIFT_TRIES,
    });
    if (!hit) continue;
    const standOff = {
      basePose: candidate.basePose,
      ...(candidate.place ? { place: candidate.place } : {}),
      ...(hit.liftHeightM === undefined ? {} : { liftHeightM: hit.liftHeightM }),
    };
    const robust = robustAt(ctx, standOff, feasible);
    (robust ? found : fragile).push({ ...standOff, robust });
  }
  // A stand-off that only works at its exact pose is better than none.
  return [...found, ...fragile].slice(0, limit);
}

/** Whether the goal stays feasible at the stand-off's lift height with the base a docking error off. */
function robustAt(
  ctx: SkillContext,
  standOff: Omit<ReachStandOff, 'robust'>,
  feasible: (o: FrameOverrides) => true | undefined,
): boolean {
  const lift = ctx.robot.parts.lift;
  const joints =
    lift && standOff.liftHeightM !== undefined ? { joints: { [lift.jointName]: standOff.liftHeightM } } : {};
  return DOCKING_ERRORS.every(({ dxM, dyM, dyawRad }) => {
    const { x, y, yawRad } = standOff.basePose;
    return feasible({ basePose: { x: x + dxM, y: y + dyM, yawRad: yawRad + dyawRad }, ...joints }) === true;
  });
}

function drivable(map: NavigationMap, from: Pose2D, to: Pose2D, footprintRadiusM: number): boolean {
  return planPath(map, { start: new Vector2(from.x, from.y), goal: new Vector2(to.x, to.y), footprintRadiusM }).ok;
}
